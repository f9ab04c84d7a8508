// Media-to-host crossbar: RX_MAP[h] names the slot feeding host lane h; in the interleaved
// modes slot 2m is the even and slot 2m+1 the odd symbols of media lane m, delivered as a
// half-rate word in the low half (docs/gearbox.md section 2). Purely combinational.
`include "prim_arrays.svh"

module gbx_xbar_rx #(
  parameter int unsigned NumMediaLanes = 64,
  parameter int unsigned SymsPerClk = 16
) (
  input  logic [1:0] mode_i,
  input  `PRIM_ARRAY_PORT(map_i, $clog2(2 * NumMediaLanes), 2 * NumMediaLanes),
  input  `PRIM_ARRAY_PORT(media_i, 2 * SymsPerClk, NumMediaLanes),
  output `PRIM_ARRAY_PORT(host_o, 2 * SymsPerClk, 2 * NumMediaLanes)
);
  localparam int unsigned W = SymsPerClk;
  localparam int unsigned M = NumMediaLanes;
  localparam int unsigned H = 2 * NumMediaLanes;
  localparam int unsigned IdxW = $clog2(H);

  `PRIM_ARRAY_UNPACK(map_i, map, IdxW, H)
  `PRIM_ARRAY_UNPACK(media_i, media, 2 * W, M)
  `PRIM_ARRAY_PACK(host_o, host, 2 * W, H)

  logic [2*W-1:0] slot[H];

  for (genvar t = 0; t < H; t++) begin : gen_slot
    logic [W-1:0] half;
    always_comb begin
      for (int unsigned i = 0; i < W / 2; i++) begin
        half[2*i +: 2] = media[t / 2][2*(2*i + (t % 2)) +: 2];
      end
    end
    if (t < M) begin : gen_full
      assign slot[t] = (mode_i == gbx_pkg::Mode1to1) ? media[t] : {{W{1'b0}}, half};
    end else begin : gen_half
      assign slot[t] = {{W{1'b0}}, half};
    end
  end

  always_comb begin
    for (int unsigned h = 0; h < H; h++) begin
      host[h] = slot[map[h]];
    end
  end
endmodule
