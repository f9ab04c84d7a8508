// Host-to-media crossbar: TX_MAP[t] names the host lane feeding slot t; in the interleaved
// modes slot 2m feeds the even and slot 2m+1 the odd symbols of media lane m
// (docs/gearbox.md section 2). Purely combinational.
module gbx_xbar_tx #(
  parameter int unsigned NumMediaLanes = 64,
  parameter int unsigned SymsPerClk = 16,
  localparam int unsigned NumHostLanes = 2 * NumMediaLanes,
  localparam int unsigned IdxW = $clog2(NumHostLanes)
) (
  input  gbx_pkg::gbx_mode_e      mode_i,
  input  logic [IdxW-1:0]         map_i  [NumHostLanes],
  input  logic [2*SymsPerClk-1:0] host_i [NumHostLanes],
  output logic [2*SymsPerClk-1:0] media_o[NumMediaLanes]
);
  localparam int unsigned W = SymsPerClk;

  logic [2*W-1:0] slot[NumHostLanes];

  always_comb begin
    for (int unsigned t = 0; t < NumHostLanes; t++) begin
      slot[t] = host_i[map_i[t]];
    end
  end

  for (genvar m = 0; m < NumMediaLanes; m++) begin : gen_lane
    always_comb begin
      if (mode_i == gbx_pkg::Mode1to1) begin
        media_o[m] = slot[m];
      end else begin
        for (int unsigned j = 0; j < W; j++) begin
          media_o[m][2*j +: 2] = slot[2*m + (j % 2)][2*(j / 2) +: 2];
        end
      end
    end
  end
endmodule
