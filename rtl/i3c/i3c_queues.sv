// Host queues of the I3C controller in the style of MIPI I3C HCI: command (64-bit descriptors),
// response, TX data, RX data, IBI status and IBI data. Each is a prim_fifo_sync; this block adds
// the flush controls and reports every push into a full queue (overflow) and every pop from an
// empty one (underflow) as a one-cycle pulse, so nothing is lost silently.
module i3c_queues #(
  parameter int unsigned CmdDepth = 8,
  parameter int unsigned RespDepth = 8,
  parameter int unsigned TxDepth = 16,
  parameter int unsigned RxDepth = 16,
  parameter int unsigned IbiDepth = 8,
  parameter int unsigned IbiDataDepth = 16
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // Flushes: {ibi (status and data), rx, tx, resp, cmd}.
  input  logic [4:0]  flush_i,
  // Command queue: host pushes, sequencer pops.
  input  logic        cmd_push_i,
  input  logic [63:0] cmd_wdata_i,
  input  logic        cmd_pop_i,
  output logic [63:0] cmd_rdata_o,
  output logic        cmd_valid_o,
  output logic [7:0]  cmd_count_o,
  // Response queue: sequencer pushes, host pops.
  input  logic        resp_push_i,
  input  logic [31:0] resp_wdata_i,
  input  logic        resp_pop_i,
  output logic [31:0] resp_rdata_o,
  output logic        resp_full_o,
  output logic [7:0]  resp_count_o,
  // TX data: host pushes, sequencer pops.
  input  logic        tx_push_i,
  input  logic [31:0] tx_wdata_i,
  input  logic        tx_pop_i,
  output logic [31:0] tx_rdata_o,
  output logic        tx_valid_o,
  output logic [7:0]  tx_count_o,
  // RX data: sequencer pushes, host pops.
  input  logic        rx_push_i,
  input  logic [31:0] rx_wdata_i,
  input  logic        rx_pop_i,
  output logic [31:0] rx_rdata_o,
  output logic        rx_full_o,
  output logic [7:0]  rx_count_o,
  // IBI status: sequencer pushes, host pops.
  input  logic        ibi_push_i,
  input  logic [31:0] ibi_wdata_i,
  input  logic        ibi_pop_i,
  output logic [31:0] ibi_rdata_o,
  output logic        ibi_full_o,
  output logic [7:0]  ibi_count_o,
  // IBI data: sequencer pushes, host pops.
  input  logic        ibid_push_i,
  input  logic [31:0] ibid_wdata_i,
  input  logic        ibid_pop_i,
  output logic [31:0] ibid_rdata_o,
  output logic        ibid_full_o,
  output logic [7:0]  ibid_count_o,
  // Errors: {ibid_unf, ibi_unf, rx_unf, resp_unf, tx_ovf, cmd_ovf}; internal pushes into a
  // full queue cannot happen (the sequencer waits), they are reported in the same bits.
  output logic [5:0]  err_o
);

  logic cmd_full, cmd_empty, resp_empty, tx_full, tx_empty, rx_empty, ibi_empty, ibid_empty;
  logic [$clog2(CmdDepth+1)-1:0] cmd_cnt;
  logic [$clog2(RespDepth+1)-1:0] resp_cnt;
  logic [$clog2(TxDepth+1)-1:0] tx_cnt;
  logic [$clog2(RxDepth+1)-1:0] rx_cnt;
  logic [$clog2(IbiDepth+1)-1:0] ibi_cnt;
  logic [$clog2(IbiDataDepth+1)-1:0] ibid_cnt;

  prim_fifo_sync #(.Width(64), .Depth(CmdDepth)) u_cmd (
    .clk_i, .rst_ni, .flush_i(flush_i[0]),
    .wvalid_i(cmd_push_i), .wdata_i(cmd_wdata_i), .rready_i(cmd_pop_i),
    .rdata_o(cmd_rdata_o), .full_o(cmd_full), .empty_o(cmd_empty), .count_o(cmd_cnt)
  );
  prim_fifo_sync #(.Width(32), .Depth(RespDepth)) u_resp (
    .clk_i, .rst_ni, .flush_i(flush_i[1]),
    .wvalid_i(resp_push_i), .wdata_i(resp_wdata_i), .rready_i(resp_pop_i),
    .rdata_o(resp_rdata_o), .full_o(resp_full_o), .empty_o(resp_empty), .count_o(resp_cnt)
  );
  prim_fifo_sync #(.Width(32), .Depth(TxDepth)) u_tx (
    .clk_i, .rst_ni, .flush_i(flush_i[2]),
    .wvalid_i(tx_push_i), .wdata_i(tx_wdata_i), .rready_i(tx_pop_i),
    .rdata_o(tx_rdata_o), .full_o(tx_full), .empty_o(tx_empty), .count_o(tx_cnt)
  );
  prim_fifo_sync #(.Width(32), .Depth(RxDepth)) u_rx (
    .clk_i, .rst_ni, .flush_i(flush_i[3]),
    .wvalid_i(rx_push_i), .wdata_i(rx_wdata_i), .rready_i(rx_pop_i),
    .rdata_o(rx_rdata_o), .full_o(rx_full_o), .empty_o(rx_empty), .count_o(rx_cnt)
  );
  prim_fifo_sync #(.Width(32), .Depth(IbiDepth)) u_ibi (
    .clk_i, .rst_ni, .flush_i(flush_i[4]),
    .wvalid_i(ibi_push_i), .wdata_i(ibi_wdata_i), .rready_i(ibi_pop_i),
    .rdata_o(ibi_rdata_o), .full_o(ibi_full_o), .empty_o(ibi_empty), .count_o(ibi_cnt)
  );
  prim_fifo_sync #(.Width(32), .Depth(IbiDataDepth)) u_ibid (
    .clk_i, .rst_ni, .flush_i(flush_i[4]),
    .wvalid_i(ibid_push_i), .wdata_i(ibid_wdata_i), .rready_i(ibid_pop_i),
    .rdata_o(ibid_rdata_o), .full_o(ibid_full_o), .empty_o(ibid_empty), .count_o(ibid_cnt)
  );

  assign cmd_valid_o  = !cmd_empty;
  assign tx_valid_o   = !tx_empty;
  assign cmd_count_o  = 8'(cmd_cnt);
  assign resp_count_o = 8'(resp_cnt);
  assign tx_count_o   = 8'(tx_cnt);
  assign rx_count_o   = 8'(rx_cnt);
  assign ibi_count_o  = 8'(ibi_cnt);
  assign ibid_count_o = 8'(ibid_cnt);

  assign err_o = {
    (ibid_pop_i && ibid_empty) || (ibid_push_i && ibid_full_o),
    (ibi_pop_i && ibi_empty) || (ibi_push_i && ibi_full_o),
    (rx_pop_i && rx_empty) || (rx_push_i && rx_full_o),
    (resp_pop_i && resp_empty) || (resp_push_i && resp_full_o),
    (tx_push_i && tx_full) || (tx_pop_i && tx_empty),
    (cmd_push_i && cmd_full) || (cmd_pop_i && cmd_empty)
  };

endmodule
