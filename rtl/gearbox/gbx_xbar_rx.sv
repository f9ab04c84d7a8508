// Media-to-host crossbar: RX_MAP[h] names the slot feeding host lane h; in the interleaved
// modes slot 2m is the even and slot 2m+1 the odd symbols of media lane m, delivered as a
// half-rate word in the low half (docs/gearbox.md section 2). Purely combinational.
module gbx_xbar_rx #(
  parameter int unsigned NumMediaLanes = 64,
  parameter int unsigned SymsPerClk = 16,
  localparam int unsigned NumHostLanes = 2 * NumMediaLanes,
  localparam int unsigned IdxW = $clog2(NumHostLanes)
) (
  input  gbx_pkg::gbx_mode_e      mode_i,
  input  logic [IdxW-1:0]         map_i  [NumHostLanes],
  input  logic [2*SymsPerClk-1:0] media_i[NumMediaLanes],
  output logic [2*SymsPerClk-1:0] host_o [NumHostLanes]
);
  localparam int unsigned W = SymsPerClk;

  logic [2*W-1:0] slot[NumHostLanes];

  for (genvar t = 0; t < NumHostLanes; t++) begin : gen_slot
    logic [W-1:0] half;
    always_comb begin
      for (int unsigned i = 0; i < W / 2; i++) begin
        half[2*i +: 2] = media_i[t / 2][2*(2*i + (t % 2)) +: 2];
      end
    end
    if (t < NumMediaLanes) begin : gen_full
      assign slot[t] = (mode_i == gbx_pkg::Mode1to1) ? media_i[t] : {{W{1'b0}}, half};
    end else begin : gen_half
      assign slot[t] = {{W{1'b0}}, half};
    end
  end

  always_comb begin
    for (int unsigned h = 0; h < NumHostLanes; h++) begin
      host_o[h] = slot[map_i[h]];
    end
  end
endmodule
