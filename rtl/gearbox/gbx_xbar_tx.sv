// Host-to-media crossbar: TX_MAP[t] names the host lane feeding slot t; in the interleaved
// modes slot 2m feeds the even and slot 2m+1 the odd symbols of media lane m
// (docs/gearbox.md section 2). Purely combinational.
`include "prim_arrays.svh"

module gbx_xbar_tx #(
  parameter int unsigned NumMediaLanes = 64,
  parameter int unsigned SymsPerClk = 16
) (
  input  logic [1:0] mode_i,
  input  `PRIM_ARRAY_PORT(map_i, $clog2(2 * NumMediaLanes), 2 * NumMediaLanes),
  input  `PRIM_ARRAY_PORT(host_i, 2 * SymsPerClk, 2 * NumMediaLanes),
  output `PRIM_ARRAY_PORT(media_o, 2 * SymsPerClk, NumMediaLanes)
);
  localparam int unsigned W = SymsPerClk;
  localparam int unsigned M = NumMediaLanes;
  localparam int unsigned H = 2 * NumMediaLanes;
  localparam int unsigned IdxW = $clog2(H);

  `PRIM_ARRAY_UNPACK(map_i, map, IdxW, H)
  `PRIM_ARRAY_UNPACK(host_i, host, 2 * W, H)
  `PRIM_ARRAY_PACK(media_o, media, 2 * W, M)

  logic [2*W-1:0] slot[H];

  always_comb begin
    for (int unsigned t = 0; t < H; t++) begin
      slot[t] = host[map[t]];
    end
  end

  for (genvar m = 0; m < M; m++) begin : gen_lane
    always_comb begin
      if (mode_i == gbx_pkg::Mode1to1) begin
        media[m] = slot[m];
      end else begin
        for (int unsigned j = 0; j < W; j++) begin
          media[m][2*j +: 2] = slot[2*m + (j % 2)][2*(j / 2) +: 2];
        end
      end
    end
  end
endmodule
