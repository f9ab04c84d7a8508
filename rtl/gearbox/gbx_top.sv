// Lane-muxing gearbox between the host lanes and the media lanes of an XPO module
// (docs/gearbox.md): crossbar with 1:1, 2:1 and 1:2 symbol interleave, per-lane Gray,
// PRBS13Q/31Q, precoder, polarity and skew, in both directions, configured over APB.
module gbx_top #(
  parameter int unsigned NumMediaLanes = 64,
  parameter int unsigned SymsPerClk = 16,
  localparam int unsigned NumHostLanes = 2 * NumMediaLanes
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // APB3 register port
  input  logic [10:0]             paddr_i,
  input  logic                    psel_i,
  input  logic                    penable_i,
  input  logic                    pwrite_i,
  input  logic [31:0]             pwdata_i,
  output logic [31:0]             prdata_o,
  output logic                    pready_o,
  output logic                    pslverr_o,
  // lanes: symbol k of a word in bits [2k+1:2k], k = 0 first
  input  logic [2*SymsPerClk-1:0] host_tx_i [NumHostLanes],
  output logic [2*SymsPerClk-1:0] media_tx_o[NumMediaLanes],
  input  logic [2*SymsPerClk-1:0] media_rx_i[NumMediaLanes],
  output logic [2*SymsPerClk-1:0] host_rx_o [NumHostLanes]
);
  import gbx_pkg::*;
  localparam int unsigned M = NumMediaLanes;
  localparam int unsigned H = NumHostLanes;
  localparam int unsigned W = SymsPerClk;
  localparam int unsigned IdxW = $clog2(H);

  // Elaboration checks of the parameters (docs/gearbox.md section 1).
  if (M < 2 || M > 64 || (M & (M - 1)) != 0) begin : gen_bad_lanes
    $error("NumMediaLanes must be a power of two in 2..64");
  end
  if (W < 2 || W > 32 || W % 2 != 0) begin : gen_bad_width
    $error("SymsPerClk must be even, 2..32");
  end

  gbx_mode_e sh_mode, mode;
  logic [6:0] sh_tx_map[H], sh_rx_map[H];
  logic [IdxW-1:0] tx_map[H], rx_map[H];
  gbx_lane_cfg_t sh_tx_lane[M], sh_rx_lane[M], tx_lane[M], rx_lane[M];
  logic apply, busy, flush, squelch, squelched, refuse;
  gbx_err_info_t err_info;
  logic [M-1:0] chk_clear, lock;
  logic [31:0] count[M];

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
    .tx_map_o     (sh_tx_map),
    .rx_map_o     (sh_rx_map),
    .tx_lane_o    (sh_tx_lane),
    .rx_lane_o    (sh_rx_lane),
    .apply_o      (apply),
    .chk_clear_o  (chk_clear),
    .busy_i       (busy),
    .squelched_i  (squelched),
    .refuse_i     (refuse),
    .err_info_i   (err_info),
    .active_mode_i(mode),
    .lock_i       (lock),
    .count_i      (count)
  );

  gbx_cfg #(
    .NumMediaLanes(M),
    .SymsPerClk   (W)
  ) u_cfg (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .mode_i     (sh_mode),
    .tx_map_i   (sh_tx_map),
    .rx_map_i   (sh_rx_map),
    .tx_lane_i  (sh_tx_lane),
    .rx_lane_i  (sh_rx_lane),
    .apply_i    (apply),
    .mode_o     (mode),
    .tx_map_o   (tx_map),
    .rx_map_o   (rx_map),
    .tx_lane_o  (tx_lane),
    .rx_lane_o  (rx_lane),
    .busy_o     (busy),
    .flush_o    (flush),
    .squelch_o  (squelch),
    .squelched_o(squelched),
    .refuse_o   (refuse),
    .err_info_o (err_info)
  );

  // Host to media.
  logic [2*W-1:0] tx_x[M];

  gbx_xbar_tx #(
    .NumMediaLanes(M),
    .SymsPerClk   (W)
  ) u_xbar_tx (
    .mode_i (mode),
    .map_i  (tx_map),
    .host_i (host_tx_i),
    .media_o(tx_x)
  );

  for (genvar m = 0; m < M; m++) begin : gen_tx_lane
    // In 1:2 only the first M/2 media lanes carry slots.
    logic unused_lane;
    assign unused_lane = (mode == Mode1to2) && (m >= M / 2);

    gbx_tx_lane #(
      .SymsPerClk(W)
    ) u_lane (
      .clk_i    (clk_i),
      .rst_ni   (rst_ni),
      .cfg_i    (tx_lane[m]),
      .flush_i  (flush),
      .squelch_i(squelch || unused_lane),
      .word_i   (tx_x[m]),
      .word_o   (media_tx_o[m])
    );
  end

  // Media to host.
  logic [2*W-1:0] rx_z[M];
  logic [2*W-1:0] rx_host[H];
  logic [2*W-1:0] host_rx_q[H], host_rx_d[H];

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
      .word_i     (media_rx_i[m]),
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
    .map_i  (rx_map),
    .media_i(rx_z),
    .host_o (rx_host)
  );

  always_comb begin
    logic [IdxW:0] n_host;
    n_host = (mode == Mode2to1) ? (IdxW + 1)'(H) : (IdxW + 1)'(M);
    for (int unsigned h = 0; h < H; h++) begin
      host_rx_d[h] = (squelch || (IdxW + 1)'(h) >= n_host) ? '0 : rx_host[h];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      host_rx_q <= '{default: '0};
    end else begin
      host_rx_q <= host_rx_d;
    end
  end

  assign host_rx_o = host_rx_q;
endmodule
