// APB register block of the I3C controller: control and status, interrupts, queue ports,
// thresholds, timing registers, the device address table (DAT) and the device characteristics
// table (DCT). Register map in docs/i3c_ctrl.md. Zero wait states; PSLVERR on an unmapped
// address, a write to a read-only register, a push into a full queue or a pop from an empty one.
module i3c_regs
#(
  parameter int unsigned NumDevs = 16,
  parameter int unsigned CmdDepth = 8,
  parameter int unsigned RespDepth = 8,
  parameter int unsigned TxDepth = 16,
  parameter int unsigned RxDepth = 16,
  parameter int unsigned IbiDepth = 8,
  parameter int unsigned IbiDataDepth = 16,
  localparam int unsigned IdxW = $clog2(NumDevs)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  // APB slave.
  input  logic [11:0]       paddr_i,
  input  logic              psel_i,
  input  logic              penable_i,
  input  logic              pwrite_i,
  input  logic [31:0]       pwdata_i,
  output logic [31:0]       prdata_o,
  output logic              pready_o,
  output logic              pslverr_o,
  output logic              irq_o,
  // Configuration out.
  output logic              enable_o,
  output logic              hj_accept_o,
  output logic              auto_disec_o,
  output logic              resume_o,
  output logic [7:0]        ibi_max_len_o,
  output i3c_pkg::i3c_timing_t       tim_o,
  output logic [23:0]       t_idle_o,
  output logic [15:0]       t_avail_o,
  output logic [NumDevs*64-1:0] dat_o,
  // DCT write from the sequencer.
  input  logic              dct_we_i,
  input  logic [71:0]       dct_wdata_i,
  // Status in.
  input  logic              busy_i,
  input  logic              halted_i,
  input  logic              held_i,
  input  logic              scl_i,
  input  logic              sda_i,
  input  logic              err_evt_i,
  input  logic              hj_evt_i,
  input  logic              ibi_ovf_i,
  // Queues.
  output logic [4:0]        flush_o,
  output logic              cmd_push_o,
  output logic [63:0]       cmd_wdata_o,
  output logic              resp_pop_o,
  input  logic [31:0]       resp_rdata_i,
  output logic              tx_push_o,
  output logic [31:0]       tx_wdata_o,
  output logic              rx_pop_o,
  input  logic [31:0]       rx_rdata_i,
  output logic              ibi_pop_o,
  input  logic [31:0]       ibi_rdata_i,
  output logic              ibid_pop_o,
  input  logic [31:0]       ibid_rdata_i,
  input  logic [7:0]        cmd_count_i,
  input  logic [7:0]        resp_count_i,
  input  logic [7:0]        tx_count_i,
  input  logic [7:0]        rx_count_i,
  input  logic [7:0]        ibi_count_i,
  input  logic [7:0]        ibid_count_i,
  input  logic [5:0]        q_err_i
);

  // Register offsets.
  localparam logic [11:0] AddrVersion = 12'h000;
  localparam logic [11:0] AddrCtrl = 12'h004;
  localparam logic [11:0] AddrStatus = 12'h008;
  localparam logic [11:0] AddrResetCtrl = 12'h00C;
  localparam logic [11:0] AddrIntrStatus = 12'h010;
  localparam logic [11:0] AddrIntrEnable = 12'h014;
  localparam logic [11:0] AddrQueueErr = 12'h018;
  localparam logic [11:0] AddrQueueThld = 12'h01C;
  localparam logic [11:0] AddrDataThld = 12'h020;
  localparam logic [11:0] AddrQueueSize = 12'h024;
  localparam logic [11:0] AddrDataSize = 12'h028;
  localparam logic [11:0] AddrQueueLevel = 12'h02C;
  localparam logic [11:0] AddrDataLevel = 12'h030;
  localparam logic [11:0] AddrCmdPort = 12'h034;
  localparam logic [11:0] AddrRespPort = 12'h038;
  localparam logic [11:0] AddrDataPort = 12'h03C;
  localparam logic [11:0] AddrIbiPort = 12'h040;
  localparam logic [11:0] AddrIbiDataPort = 12'h044;
  localparam logic [11:0] AddrDctIndex = 12'h048;
  localparam logic [11:0] AddrIbiCfg = 12'h04C;
  localparam logic [11:0] AddrTimOd = 12'h050;
  localparam logic [11:0] AddrTimPp = 12'h054;
  localparam logic [11:0] AddrTimFm = 12'h058;
  localparam logic [11:0] AddrTimFmp = 12'h05C;
  localparam logic [11:0] AddrTimCas = 12'h060;
  localparam logic [11:0] AddrTimBusFree = 12'h064;
  localparam logic [11:0] AddrTimBusAvail = 12'h068;
  localparam logic [11:0] AddrTimBusIdle = 12'h06C;
  localparam logic [11:0] AddrTimTimeout = 12'h070;
  localparam logic [11:0] AddrDatBase = 12'h100;
  localparam logic [11:0] AddrDctBase = 12'h200;

  localparam logic [31:0] Version = 32'h0001_0000;

  // Defaults for a 100 MHz module clock (10 ns per count), see docs/i3c_ctrl.md.
  localparam logic [23:0] RstTimOd = {8'd25, 8'd4, 8'd25};
  localparam logic [23:0] RstTimPp = {8'd1, 8'd4, 8'd4};
  localparam logic [31:0] RstTimFm = {16'd110, 16'd140};
  localparam logic [31:0] RstTimFmp = {16'd45, 16'd55};
  localparam logic [31:0] RstTimCas = {8'd3, 8'd3, 8'd3, 8'd5};
  localparam logic [15:0] RstBusFree = 16'd130;
  localparam logic [15:0] RstBusAvail = 16'd100;
  localparam logic [23:0] RstBusIdle = 24'd20000;
  localparam logic [23:0] RstTimeout = 24'd100000;

  logic access, wr, rd;
  assign access = psel_i && penable_i;
  assign wr     = access && pwrite_i;
  assign rd     = access && !pwrite_i;

  logic [2:0] ctrl_q, ctrl_d;  // {auto_disec, hj_accept, enable}
  logic [10:0] ien_q, ien_d;
  logic xfer_err_q, xfer_err_d, hj_q, hj_d;
  logic [6:0] qerr_q, qerr_d;
  logic [23:0] qthld_q, qthld_d;
  logic [15:0] dthld_q, dthld_d;
  logic [IdxW-1:0] dct_idx_q, dct_idx_d;
  logic [7:0] ibi_cfg_q, ibi_cfg_d;
  logic [23:0] tim_od_q, tim_od_d, tim_pp_q, tim_pp_d;
  logic [31:0] tim_fm_q, tim_fm_d, tim_fmp_q, tim_fmp_d;
  logic [31:0] tim_cas_q, tim_cas_d;
  logic [15:0] bus_free_q, bus_free_d, bus_avail_q, bus_avail_d;
  logic [23:0] bus_idle_q, bus_idle_d, tmo_q, tmo_d;
  logic [31:0] cmd_lo_q, cmd_lo_d;
  logic cmd_half_q, cmd_half_d;
  logic [63:0] dat_q[NumDevs];
  logic [63:0] dat_d[NumDevs];
  logic [71:0] dct_q[NumDevs];
  logic [71:0] dct_d[NumDevs];

  // Address decode of the tables.
  logic in_dat, in_dct;
  logic [IdxW-1:0] dat_sel, dct_sel;
  logic dat_hi;
  logic [1:0] dct_dw;
  assign in_dat  = (paddr_i[11:8] == AddrDatBase[11:8]) && (32'(paddr_i[7:3]) < NumDevs);
  assign in_dct  = (paddr_i[11:8] == AddrDctBase[11:8]) && (32'(paddr_i[7:4]) < NumDevs);
  assign dat_sel = paddr_i[3+:IdxW];
  assign dat_hi  = paddr_i[2];
  assign dct_sel = paddr_i[4+:IdxW];
  assign dct_dw  = paddr_i[3:2];

  // Level interrupt sources.
  function automatic logic at_least(logic [7:0] v, logic [7:0] thld);
    at_least = v >= ((thld == '0) ? 8'd1 : thld);
  endfunction
  logic [10:0] intr;
  always_comb begin
    intr     = '0;
    intr[0]  = at_least(8'(CmdDepth) - cmd_count_i, qthld_q[7:0]);
    intr[1]  = at_least(resp_count_i, qthld_q[15:8]);
    intr[2]  = at_least(8'(TxDepth) - tx_count_i, dthld_q[7:0]);
    intr[3]  = at_least(rx_count_i, dthld_q[15:8]);
    intr[4]  = at_least(ibi_count_i, qthld_q[23:16]);
    intr[8]  = xfer_err_q;
    intr[9]  = (qerr_q != '0);
    intr[10] = hj_q;
  end

  always_comb begin
    ctrl_d      = ctrl_q;
    ien_d       = ien_q;
    xfer_err_d  = xfer_err_q || err_evt_i;
    hj_d        = hj_q || hj_evt_i;
    qerr_d      = qerr_q | {ibi_ovf_i, q_err_i};
    qthld_d     = qthld_q;
    dthld_d     = dthld_q;
    dct_idx_d   = dct_idx_q;
    ibi_cfg_d   = ibi_cfg_q;
    tim_od_d    = tim_od_q;
    tim_pp_d    = tim_pp_q;
    tim_fm_d    = tim_fm_q;
    tim_fmp_d   = tim_fmp_q;
    tim_cas_d   = tim_cas_q;
    bus_free_d  = bus_free_q;
    bus_avail_d = bus_avail_q;
    bus_idle_d  = bus_idle_q;
    tmo_d       = tmo_q;
    cmd_lo_d    = cmd_lo_q;
    cmd_half_d  = cmd_half_q;
    for (int unsigned i = 0; i < NumDevs; i++) begin
      dat_d[i] = dat_q[i];
      dct_d[i] = dct_q[i];
    end
    resume_o    = 1'b0;
    flush_o     = '0;
    cmd_push_o  = 1'b0;
    cmd_wdata_o = {pwdata_i, cmd_lo_q};
    tx_push_o   = 1'b0;
    tx_wdata_o  = pwdata_i;
    resp_pop_o  = 1'b0;
    rx_pop_o    = 1'b0;
    ibi_pop_o   = 1'b0;
    ibid_pop_o  = 1'b0;
    prdata_o    = '0;
    pslverr_o   = 1'b0;

    if (dct_we_i) begin
      dct_d[dct_idx_q] = dct_wdata_i;
      dct_idx_d = (32'(dct_idx_q) == NumDevs - 1) ? '0 : dct_idx_q + IdxW'(1);
    end

    if (wr) begin
      unique case (paddr_i)
        AddrCtrl: begin
          ctrl_d   = pwdata_i[2:0];
          resume_o = pwdata_i[8];
        end
        AddrResetCtrl: begin
          flush_o = pwdata_i[4:0];
          if (pwdata_i[0]) cmd_half_d = 1'b0;
        end
        AddrIntrStatus: begin
          if (pwdata_i[8]) xfer_err_d = err_evt_i;
          if (pwdata_i[10]) hj_d = hj_evt_i;
        end
        AddrIntrEnable: ien_d = pwdata_i[10:0];
        AddrQueueErr: qerr_d = (qerr_q & ~pwdata_i[6:0]) | {ibi_ovf_i, q_err_i};
        AddrQueueThld: qthld_d = pwdata_i[23:0];
        AddrDataThld: dthld_d = pwdata_i[15:0];
        AddrCmdPort: begin
          if (!cmd_half_q) begin
            cmd_lo_d   = pwdata_i;
            cmd_half_d = 1'b1;
          end else begin
            cmd_half_d = 1'b0;
            cmd_push_o = 1'b1;
            if (32'(cmd_count_i) >= CmdDepth) pslverr_o = 1'b1;
          end
        end
        AddrDataPort: begin
          tx_push_o = 1'b1;
          if (32'(tx_count_i) >= TxDepth) pslverr_o = 1'b1;
        end
        AddrDctIndex: dct_idx_d = pwdata_i[IdxW-1:0];
        AddrIbiCfg: ibi_cfg_d = pwdata_i[7:0];
        AddrTimOd: tim_od_d = pwdata_i[23:0];
        AddrTimPp: tim_pp_d = pwdata_i[23:0];
        AddrTimFm: tim_fm_d = pwdata_i;
        AddrTimFmp: tim_fmp_d = pwdata_i;
        AddrTimCas: tim_cas_d = pwdata_i;
        AddrTimBusFree: bus_free_d = pwdata_i[15:0];
        AddrTimBusAvail: bus_avail_d = pwdata_i[15:0];
        AddrTimBusIdle: bus_idle_d = pwdata_i[23:0];
        AddrTimTimeout: tmo_d = pwdata_i[23:0];
        default: begin
          if (in_dat) begin
            if (dat_hi) dat_d[dat_sel][63:32] = pwdata_i;
            else dat_d[dat_sel][31:0] = pwdata_i;
          end else begin
            pslverr_o = 1'b1;
          end
        end
      endcase
    end

    if (rd) begin
      unique case (paddr_i)
        AddrVersion: prdata_o = Version;
        AddrCtrl: prdata_o = {29'd0, ctrl_q};
        AddrStatus: prdata_o = {27'd0, sda_i, scl_i, held_i, halted_i, busy_i};
        AddrResetCtrl: prdata_o = '0;
        AddrIntrStatus: prdata_o = {21'd0, intr};
        AddrIntrEnable: prdata_o = {21'd0, ien_q};
        AddrQueueErr: prdata_o = {25'd0, qerr_q};
        AddrQueueThld: prdata_o = {8'd0, qthld_q};
        AddrDataThld: prdata_o = {16'd0, dthld_q};
        AddrQueueSize: prdata_o = {8'(IbiDataDepth), 8'(IbiDepth), 8'(RespDepth), 8'(CmdDepth)};
        AddrDataSize: prdata_o = {16'd0, 8'(RxDepth), 8'(TxDepth)};
        AddrQueueLevel: prdata_o = {ibid_count_i, ibi_count_i, resp_count_i, cmd_count_i};
        AddrDataLevel: prdata_o = {16'd0, rx_count_i, tx_count_i};
        AddrRespPort: begin
          resp_pop_o = 1'b1;
          prdata_o   = resp_rdata_i;
          if (resp_count_i == '0) pslverr_o = 1'b1;
        end
        AddrDataPort: begin
          rx_pop_o = 1'b1;
          prdata_o = rx_rdata_i;
          if (rx_count_i == '0) pslverr_o = 1'b1;
        end
        AddrIbiPort: begin
          ibi_pop_o = 1'b1;
          prdata_o  = ibi_rdata_i;
          if (ibi_count_i == '0) pslverr_o = 1'b1;
        end
        AddrIbiDataPort: begin
          ibid_pop_o = 1'b1;
          prdata_o   = ibid_rdata_i;
          if (ibid_count_i == '0) pslverr_o = 1'b1;
        end
        AddrDctIndex: prdata_o = 32'(dct_idx_q);
        AddrIbiCfg: prdata_o = {24'd0, ibi_cfg_q};
        AddrTimOd: prdata_o = {8'd0, tim_od_q};
        AddrTimPp: prdata_o = {8'd0, tim_pp_q};
        AddrTimFm: prdata_o = tim_fm_q;
        AddrTimFmp: prdata_o = tim_fmp_q;
        AddrTimCas: prdata_o = tim_cas_q;
        AddrTimBusFree: prdata_o = {16'd0, bus_free_q};
        AddrTimBusAvail: prdata_o = {16'd0, bus_avail_q};
        AddrTimBusIdle: prdata_o = {8'd0, bus_idle_q};
        AddrTimTimeout: prdata_o = {8'd0, tmo_q};
        default: begin
          if (in_dat) begin
            prdata_o = dat_hi ? dat_q[dat_sel][63:32] : dat_q[dat_sel][31:0];
          end else if (in_dct) begin
            unique case (dct_dw)
              2'd0: prdata_o = dct_q[dct_sel][71:40];
              2'd1: prdata_o = {16'd0, dct_q[dct_sel][39:24]};
              2'd2: prdata_o = {16'd0, dct_q[dct_sel][23:8]};
              default: prdata_o = {24'd0, dct_q[dct_sel][7:0]};
            endcase
          end else begin
            pslverr_o = 1'b1;
          end
        end
      endcase
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ctrl_q      <= 3'b100;
      ien_q       <= '0;
      xfer_err_q  <= 1'b0;
      hj_q        <= 1'b0;
      qerr_q      <= '0;
      qthld_q     <= {8'd1, 8'd1, 8'd1};
      dthld_q     <= {8'd1, 8'd1};
      dct_idx_q   <= '0;
      ibi_cfg_q   <= 8'd8;
      tim_od_q    <= RstTimOd;
      tim_pp_q    <= RstTimPp;
      tim_fm_q    <= RstTimFm;
      tim_fmp_q   <= RstTimFmp;
      tim_cas_q   <= RstTimCas;
      bus_free_q  <= RstBusFree;
      bus_avail_q <= RstBusAvail;
      bus_idle_q  <= RstBusIdle;
      tmo_q       <= RstTimeout;
      cmd_lo_q    <= '0;
      cmd_half_q  <= 1'b0;
      for (int unsigned i = 0; i < NumDevs; i++) begin
        dat_q[i] <= '0;
        dct_q[i] <= '0;
      end
    end else begin
      ctrl_q      <= ctrl_d;
      ien_q       <= ien_d;
      xfer_err_q  <= xfer_err_d;
      hj_q        <= hj_d;
      qerr_q      <= qerr_d;
      qthld_q     <= qthld_d;
      dthld_q     <= dthld_d;
      dct_idx_q   <= dct_idx_d;
      ibi_cfg_q   <= ibi_cfg_d;
      tim_od_q    <= tim_od_d;
      tim_pp_q    <= tim_pp_d;
      tim_fm_q    <= tim_fm_d;
      tim_fmp_q   <= tim_fmp_d;
      tim_cas_q   <= tim_cas_d;
      bus_free_q  <= bus_free_d;
      bus_avail_q <= bus_avail_d;
      bus_idle_q  <= bus_idle_d;
      tmo_q       <= tmo_d;
      cmd_lo_q    <= cmd_lo_d;
      cmd_half_q  <= cmd_half_d;
      for (int unsigned i = 0; i < NumDevs; i++) begin
        dat_q[i] <= dat_d[i];
        dct_q[i] <= dct_d[i];
      end
    end
  end

  assign pready_o      = 1'b1;
  assign irq_o         = |(intr & ien_q);
  assign enable_o      = ctrl_q[0];
  assign hj_accept_o   = ctrl_q[1];
  assign auto_disec_o  = ctrl_q[2];
  assign ibi_max_len_o = ibi_cfg_q;
  assign t_idle_o      = bus_idle_q;
  assign t_avail_o     = bus_avail_q;
  always_comb begin
    for (int unsigned i = 0; i < NumDevs; i++) dat_o[64*i+:64] = dat_q[i];
  end

  always_comb begin
    tim_o.low_od    = tim_od_q[7:0];
    tim_o.high_od   = tim_od_q[15:8];
    tim_o.high_init = tim_od_q[23:16];
    tim_o.low_pp    = tim_pp_q[7:0];
    tim_o.high_pp   = tim_pp_q[15:8];
    tim_o.hold      = tim_pp_q[23:16];
    tim_o.low_fm    = tim_fm_q[15:0];
    tim_o.high_fm   = tim_fm_q[31:16];
    tim_o.low_fmp   = tim_fmp_q[15:0];
    tim_o.high_fmp  = tim_fmp_q[31:16];
    tim_o.cas       = tim_cas_q[7:0];
    tim_o.cbp       = tim_cas_q[15:8];
    tim_o.cbsr      = tim_cas_q[23:16];
    tim_o.casr      = tim_cas_q[31:24];
    tim_o.bus_free  = bus_free_q;
    tim_o.timeout   = tmo_q;
  end

endmodule
