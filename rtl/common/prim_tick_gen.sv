// Periodic one-cycle tick: tick_o is high for one clock every Cycles clocks (a time base
// prescaler, e.g. 1 us ticks from the system clock).
module prim_tick_gen #(
  parameter int unsigned Cycles = 25
) (
  input  logic clk_i,
  input  logic rst_ni,
  output logic tick_o
);
  localparam int unsigned CntW = (Cycles > 1) ? $clog2(Cycles) : 1;
  localparam logic [CntW-1:0] Last = CntW'(Cycles - 1);

  logic [CntW-1:0] cnt_q, cnt_d;

  always_comb begin
    tick_o = (cnt_q == Last);
    cnt_d  = tick_o ? '0 : cnt_q + 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
    end else begin
      cnt_q <= cnt_d;
    end
  end

  // Elaboration-time parameter check.
  if (Cycles < 1) begin : gen_bad_cycles
    $error("prim_tick_gen: Cycles must be >= 1");
  end

endmodule
