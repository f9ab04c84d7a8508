// I3C controller (SDR, with I2C Fm/Fm+ legacy transfers): APB register block with HCI-style
// queues, device address and characteristics tables, a command/CCC/DAA/IBI sequencer, a frame
// layer and a bit-level bus engine. Programming model and bus behaviour: docs/i3c_ctrl.md.
//
// Pins: scl_o is driven push-pull; SDA is driven when sda_oe_o is 1 with value sda_o, and
// sda_pp_o tells whether that drive is a push-pull phase (1) or an open-drain low (0). With
// sda_oe_o = 0 the line is released to the pull-up / high-keeper.
module i3c_ctrl #(
  parameter int unsigned NumDevs = 16,
  parameter int unsigned CmdDepth = 8,
  parameter int unsigned RespDepth = 8,
  parameter int unsigned TxDepth = 16,
  parameter int unsigned RxDepth = 16,
  parameter int unsigned IbiDepth = 8,
  parameter int unsigned IbiDataDepth = 16
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // APB slave.
  input  logic [11:0] paddr_i,
  input  logic        psel_i,
  input  logic        penable_i,
  input  logic        pwrite_i,
  input  logic [31:0] pwdata_i,
  output logic [31:0] prdata_o,
  output logic        pready_o,
  output logic        pslverr_o,
  output logic        irq_o,
  // Bus.
  output logic        scl_o,
  input  logic        scl_i,
  output logic        sda_o,
  output logic        sda_oe_o,
  output logic        sda_pp_o,
  input  logic        sda_i
);

  // Elaboration checks: DEV_INDEX is 5 bits, queue levels are reported in 8 bits.
  if (NumDevs < 2 || NumDevs > 32 || (NumDevs & (NumDevs - 1)) != 0) begin : gen_bad_numdevs
    $error("NumDevs must be a power of two between 2 and 32");
  end
  if (CmdDepth > 255 || RespDepth > 255 || TxDepth > 255 || RxDepth > 255 || IbiDepth > 255 ||
      IbiDataDepth > 255) begin : gen_bad_depth
    $error("queue depths must be below 256");
  end

  logic scl_sync, sda_sync;
  prim_flop_2sync #(.ResetValue(1'b1)) u_sync_scl (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (scl_i),
    .q_o   (scl_sync)
  );
  prim_flop_2sync #(.ResetValue(1'b1)) u_sync_sda (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (sda_i),
    .q_o   (sda_sync)
  );

  // Register block <-> sequencer and queues.
  logic enable, hj_accept, auto_disec, resume, busy, halted, held;
  logic err_evt, hj_evt, ibi_ovf;
  logic [7:0] ibi_max_len;
  i3c_pkg::i3c_timing_t tim;
  logic [23:0] t_idle;
  logic [15:0] t_avail;
  logic [NumDevs*64-1:0] dat;
  logic dct_we;
  logic [71:0] dct_wdata;
  logic [4:0] flush;
  logic cmd_push, cmd_pop, cmd_valid;
  logic [63:0] cmd_wdata, cmd_rdata;
  logic resp_push, resp_pop, resp_full;
  logic [31:0] resp_wdata, resp_rdata;
  logic tx_push, tx_pop, tx_valid;
  logic [31:0] tx_wdata, tx_rdata;
  logic rx_push, rx_pop, rx_full;
  logic [31:0] rx_wdata, rx_rdata;
  logic ibi_push, ibi_pop, ibi_full;
  logic [31:0] ibi_wdata, ibi_rdata;
  logic ibid_push, ibid_pop, ibid_full;
  logic [31:0] ibid_wdata, ibid_rdata;
  logic [7:0] cmd_count, resp_count, tx_count, rx_count, ibi_count, ibid_count;
  logic [5:0] q_err;

  i3c_regs #(
    .NumDevs     (NumDevs),
    .CmdDepth    (CmdDepth),
    .RespDepth   (RespDepth),
    .TxDepth     (TxDepth),
    .RxDepth     (RxDepth),
    .IbiDepth    (IbiDepth),
    .IbiDataDepth(IbiDataDepth)
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
    .irq_o        (irq_o),
    .enable_o     (enable),
    .hj_accept_o  (hj_accept),
    .auto_disec_o (auto_disec),
    .resume_o     (resume),
    .ibi_max_len_o(ibi_max_len),
    .tim_o        (tim),
    .t_idle_o     (t_idle),
    .t_avail_o    (t_avail),
    .dat_o        (dat),
    .dct_we_i     (dct_we),
    .dct_wdata_i  (dct_wdata),
    .busy_i       (busy),
    .halted_i     (halted),
    .held_i       (held),
    .scl_i        (scl_sync),
    .sda_i        (sda_sync),
    .err_evt_i    (err_evt),
    .hj_evt_i     (hj_evt),
    .ibi_ovf_i    (ibi_ovf),
    .flush_o      (flush),
    .cmd_push_o   (cmd_push),
    .cmd_wdata_o  (cmd_wdata),
    .resp_pop_o   (resp_pop),
    .resp_rdata_i (resp_rdata),
    .tx_push_o    (tx_push),
    .tx_wdata_o   (tx_wdata),
    .rx_pop_o     (rx_pop),
    .rx_rdata_i   (rx_rdata),
    .ibi_pop_o    (ibi_pop),
    .ibi_rdata_i  (ibi_rdata),
    .ibid_pop_o   (ibid_pop),
    .ibid_rdata_i (ibid_rdata),
    .cmd_count_i  (cmd_count),
    .resp_count_i (resp_count),
    .tx_count_i   (tx_count),
    .rx_count_i   (rx_count),
    .ibi_count_i  (ibi_count),
    .ibid_count_i (ibid_count),
    .q_err_i      (q_err)
  );

  i3c_queues #(
    .CmdDepth    (CmdDepth),
    .RespDepth   (RespDepth),
    .TxDepth     (TxDepth),
    .RxDepth     (RxDepth),
    .IbiDepth    (IbiDepth),
    .IbiDataDepth(IbiDataDepth)
  ) u_queues (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .flush_i     (flush),
    .cmd_push_i  (cmd_push),
    .cmd_wdata_i (cmd_wdata),
    .cmd_pop_i   (cmd_pop),
    .cmd_rdata_o (cmd_rdata),
    .cmd_valid_o (cmd_valid),
    .cmd_count_o (cmd_count),
    .resp_push_i (resp_push),
    .resp_wdata_i(resp_wdata),
    .resp_pop_i  (resp_pop),
    .resp_rdata_o(resp_rdata),
    .resp_full_o (resp_full),
    .resp_count_o(resp_count),
    .tx_push_i   (tx_push),
    .tx_wdata_i  (tx_wdata),
    .tx_pop_i    (tx_pop),
    .tx_rdata_o  (tx_rdata),
    .tx_valid_o  (tx_valid),
    .tx_count_o  (tx_count),
    .rx_push_i   (rx_push),
    .rx_wdata_i  (rx_wdata),
    .rx_pop_i    (rx_pop),
    .rx_rdata_o  (rx_rdata),
    .rx_full_o   (rx_full),
    .rx_count_o  (rx_count),
    .ibi_push_i  (ibi_push),
    .ibi_wdata_i (ibi_wdata),
    .ibi_pop_i   (ibi_pop),
    .ibi_rdata_o (ibi_rdata),
    .ibi_full_o  (ibi_full),
    .ibi_count_o (ibi_count),
    .ibid_push_i (ibid_push),
    .ibid_wdata_i(ibid_wdata),
    .ibid_pop_i  (ibid_pop),
    .ibid_rdata_o(ibid_rdata),
    .ibid_full_o (ibid_full),
    .ibid_count_o(ibid_count),
    .err_o       (q_err)
  );

  // Sequencer <-> frame layer <-> bit engine.
  logic fr_req, fr_ready, fr_done, fr_ack_en, fr_more, fr_ack;
  logic fr_acked, fr_lost, fr_tbit, fr_stuck, fr_timeout;
  i3c_pkg::i3c_fr_op_e fr_op;
  i3c_pkg::i3c_tmode_e fr_tmode;
  logic [7:0] fr_data, fr_rx;
  logic eng_req, eng_ready, eng_done, eng_rx, eng_stuck, eng_timeout;
  logic eng_bit, eng_drive, eng_pp, eng_tbit, eng_abort;
  i3c_pkg::i3c_eng_op_e eng_op;
  i3c_pkg::i3c_tmode_e eng_tmode;

  i3c_seq #(
    .NumDevs(NumDevs)
  ) u_seq (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .enable_i     (enable),
    .hj_accept_i  (hj_accept),
    .auto_disec_i (auto_disec),
    .resume_i     (resume),
    .ibi_max_len_i(ibi_max_len),
    .t_idle_i     (t_idle),
    .t_avail_i    (t_avail),
    .t_timeout_i  (tim.timeout),
    .halted_o     (halted),
    .busy_o       (busy),
    .held_o       (held),
    .dat_i        (dat),
    .dct_we_o     (dct_we),
    .dct_wdata_o  (dct_wdata),
    .cmd_valid_i  (cmd_valid),
    .cmd_i        (cmd_rdata),
    .cmd_pop_o    (cmd_pop),
    .tx_valid_i   (tx_valid),
    .tx_i         (tx_rdata),
    .tx_pop_o     (tx_pop),
    .rx_full_i    (rx_full),
    .rx_push_o    (rx_push),
    .rx_o         (rx_wdata),
    .resp_full_i  (resp_full),
    .resp_push_o  (resp_push),
    .resp_o       (resp_wdata),
    .ibi_full_i   (ibi_full),
    .ibi_push_o   (ibi_push),
    .ibi_o        (ibi_wdata),
    .ibid_full_i  (ibid_full),
    .ibid_push_o  (ibid_push),
    .ibid_o       (ibid_wdata),
    .ibi_ovf_o    (ibi_ovf),
    .err_evt_o    (err_evt),
    .hj_evt_o     (hj_evt),
    .sda_i        (sda_sync),
    .fr_req_o     (fr_req),
    .fr_op_o      (fr_op),
    .fr_tmode_o   (fr_tmode),
    .fr_data_o    (fr_data),
    .fr_ack_en_o  (fr_ack_en),
    .fr_more_o    (fr_more),
    .fr_ack_o     (fr_ack),
    .fr_ready_i   (fr_ready),
    .fr_done_i    (fr_done),
    .fr_rx_i      (fr_rx),
    .fr_acked_i   (fr_acked),
    .fr_lost_i    (fr_lost),
    .fr_tbit_i    (fr_tbit),
    .fr_stuck_i   (fr_stuck),
    .fr_timeout_i (fr_timeout)
  );

  i3c_frame u_frame (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .req_i        (fr_req),
    .op_i         (fr_op),
    .tmode_i      (fr_tmode),
    .data_i       (fr_data),
    .ack_en_i     (fr_ack_en),
    .more_i       (fr_more),
    .ack_i        (fr_ack),
    .ready_o      (fr_ready),
    .done_o       (fr_done),
    .rx_o         (fr_rx),
    .acked_o      (fr_acked),
    .lost_o       (fr_lost),
    .tbit_o       (fr_tbit),
    .err_stuck_o  (fr_stuck),
    .err_timeout_o(fr_timeout),
    .eng_req_o    (eng_req),
    .eng_op_o     (eng_op),
    .eng_tmode_o  (eng_tmode),
    .eng_bit_o    (eng_bit),
    .eng_drive_o  (eng_drive),
    .eng_pp_o     (eng_pp),
    .eng_tbit_o   (eng_tbit),
    .eng_abort_o  (eng_abort),
    .eng_ready_i  (eng_ready),
    .eng_done_i   (eng_done),
    .eng_rx_i     (eng_rx),
    .eng_stuck_i  (eng_stuck),
    .eng_timeout_i(eng_timeout)
  );

  i3c_bit_engine u_engine (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .tim_i        (tim),
    .req_i        (eng_req),
    .op_i         (eng_op),
    .tmode_i      (eng_tmode),
    .bit_i        (eng_bit),
    .drive_i      (eng_drive),
    .pp_i         (eng_pp),
    .tbit_i       (eng_tbit),
    .abort_i      (eng_abort),
    .ready_o      (eng_ready),
    .done_o       (eng_done),
    .rx_o         (eng_rx),
    .err_stuck_o  (eng_stuck),
    .err_timeout_o(eng_timeout),
    .scl_i        (scl_sync),
    .sda_i        (sda_sync),
    .scl_o        (scl_o),
    .sda_o        (sda_o),
    .sda_oe_o     (sda_oe_o),
    .sda_pp_o     (sda_pp_o)
  );

endmodule
