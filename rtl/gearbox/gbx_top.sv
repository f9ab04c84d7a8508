// Lane-muxing gearbox between the host lanes and the media lanes of an XPO module
// (docs/gearbox.md): crossbar with 1:1, 2:1 and 1:2 symbol interleave, per-lane Gray,
// PRBS13Q/31Q, precoder, polarity and skew, in both directions, configured over APB.
`include "prim_arrays.svh"

module gbx_top #(
  parameter int unsigned NumMediaLanes = 64,
  parameter int unsigned SymsPerClk = 16
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // APB3 register port
  input  logic [10:0] paddr_i,
  input  logic        psel_i,
  input  logic        penable_i,
  input  logic        pwrite_i,
  input  logic [31:0] pwdata_i,
  output logic [31:0] prdata_o,
  output logic        pready_o,
  output logic        pslverr_o,
  // lanes: symbol k of a word in bits [2k+1:2k], k = 0 first
  input  `PRIM_ARRAY_PORT(host_tx_i, 2 * SymsPerClk, 2 * NumMediaLanes),
  output `PRIM_ARRAY_PORT(media_tx_o, 2 * SymsPerClk, NumMediaLanes),
  input  `PRIM_ARRAY_PORT(media_rx_i, 2 * SymsPerClk, NumMediaLanes),
  output `PRIM_ARRAY_PORT(host_rx_o, 2 * SymsPerClk, 2 * NumMediaLanes)
);
  localparam int unsigned M = NumMediaLanes;
  localparam int unsigned H = 2 * NumMediaLanes;
  localparam int unsigned W = SymsPerClk;
  localparam int unsigned IdxW = $clog2(H);
  localparam int unsigned CfgW = gbx_pkg::LaneCfgW;

`ifndef SYNTHESIS
  // Elaboration checks of the parameters (docs/gearbox.md section 1).
  if (M < 2 || M > 64 || (M & (M - 1)) != 0) begin : gen_bad_lanes
    $error("NumMediaLanes must be a power of two in 2..64");
  end
  if (W < 2 || W > 32 || W % 2 != 0) begin : gen_bad_width
    $error("SymsPerClk must be even, 2..32");
  end
