// Lane crossbar with a programmable lane map: output lane i registers input lane map_q[i], as a
// gearbox lane-swap stage does. The harness benchmark's wide DUT: 64 x 32-bit lanes in and out
// every cycle, kept as unpacked arrays so each lane is one word in the Verilated model.
module bench_lane_map #(
  parameter int unsigned NumLanes  = 64,
  parameter int unsigned LaneWidth = 32,
  parameter int unsigned IdxWidth  = $clog2(NumLanes)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // Loads map_i into the lane map at the next rising edge.
  input  logic                 map_we_i,
  input  logic [IdxWidth-1:0]  map_i   [NumLanes],
  input  logic [LaneWidth-1:0] lanes_i [NumLanes],
  output logic [LaneWidth-1:0] lanes_o [NumLanes]
);
  logic [IdxWidth-1:0]  map_d   [NumLanes];
  logic [IdxWidth-1:0]  map_q   [NumLanes];
  logic [LaneWidth-1:0] lanes_d [NumLanes];
  logic [LaneWidth-1:0] lanes_q [NumLanes];

  always_comb begin
    map_d = map_q;
    if (map_we_i) begin
      map_d = map_i;
    end
  end

  // NumLanes is a power of two (checked below), so every map entry selects an existing lane.
  always_comb begin
    for (int unsigned i = 0; i < NumLanes; i++) begin
      lanes_d[i] = lanes_i[map_q[i]];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int unsigned i = 0; i < NumLanes; i++) begin
        map_q[i]   <= IdxWidth'(i);
        lanes_q[i] <= '0;
      end
    end else begin
      map_q   <= map_d;
      lanes_q <= lanes_d;
    end
  end

  assign lanes_o = lanes_q;

  if (NumLanes != (1 << IdxWidth)) begin : gen_num_lanes_check
    $error("NumLanes must be a power of two");
  end
endmodule