`endif

  `PRIM_ARRAY_PACK(media_tx_o, media_tx, 2 * W, M)
  `PRIM_ARRAY_PACK(host_rx_o, host_rx_q, 2 * W, H)

  logic [1:0] sh_mode, mode;
  logic apply, busy, flush, squelch, squelched, refuse;
  logic [gbx_pkg::ErrInfoW-1:0] err_info;
  logic [M-1:0] chk_clear, lock;

  // Between submodules the arrays travel as the ports declare them.
  `PRIM_ARRAY_PORT(sh_tx_map_a, 7, H);
  `PRIM_ARRAY_PORT(sh_rx_map_a, 7, H);
  `PRIM_ARRAY_PORT(sh_tx_lane_a, CfgW, M);
  `PRIM_ARRAY_PORT(sh_rx_lane_a, CfgW, M);
  `PRIM_ARRAY_PORT(tx_map_a, IdxW, H);
  `PRIM_ARRAY_PORT(rx_map_a, IdxW, H);
  `PRIM_ARRAY_PORT(tx_lane_a, CfgW, M);
  `PRIM_ARRAY_PORT(rx_lane_a, CfgW, M);
  `PRIM_ARRAY_PORT(count_a, 32, M);
  `PRIM_ARRAY_PORT(tx_x_a, 2 * W, M);
  `PRIM_ARRAY_PORT(rx_z_a, 2 * W, M);
  `PRIM_ARRAY_PORT(rx_host_a, 2 * W, H);

  `PRIM_ARRAY_UNPACK(tx_lane_a, tx_lane, CfgW, M)
  `PRIM_ARRAY_UNPACK(rx_lane_a, rx_lane, CfgW, M)
  `PRIM_ARRAY_UNPACK(tx_x_a, tx_x, 2 * W, M)
  `PRIM_ARRAY_UNPACK(media_rx_i, media_rx, 2 * W, M)
  `PRIM_ARRAY_PACK(rx_z_a, rx_z, 2 * W, M)
  `PRIM_ARRAY_PACK(count_a, count, 32, M)
  `PRIM_ARRAY_UNPACK(rx_host_a, rx_host, 2 * W, H)

  gbx_regs #(
    .NumMediaLanes(M),
    .SymsPerClk   (W)
  ) u_regs (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .paddr_i      (paddr_i),
    .psel_i       (psel_i),
    .penable_i    (penable_i),
    .pwrite_i     (pwrite_i),
    .pwdata_i     (pwdata_i),
    .prdata_o     (prdata_o),
    .pready_o     (pready_o),
    .pslverr_o    (pslverr_o),
    .mode_o       (sh_mode),
    .tx_map_o     (sh_tx_map_a),
    .rx_map_o     (sh_rx_map_a),
    .tx_lane_o    (sh_tx_lane_a),
    .rx_lane_o    (sh_rx_lane_a),
    .apply_o      (apply),
    .chk_clear_o  (chk_clear),
    .busy_i       (busy),
    .squelched_i  (squelched),
    .refuse_i     (refuse),
    .err_info_i   (err_info),
    .active_mode_i(mode),
    .lock_i       (lock),
    .count_i      (count_a)
  );

  gbx_cfg #(
    .NumMediaLanes(M),
    .SymsPerClk   (W)
  ) u_cfg (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .mode_i     (sh_mode),
    .tx_map_i   (sh_tx_map_a),
    .rx_map_i   (sh_rx_map_a),
    .tx_lane_i  (sh_tx_lane_a),
    .rx_lane_i  (sh_rx_lane_a),
    .apply_i    (apply),
    .mode_o     (mode),
    .tx_map_o   (tx_map_a),
    .rx_map_o   (rx_map_a),
    .tx_lane_o  (tx_lane_a),
    .rx_lane_o  (rx_lane_a),
    .busy_o     (busy),
    .flush_o    (flush),
    .squelch_o  (squelch),
    .squelched_o(squelched),
    .refuse_o   (refuse),
    .err_info_o (err_info)
  );

  // Host to media.
  gbx_xbar_tx #(
    .NumMediaLanes(M),
    .SymsPerClk   (W)
  ) u_xbar_tx (
    .mode_i (mode),
    .map_i  (tx_map_a),
    .host_i (host_tx_i),
    .media_o(tx_x_a)
  );

  for (genvar m = 0; m < M; m++) begin : gen_tx_lane
    // In 1:2 only the first M/2 media lanes carry slots.
    logic unused_lane;
    assign unused_lane = (mode == gbx_pkg::Mode1to2) && (m >= M / 2);

    gbx_tx_lane #(
      .SymsPerClk(W)
    ) u_lane (
      .clk_i    (clk_i),
      .rst_ni   (rst_ni),
      .cfg_i    (tx_lane[m]),
      .flush_i  (flush),
      .squelch_i(squelch || unused_lane),
      .word_i   (tx_x[m]),
      .word_o   (media_tx[m])
    );
  end

  // Media to host.
  for (genvar m = 0; m < M; m++) begin : gen_rx_lane
    gbx_rx_lane #(
      .SymsPerClk(W)
    ) u_lane (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .cfg_i      (rx_lane[m]),
      .flush_i    (flush),
      .hold_chk_i (squelch),
      .clear_cnt_i(chk_clear[m]),
      .word_i     (media_rx[m]),
      .word_o     (rx_z[m]),
      .lock_o     (lock[m]),
      .count_o    (count[m])
    );
  end

  gbx_xbar_rx #(
    .NumMediaLanes(M),
    .SymsPerClk   (W)
  ) u_xbar_rx (
    .mode_i (mode),
    .map_i  (rx_map_a),
    .media_i(rx_z_a),
    .host_o (rx_host_a)
  );

  // Output register of the host side; host lanes beyond the mode's count stay 0.
  for (genvar h = 0; h < H; h++) begin : gen_host_rx_q
    logic used;
    logic [2*W-1:0] d;
    assign used = (mode == gbx_pkg::Mode2to1) || (h < M);
    assign d = (squelch || !used) ? '0 : rx_host[h];
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        host_rx_q[h] <= '0;
      end else begin
        host_rx_q[h] <= d;
      end
    end
  end
endmodule
