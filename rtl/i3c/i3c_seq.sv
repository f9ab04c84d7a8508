// Command, CCC, dynamic-address and in-band-interrupt sequencer of the I3C controller.
//
// Executes HCI-style command descriptors (regular, immediate, address assignment, combo) from
// the command queue as frames on the bus, moves data between the TX/RX queues and the bus,
// writes response descriptors, runs ENTDAA and SETDASA for a run of device table entries, and
// serves in-band interrupts, Hot-Join and controller-role requests (MIPI I3C Basic "In-Band
// Interrupt", "Hot-Join Mechanism"), with automatic DISEC for rejected sources.
//
// Framing (MIPI I3C Basic "SDR Message" and "CCC"):
//   private I3C : S 7E/W A Sr Addr/RnW A data...            (Sr Addr/RnW ... when the bus is held)
//   broadcast   : S 7E/W A CCC T [DB T] [data T ...]
//   direct CCC  : S 7E/W A CCC T [DB T] Sr Addr/RnW A data...
//   I2C         : S Addr/RnW A data A ...                   (Sr Addr/RnW ... when held)
//   ENTDAA      : S 7E/W A ENTDAA T { Sr 7E/R A PID BCR DCR DA+par A }* P
// The first header after a START is sent open drain with the long first-broadcast SCL high
// period; a target that wins arbitration there is served as an IBI / Hot-Join / CR request and
// the command is retried afterwards.
module i3c_seq
#(
  parameter int unsigned NumDevs = 16,
  localparam int unsigned IdxW = $clog2(NumDevs)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  // Configuration.
  input  logic              enable_i,
  input  logic              hj_accept_i,
  input  logic              auto_disec_i,
  input  logic              resume_i,
  input  logic [7:0]        ibi_max_len_i,
  input  logic [23:0]       t_idle_i,
  input  logic [15:0]       t_avail_i,
  input  logic [23:0]       t_timeout_i,
  output logic              halted_o,
  output logic              busy_o,
  output logic              held_o,
  // Device address table, one 64-bit entry per device.
  input  logic [NumDevs*64-1:0] dat_i,
  // Device characteristics table write (the register block keeps the write index).
  output logic              dct_we_o,
  output logic [71:0]       dct_wdata_o,  // {PID[47:0], BCR, DCR, dynamic address}
  // Queues.
  input  logic              cmd_valid_i,
  input  logic [63:0]       cmd_i,
  output logic              cmd_pop_o,
  input  logic              tx_valid_i,
  input  logic [31:0]       tx_i,
  output logic              tx_pop_o,
  input  logic              rx_full_i,
  output logic              rx_push_o,
  output logic [31:0]       rx_o,
  input  logic              resp_full_i,
  output logic              resp_push_o,
  output logic [31:0]       resp_o,
  input  logic              ibi_full_i,
  output logic              ibi_push_o,
  output logic [31:0]       ibi_o,
  input  logic              ibid_full_i,
  output logic              ibid_push_o,
  output logic [31:0]       ibid_o,
  output logic              ibi_ovf_o,     // an IBI was NACKed because the IBI queue was full
  output logic              err_evt_o,     // an error response was produced
  output logic              hj_evt_o,      // a Hot-Join request was seen
  // Synchronized bus inputs (request detection).
  input  logic              sda_i,
  // Frame layer.
  output logic              fr_req_o,
  output i3c_pkg::i3c_fr_op_e        fr_op_o,
  output i3c_pkg::i3c_tmode_e        fr_tmode_o,
  output logic [7:0]        fr_data_o,
  output logic              fr_ack_en_o,
  output logic              fr_more_o,
  output logic              fr_ack_o,
  input  logic              fr_ready_i,
  input  logic              fr_done_i,
  input  logic [7:0]        fr_rx_i,
  input  logic              fr_acked_i,
  input  logic              fr_lost_i,
  input  logic              fr_tbit_i,
  input  logic              fr_stuck_i,
  input  logic              fr_timeout_i
);

  typedef enum logic [5:0] {
    SsOff,
    SsIdleWait,
    SsIdle,
    SsDecode,
    SsStart,
    SsSrB,
    SsBcast,
    SsCcc,
    SsDefByte,
    SsSr,
    SsAddr,
    SsOffset,
    SsSr2,
    SsAddr2,
    SsWrFetch,
    SsWr,
    SsRd,
    SsRdPush,
    SsEnd,
    SsStop,
    SsResp,
    SsDaaSr,
    SsDaaHdr,
    SsDaaPid,
    SsDaaAddr,
    SsDasaSr,
    SsDasaAddr,
    SsDasaData,
    SsIbiStart,
    SsIbiHdr,
    SsIbiDecide,
    SsIbiAck,
    SsIbiRd,
    SsIbiPush,
    SsIbiStop,
    SsIbiStatus,
    SsDisSr,
    SsDisHdr,
    SsDisCcc,
    SsDisSr2,
    SsDisAddr,
    SsDisData,
    SsErrStop,
    SsRecover
  } i3c_seq_state_e;

  typedef enum logic [2:0] {
    KPriv,
    KCcc,
    KDaa,
    KDasa,
    KCombo
  } i3c_kind_e;

  i3c_seq_state_e st_q, st_d;
  i3c_kind_e kind_q, kind_d;
  logic wait_q, wait_d;         // a frame operation is in flight
  logic pend_q, pend_d;         // a command is fetched and not yet finished
  logic held_q, held_d;         // the previous command ended without STOP (bus still ours)
  logic halted_q, halted_d;
  logic [3:0] tid_q, tid_d;
  logic [7:0] ccc_q, ccc_d, db_q, db_d;
  logic dbp_q, dbp_d, rnw_q, rnw_d, toc_q, toc_d, roc_q, roc_d, i2c_q, i2c_d, fmp_q, fmp_d;
  logic imm_q, imm_d, off16_q, off16_d;
  logic [31:0] immw_q, immw_d;
  logic [15:0] len_q, len_d, cnt_q, cnt_d, off_q, off_d;
  logic [IdxW-1:0] idx_q, idx_d;
  logic [3:0] rem_q, rem_d;
  logic [6:0] addr_q, addr_d;
  logic [3:0] err_q, err_d;
  logic [3:0] k_q, k_d;         // byte counter inside a sequence (PID, offset, recovery)
  logic [1:0] retry_q, retry_d;
  logic [63:0] pid_q, pid_d;    // PID, BCR, DCR as received during ENTDAA
  logic [31:0] word_q, word_d;  // TX word being sent or RX/IBI word being filled
  logic [1:0] bpos_q, bpos_d;   // byte position inside word_q
  logic have_q, have_d;         // word_q holds TX data
  logic [23:0] tcnt_q, tcnt_d;  // idle, availability and TX-wait timers
  // IBI bookkeeping.
  logic [7:0] ihdr_q, ihdr_d;
  logic [7:0] ilen_q, ilen_d, imax_q, imax_d;
  logic [IdxW-1:0] iidx_q, iidx_d;
  logic iack_q, iack_d, ihj_q, ihj_d, icr_q, icr_d, ipay_q, ipay_d, ibc_q, ibc_d;
  logic [7:0] ievt_q, ievt_d;
  logic idisec_q, idisec_d, istat_q, istat_d;
  logic stuck_q, stuck_d;       // SDA was found stuck low: no START requests until it is high

  logic [63:0] dat[NumDevs];
  always_comb begin
    for (int unsigned i = 0; i < NumDevs; i++) dat[i] = dat_i[64*i+:64];
  end

  // Addresses of the DAT entry selected by idx_q.
  logic [6:0] sel_static, sel_dyn;
  assign sel_static = dat[idx_q][6:0];
  assign sel_dyn    = dat[idx_q][22:16];

  // Decoded command fields.
  logic [2:0] c_attr;
  logic [3:0] c_tid;
  logic [7:0] c_cmd;
  logic c_cp, c_rnw, c_roc, c_toc, c_dbp, c_off16;
  logic [4:0] c_idx;
  logic [2:0] c_mode, c_dtt;
  logic [3:0] c_cnt;
  logic [31:0] c_w1;
  assign c_attr  = cmd_i[2:0];
  assign c_tid   = cmd_i[6:3];
  assign c_cmd   = cmd_i[14:7];
  assign c_cp    = cmd_i[15];
  assign c_idx   = cmd_i[20:16];
  assign c_dtt   = cmd_i[25:23];
  assign c_dbp   = cmd_i[25];
  assign c_off16 = cmd_i[25];
  assign c_mode  = cmd_i[28:26];
  assign c_rnw   = cmd_i[29];
  assign c_roc   = cmd_i[30];
  assign c_toc   = cmd_i[31];
  assign c_cnt   = cmd_i[29:26];
  assign c_w1    = cmd_i[63:32];

  // Checks of a run of DAT entries for address assignment.
  logic run_bad_idx, run_bad_addr;
  always_comb begin
    run_bad_idx  = ({1'b0, c_idx} + {2'b0, c_cnt} > 6'(NumDevs)) || (c_cnt == '0);
    run_bad_addr = 1'b0;
    for (int unsigned i = 0; i < NumDevs; i++) begin
      if (i >= 32'(c_idx) && i < 32'(c_idx) + 32'(c_cnt)) begin
        if (i3c_pkg::is_reserved_addr(dat[i][22:16])) run_bad_addr = 1'b1;
      end
    end
  end

  // DAT search for an IBI header address.
  logic ibi_found;
  logic [IdxW-1:0] ibi_idx;
  always_comb begin
    ibi_found = 1'b0;
    ibi_idx   = '0;
    for (int unsigned i = 0; i < NumDevs; i++) begin
      if (!ibi_found && !dat[i][31] && dat[i][22:16] == ihdr_q[7:1]) begin
        ibi_found = 1'b1;
        ibi_idx   = IdxW'(i);
      end
    end
  end

  i3c_pkg::i3c_tmode_e data_tm, addr_tm;
  assign data_tm = i2c_q ? (fmp_q ? i3c_pkg::TmFmp : i3c_pkg::TmFm) : i3c_pkg::TmPp;
  assign addr_tm = i2c_q ? (fmp_q ? i3c_pkg::TmFmp : i3c_pkg::TmFm) : i3c_pkg::TmOd;

  // Next byte of write data (immediate bytes or the current TX word).
  logic [7:0] wr_byte;
  assign wr_byte = imm_q ? immw_q[8*cnt_q[1:0]+:8] : word_q[8*bpos_q+:8];

  logic use_static;
  assign use_static = i2c_q || (kind_q == KCcc && ccc_q == i3c_pkg::CccSetdasa);

  logic [7:0] ibi_max_eff;
  assign ibi_max_eff = (dat[iidx_q][39:32] != '0) ? dat[iidx_q][39:32] : ibi_max_len_i;

  always_comb begin
    st_d       = st_q;
    kind_d     = kind_q;
    wait_d     = wait_q;
    pend_d     = pend_q;
    held_d     = held_q;
    halted_d   = halted_q;
    tid_d      = tid_q;
    ccc_d      = ccc_q;
    db_d       = db_q;
    dbp_d      = dbp_q;
    rnw_d      = rnw_q;
    toc_d      = toc_q;
    roc_d      = roc_q;
    i2c_d      = i2c_q;
    fmp_d      = fmp_q;
    imm_d      = imm_q;
    off16_d    = off16_q;
    immw_d     = immw_q;
    len_d      = len_q;
    cnt_d      = cnt_q;
    off_d      = off_q;
    idx_d      = idx_q;
    rem_d      = rem_q;
    addr_d     = addr_q;
    err_d      = err_q;
    k_d        = k_q;
    retry_d    = retry_q;
    pid_d      = pid_q;
    word_d     = word_q;
    bpos_d     = bpos_q;
    have_d     = have_q;
    tcnt_d     = (tcnt_q != '1) ? tcnt_q + 24'd1 : tcnt_q;
    ihdr_d     = ihdr_q;
    ilen_d     = ilen_q;
    imax_d     = imax_q;
    iidx_d     = iidx_q;
    iack_d     = iack_q;
    ihj_d      = ihj_q;
    icr_d      = icr_q;
    ipay_d     = ipay_q;
    ibc_d      = ibc_q;
    ievt_d     = ievt_q;
    idisec_d   = idisec_q;
    istat_d    = istat_q;
    stuck_d    = stuck_q;

    cmd_pop_o   = 1'b0;
    tx_pop_o    = 1'b0;
    rx_push_o   = 1'b0;
    rx_o        = word_q;
    resp_push_o = 1'b0;
    resp_o      = {err_q, tid_q, 8'd0, cnt_q};
    ibi_push_o  = 1'b0;
    ibi_o       = {!iack_q, 1'b0, ihj_q, icr_q, 7'd0, 5'(iidx_q), ihdr_q, ilen_q};
    ibid_push_o = 1'b0;
    ibid_o      = word_q;
    ibi_ovf_o   = 1'b0;
    err_evt_o   = 1'b0;
    hj_evt_o    = 1'b0;
    dct_we_o    = 1'b0;
    dct_wdata_o = {pid_q, 1'b0, addr_q};

    // Frame request of the current state.
    fr_req_o    = 1'b0;
    fr_op_o     = i3c_pkg::FrStop;
    fr_tmode_o  = i3c_pkg::TmOd;
    fr_data_o   = 8'hFF;
    fr_ack_en_o = 1'b0;
    fr_more_o   = 1'b0;
    fr_ack_o    = 1'b0;

    if (resume_i) halted_d = 1'b0;

    unique case (st_q)
      SsStart, SsIbiStart: begin
        fr_op_o    = i3c_pkg::FrStart;
        fr_tmode_o = (st_q == SsStart) ? addr_tm : i3c_pkg::TmOd;
      end
      SsSr, SsSrB, SsSr2, SsDaaSr, SsDasaSr, SsDisSr, SsDisSr2: begin
        fr_op_o    = i3c_pkg::FrRestart;
        fr_tmode_o = (st_q == SsSr || st_q == SsSr2) ? addr_tm : i3c_pkg::TmOd;
      end
      SsStop, SsErrStop, SsIbiStop: begin
        fr_op_o    = i3c_pkg::FrStop;
        fr_tmode_o = (st_q == SsIbiStop) ? i3c_pkg::TmOd : addr_tm;
      end
      SsBcast, SsDisHdr: begin
        fr_op_o     = i3c_pkg::FrWrOd;
        fr_tmode_o  = (st_q == SsBcast && !held_q) ? i3c_pkg::TmOdInit : i3c_pkg::TmOd;
        fr_data_o   = {i3c_pkg::AddrBcast, 1'b0};
        fr_ack_en_o = 1'b1;
      end
      SsCcc: begin
        fr_op_o    = i3c_pkg::FrWrPp;
        fr_tmode_o = i3c_pkg::TmPp;
        fr_data_o  = ccc_q;
      end
      SsDefByte: begin
        fr_op_o    = i3c_pkg::FrWrPp;
        fr_tmode_o = i3c_pkg::TmPp;
        fr_data_o  = db_q;
      end
      SsAddr, SsAddr2: begin
        fr_op_o     = i3c_pkg::FrWrOd;
        fr_tmode_o  = addr_tm;
        fr_data_o   = {addr_q, (st_q == SsAddr2 || kind_q != KCombo) ? rnw_q : 1'b0};
        fr_ack_en_o = 1'b1;
      end
      SsOffset: begin
        fr_op_o     = i2c_q ? i3c_pkg::FrWrOd : i3c_pkg::FrWrPp;
        fr_tmode_o  = data_tm;
        fr_data_o   = (off16_q && k_q == '0) ? off_q[15:8] : off_q[7:0];
        fr_ack_en_o = 1'b1;
      end
      SsWr: begin
        fr_op_o     = i2c_q ? i3c_pkg::FrWrOd : i3c_pkg::FrWrPp;
        fr_tmode_o  = data_tm;
        fr_data_o   = wr_byte;
        fr_ack_en_o = 1'b1;
      end
      SsRd: begin
        fr_op_o    = i3c_pkg::FrRdT;
        fr_tmode_o = data_tm;
        fr_more_o  = (cnt_q + 16'd1 < len_q);
      end
      SsDaaHdr: begin
        fr_op_o     = i3c_pkg::FrWrOd;
        fr_tmode_o  = i3c_pkg::TmOd;
        fr_data_o   = {i3c_pkg::AddrBcast, 1'b1};
        fr_ack_en_o = 1'b1;
      end
      SsDaaPid, SsIbiHdr: begin
        // A target's START request is still a START: its header gets the long first-header high.
        fr_op_o    = i3c_pkg::FrWrOd;
        fr_tmode_o = (st_q == SsIbiHdr) ? i3c_pkg::TmOdInit : i3c_pkg::TmOd;
        fr_data_o  = 8'hFF;
      end
      SsDaaAddr: begin
        fr_op_o     = i3c_pkg::FrWrOd;
        fr_tmode_o  = i3c_pkg::TmOd;
        fr_data_o   = {addr_q, i3c_pkg::odd_parity8({1'b0, addr_q})};
        fr_ack_en_o = 1'b1;
      end
      SsDasaAddr: begin
        fr_op_o     = i3c_pkg::FrWrOd;
        fr_tmode_o  = i3c_pkg::TmOd;
        fr_data_o   = {sel_static, 1'b0};
        fr_ack_en_o = 1'b1;
      end
      SsDasaData: begin
        fr_op_o    = i3c_pkg::FrWrPp;
        fr_tmode_o = i3c_pkg::TmPp;
        fr_data_o  = {sel_dyn, 1'b0};
      end
      SsIbiAck: begin
        fr_op_o    = i3c_pkg::FrAck;
        fr_tmode_o = i3c_pkg::TmOd;
        fr_ack_o   = iack_q;
      end
      SsIbiRd: begin
        fr_op_o    = i3c_pkg::FrRdT;
        fr_tmode_o = i3c_pkg::TmPp;
        fr_more_o  = ({8'd0, ilen_q} + 16'd1 < {8'd0, imax_q});
      end
      SsDisCcc: begin
        fr_op_o    = i3c_pkg::FrWrPp;
        fr_tmode_o = i3c_pkg::TmPp;
        fr_data_o  = ibc_q ? i3c_pkg::CccDisecB : i3c_pkg::CccDisecD;
      end
      SsDisAddr: begin
        fr_op_o     = i3c_pkg::FrWrOd;
        fr_tmode_o  = i3c_pkg::TmOd;
        fr_data_o   = {ihdr_q[7:1], 1'b0};
        fr_ack_en_o = 1'b1;
      end
      SsDisData: begin
        fr_op_o    = i3c_pkg::FrWrPp;
        fr_tmode_o = i3c_pkg::TmPp;
        fr_data_o  = ievt_q;
      end
      SsRecover: begin
        // A clock pulse with SDA released lets a target that holds SDA finish its byte.
        fr_op_o    = i3c_pkg::FrAck;
        fr_tmode_o = i3c_pkg::TmOd;
        fr_ack_o   = 1'b0;
      end
      default: ;
    endcase

    // States that talk to the frame layer issue once, then wait for done.
    unique case (st_q)
      SsStart, SsSr, SsSrB, SsSr2, SsStop, SsErrStop, SsBcast, SsCcc, SsDefByte, SsAddr,
      SsAddr2, SsOffset, SsWr, SsRd, SsDaaSr, SsDaaHdr, SsDaaPid, SsDaaAddr, SsDasaSr,
      SsDasaAddr, SsDasaData, SsIbiStart, SsIbiHdr, SsIbiAck, SsIbiRd, SsIbiStop, SsDisSr,
      SsDisHdr, SsDisCcc, SsDisSr2, SsDisAddr, SsDisData, SsRecover: begin
        if (!wait_q && fr_ready_i) begin
          fr_req_o = 1'b1;
          wait_d   = 1'b1;
        end
      end
      default: ;
    endcase

    // A frame that failed on the bus (stuck SDA, I2C stretch timeout).
    if (wait_q && fr_done_i && (fr_stuck_i || fr_timeout_i) && st_q != SsErrStop &&
        st_q != SsRecover && st_q != SsStop && st_q != SsIbiStop) begin
      wait_d = 1'b0;
      err_d  = fr_stuck_i ? i3c_pkg::ErrSdaStuck : i3c_pkg::ErrTimeout;
      st_d   = SsErrStop;
    end else if (wait_q && fr_done_i) begin
      wait_d = 1'b0;
      unique case (st_q)
        SsStart: st_d = (i2c_q) ? SsAddr : SsBcast;
        SsSrB: st_d = SsBcast;
        SsSr: st_d = SsAddr;
        SsSr2: st_d = SsAddr2;
        SsBcast: begin
          if (fr_lost_i) begin
            ihdr_d = fr_rx_i;
            st_d   = SsIbiDecide;
          end else if (!fr_acked_i) begin
            err_d = i3c_pkg::ErrAddrHeader;
            st_d  = SsErrStop;
          end else begin
            unique case (kind_q)
              KCcc, KDaa, KDasa: st_d = SsCcc;
              default: st_d = SsSr;
            endcase
          end
        end
        SsCcc: begin
          if (kind_q == KDaa) st_d = SsDaaSr;
          else if (kind_q == KDasa) st_d = SsDasaSr;
          else if (dbp_q) st_d = SsDefByte;
          else if (ccc_q[7]) st_d = SsSr;
          else st_d = (len_q != '0) ? SsWrFetch : SsEnd;
        end
        SsDefByte: begin
          if (ccc_q[7]) st_d = SsSr;
          else st_d = (len_q != '0) ? SsWrFetch : SsEnd;
        end
        SsAddr: begin
          if (fr_lost_i) begin
            // Only possible right after a START (I2C or a held bus never loses).
            ihdr_d = fr_rx_i;
            st_d   = SsIbiDecide;
          end else if (!fr_acked_i) begin
            err_d = i3c_pkg::ErrNack;
            st_d  = SsErrStop;
          end else if (kind_q == KCombo) begin
            k_d  = '0;
            st_d = SsOffset;
          end else if (rnw_q) begin
            st_d = SsRd;
          end else begin
            st_d = (len_q != '0) ? SsWrFetch : SsEnd;
          end
        end
        SsOffset: begin
          if (i2c_q && !fr_acked_i) begin
            err_d = i3c_pkg::ErrI2cWrNack;
            st_d  = SsErrStop;
          end else if (off16_q && k_q == '0) begin
            k_d = 4'd1;
          end else begin
            st_d = SsSr2;
          end
        end
        SsAddr2: begin
          if (!fr_acked_i) begin
            err_d = i3c_pkg::ErrNack;
            st_d  = SsErrStop;
          end else if (rnw_q) begin
            st_d = SsRd;
          end else begin
            st_d = (len_q != '0) ? SsWrFetch : SsEnd;
          end
        end
        SsWr: begin
          if (i2c_q && !fr_acked_i) begin
            err_d = i3c_pkg::ErrI2cWrNack;
            st_d  = SsErrStop;
          end else begin
            cnt_d  = cnt_q + 16'd1;
            bpos_d = bpos_q + 2'd1;
            if (bpos_q == 2'd3) have_d = 1'b0;
            st_d = (cnt_q + 16'd1 < len_q) ? SsWrFetch : SsEnd;
          end
        end
        SsRd: begin
          word_d[8*bpos_q+:8] = fr_rx_i;
          cnt_d  = cnt_q + 16'd1;
          bpos_d = bpos_q + 2'd1;
          st_d   = SsRdPush;
        end
        SsStop, SsErrStop: begin
          held_d = 1'b0;
          if (fr_stuck_i && retry_q != 2'd3) begin
            // SDA did not rise for STOP: clock it free once, then STOP again.
            err_d   = i3c_pkg::ErrSdaStuck;
            retry_d = 2'd3;
            k_d     = '0;
            st_d    = SsRecover;
          end else begin
            if (fr_stuck_i) err_d = i3c_pkg::ErrSdaStuck;
            st_d = SsResp;
          end
        end
        SsRecover: begin
          // Nine clock pulses with SDA released let a target finish the byte it is sending.
          k_d = k_q + 4'd1;
          if (k_q == 4'd8) st_d = SsErrStop;
        end
        SsDaaSr: st_d = SsDaaHdr;
        SsDaaHdr: begin
          if (!fr_acked_i) begin
            // No target left without an address.
            err_d = (rem_q == '0) ? i3c_pkg::ErrSuccess : i3c_pkg::ErrNack;
            st_d  = SsStop;
          end else begin
            k_d  = '0;
            st_d = SsDaaPid;
          end
        end
        SsDaaPid: begin
          pid_d = {pid_q[55:0], fr_rx_i};
          k_d   = k_q + 4'd1;
          if (k_q == 4'd7) begin
            addr_d = sel_dyn;
            st_d   = SsDaaAddr;
          end
        end
        SsDaaAddr: begin
          if (fr_acked_i) begin
            dct_we_o = 1'b1;
            retry_d  = '0;
            rem_d    = rem_q - 4'd1;
            idx_d    = idx_q + IdxW'(1);
            if (rem_q == 4'd1) begin
              err_d = i3c_pkg::ErrSuccess;
              st_d  = SsStop;
            end else begin
              st_d = SsDaaSr;
            end
          end else begin
            // The target rejected the address (its parity check failed): retry the round.
            retry_d = retry_q + 2'd1;
            if (retry_q == 2'd2) begin
              err_d = i3c_pkg::ErrParity;
              st_d  = SsErrStop;
            end else begin
              st_d = SsDaaSr;
            end
          end
        end
        SsDasaSr: st_d = SsDasaAddr;
        SsDasaAddr: begin
          if (!fr_acked_i) begin
            err_d = i3c_pkg::ErrNack;
            st_d  = SsErrStop;
          end else begin
            st_d = SsDasaData;
          end
        end
        SsDasaData: begin
          rem_d = rem_q - 4'd1;
          idx_d = idx_q + IdxW'(1);
          if (rem_q == 4'd1) begin
            err_d = i3c_pkg::ErrSuccess;
            st_d  = SsStop;
          end else begin
            st_d = SsDasaSr;
          end
        end
        SsIbiStart: st_d = SsIbiHdr;
        SsIbiHdr: begin
          ihdr_d = fr_rx_i;
          st_d   = SsIbiDecide;
        end
        SsIbiAck: begin
          if (iack_q && ipay_q) begin
            ilen_d = '0;
            bpos_d = '0;
            word_d = '0;
            st_d   = SsIbiRd;
          end else if (!iack_q && idisec_q) begin
            st_d = SsDisSr;
          end else begin
            st_d = SsIbiStop;
          end
        end
        SsIbiRd: begin
          word_d[8*bpos_q+:8] = fr_rx_i;
          ilen_d = ilen_q + 8'd1;
          bpos_d = bpos_q + 2'd1;
          st_d   = SsIbiPush;
          // fr_tbit_i and the length limit are evaluated in SsIbiPush.
          k_d    = {3'd0, fr_tbit_i && ({8'd0, ilen_q} + 16'd1 < {8'd0, imax_q})};
        end
        SsIbiStop: begin
          held_d = 1'b0;
          st_d   = SsIbiStatus;
        end
        SsDisSr: st_d = SsDisHdr;
        SsDisHdr: begin
          if (!fr_acked_i) st_d = SsIbiStop;
          else st_d = SsDisCcc;
        end
        SsDisCcc: st_d = ibc_q ? SsDisData : SsDisSr2;
        SsDisSr2: st_d = SsDisAddr;
        SsDisAddr: st_d = fr_acked_i ? SsDisData : SsIbiStop;
        SsDisData: st_d = SsIbiStop;
        default: ;
      endcase
    end

    // States without frame operations.
    unique case (st_q)
      SsOff: begin
        held_d = 1'b0;
        tcnt_d = '0;
        if (enable_i) st_d = SsIdleWait;
      end
      SsIdleWait: begin
        // Bus Idle condition after enabling, before the first transaction.
        if (!enable_i) st_d = SsOff;
        else if (tcnt_q >= t_idle_i) begin
          tcnt_d = '0;
          st_d   = SsIdle;
        end
      end
      SsIdle: begin
        if (sda_i) stuck_d = 1'b0;
        if (!enable_i && !held_q) begin
          st_d = SsOff;
        end else if (!held_q && !stuck_q && !sda_i && tcnt_q >= {8'd0, t_avail_i}) begin
          // A target pulls SDA low on an available bus: START request (IBI / Hot-Join).
          st_d = SsIbiStart;
        end else if (pend_q) begin
          st_d = SsDecode;
        end else if (cmd_valid_i && !halted_q) begin
          cmd_pop_o = 1'b1;
          pend_d    = 1'b1;
          tid_d     = c_tid;
          ccc_d     = c_cmd;
          rnw_d     = c_rnw;
          toc_d     = c_toc;
          roc_d     = c_roc;
          idx_d     = c_idx[IdxW-1:0];
          imm_d     = 1'b0;
          dbp_d     = 1'b0;
          off16_d   = 1'b0;
          db_d      = c_w1[7:0];
          len_d     = c_w1[31:16];
          off_d     = c_w1[15:0];
          immw_d    = c_w1;
          rem_d     = c_cnt;
          cnt_d     = '0;
          err_d     = i3c_pkg::ErrSuccess;
          retry_d   = '0;
          bpos_d    = '0;
          have_d    = 1'b0;
          word_d    = '0;
          i2c_d     = dat[c_idx[IdxW-1:0]][31];
          fmp_d     = (c_mode == 3'd1);
          kind_d    = c_cp ? KCcc : KPriv;
          // Validation; on failure the command completes with an error and no bus activity.
          if (cmd_i[22:21] != '0) err_d = i3c_pkg::ErrNotSupported;
          unique case (c_attr)
            i3c_pkg::AttrRegular: begin
              dbp_d = c_dbp;
            end
            i3c_pkg::AttrImmediate: begin
              imm_d = 1'b1;
              rnw_d = 1'b0;
              if (c_dtt > 3'd4) begin
                dbp_d  = c_cp;
                db_d   = c_w1[7:0];
                immw_d = {8'd0, c_w1[31:8]};
                len_d  = {13'd0, c_dtt} - 16'd4;
              end else begin
                len_d = {13'd0, c_dtt};
              end
              if (c_rnw) err_d = i3c_pkg::ErrNotSupported;
            end
            i3c_pkg::AttrAddrAssign: begin
              i2c_d = 1'b0;
              toc_d = 1'b1;
              if (c_cmd == i3c_pkg::CccEntdaa) kind_d = KDaa;
              else if (c_cmd == i3c_pkg::CccSetdasa) kind_d = KDasa;
              else err_d = i3c_pkg::ErrNotSupported;
              if (run_bad_idx) err_d = i3c_pkg::ErrNotSupported;
              else if (err_d == i3c_pkg::ErrSuccess && run_bad_addr) err_d = i3c_pkg::ErrAddrReserved;
            end
            i3c_pkg::AttrCombo: begin
              kind_d  = KCombo;
              off16_d = c_off16;
              if (c_cp) err_d = i3c_pkg::ErrNotSupported;
            end
            default: err_d = i3c_pkg::ErrNotSupported;
          endcase
          if (c_attr != i3c_pkg::AttrAddrAssign) begin
            if (32'(c_idx) >= NumDevs) err_d = i3c_pkg::ErrNotSupported;
            // Mode: SDR0-SDR4 run at the programmed SDR timing; I2C: Fm or Fm+; no HDR.
            if (dat[c_idx[IdxW-1:0]][31] && !c_cp && c_mode > 3'd1) err_d = i3c_pkg::ErrNotSupported;
            if (c_mode > 3'd4) err_d = i3c_pkg::ErrNotSupported;
            if (c_cp) begin
              i2c_d = 1'b0;
              fmp_d = 1'b0;
              if (c_cmd == i3c_pkg::CccEntdaa || (c_cmd >= 8'h20 && c_cmd <= 8'h27)) begin
                err_d = i3c_pkg::ErrNotSupported;
              end
              if (!c_cmd[7] && c_rnw) err_d = i3c_pkg::ErrNotSupported;
              if (c_cmd[7] && dat[c_idx[IdxW-1:0]][31]) err_d = i3c_pkg::ErrNotSupported;
              if (c_cmd == i3c_pkg::CccSetdasa || c_cmd == i3c_pkg::CccSetnewda) begin
                // The new address travels in the first data byte: checked before any bus use.
                if (c_attr != i3c_pkg::AttrImmediate) err_d = i3c_pkg::ErrNotSupported;
                else if (i3c_pkg::is_reserved_addr(c_w1[7:1])) err_d = i3c_pkg::ErrAddrReserved;
              end
            end
            if (c_rnw && c_attr == i3c_pkg::AttrRegular && c_w1[31:16] == '0) err_d = i3c_pkg::ErrNotSupported;
          end
          st_d = SsDecode;
        end
      end
      SsDecode: begin
        // Target address of the command: SETDASA goes to the static address.
        addr_d = use_static ? sel_static : sel_dyn;
        if (err_q != i3c_pkg::ErrSuccess) begin
          st_d = held_q ? SsErrStop : SsResp;
        end else if ((kind_q == KPriv || kind_q == KCombo || (kind_q == KCcc && ccc_q[7])) &&
                     i3c_pkg::is_reserved_addr(use_static ? sel_static : sel_dyn)) begin
          err_d = i3c_pkg::ErrAddrReserved;
          st_d  = held_q ? SsErrStop : SsResp;
        end else if (!held_q) begin
          st_d = SsStart;
        end else if (i2c_q || kind_q == KPriv || kind_q == KCombo) begin
          st_d = SsSr;
        end else begin
          st_d = SsSrB;
        end
        tcnt_d = '0;
      end
      SsWrFetch: begin
        if (imm_q || have_q) begin
          st_d = SsWr;
        end else if (tx_valid_i) begin
          tx_pop_o = 1'b1;
          word_d   = tx_i;
          have_d   = 1'b1;
          bpos_d   = '0;
          st_d     = SsWr;
        end else if (t_timeout_i != '0 && tcnt_q >= t_timeout_i) begin
          // TX queue ran dry in the middle of a write.
          err_d = i3c_pkg::ErrOverflow;
          st_d  = SsErrStop;
        end
        if (st_d == SsWr) tcnt_d = '0;
      end
      SsRdPush: begin
        // Word complete, or the read ended (T=0 from the target, or length reached).
        if ((bpos_q == '0 || !(fr_tbit_i || i2c_q) || cnt_q >= len_q)) begin
          if (!rx_full_i) begin
            rx_push_o = 1'b1;
            word_d    = '0;
            bpos_d    = '0;
            if ((!fr_tbit_i && !i2c_q) || cnt_q >= len_q) st_d = SsEnd;
            else st_d = SsRd;
          end
        end else begin
          st_d = SsRd;
        end
      end
      SsEnd: begin
        if (toc_q) begin
          st_d = SsStop;
        end else begin
          held_d = 1'b1;
          st_d   = SsResp;
        end
      end
      SsResp: begin
        if (!pend_q) begin
          // A bus error while serving an IBI: no command to answer, only the interrupt.
          if (err_q != i3c_pkg::ErrSuccess) err_evt_o = 1'b1;
          tcnt_d = '0;
          st_d   = SsIdle;
        end else if (roc_q || err_q != i3c_pkg::ErrSuccess) begin
          if (!resp_full_i) begin
            resp_push_o = 1'b1;
            pend_d      = 1'b0;
            if (err_q != i3c_pkg::ErrSuccess) begin
              halted_d  = 1'b1;
              err_evt_o = 1'b1;
            end
            tcnt_d = '0;
            st_d   = SsIdle;
          end
        end else begin
          pend_d = 1'b0;
          tcnt_d = '0;
          st_d   = SsIdle;
        end
        // For address assignment the length field reports the devices left unassigned.
        if (kind_q == KDaa || kind_q == KDasa) resp_o = {err_q, tid_q, 20'd0, rem_q};
      end
      SsIbiDecide: begin
        // Header from the winning target: {address, RnW}.
        iidx_d   = ibi_idx;
        ihj_d    = 1'b0;
        icr_d    = 1'b0;
        ipay_d   = 1'b0;
        ibc_d    = 1'b0;
        idisec_d = 1'b0;
        istat_d  = 1'b1;
        ilen_d   = '0;
        iack_d   = 1'b0;
        ievt_d   = i3c_pkg::EvtInt;
        if (ihdr_q == 8'h00) begin
          // Nobody can own address 0: SDA is held low. Recover the bus and report it.
          stuck_d  = 1'b1;
          istat_d  = 1'b0;
          err_d    = i3c_pkg::ErrSdaStuck;
          retry_d  = '0;
          st_d     = SsErrStop;
        end else if (ihdr_q == {i3c_pkg::AddrHotJoin, 1'b0}) begin
          ihj_d    = 1'b1;
          hj_evt_o = 1'b1;
          iack_d   = hj_accept_i && !ibi_full_i;
          ibi_ovf_o = hj_accept_i && ibi_full_i;  // NACKed for lack of room: it will retry
          ibc_d    = 1'b1;
          ievt_d   = i3c_pkg::EvtHj;
          idisec_d = !hj_accept_i && auto_disec_i;
        end else if (!ihdr_q[0]) begin
          // Controller-role request: this controller does not hand over the bus.
          icr_d    = 1'b1;
          ievt_d   = i3c_pkg::EvtCr;
          idisec_d = auto_disec_i && !i3c_pkg::is_reserved_addr(ihdr_q[7:1]);
        end else if (ibi_found && !dat[ibi_idx][13]) begin
          iack_d = !ibi_full_i;
          ipay_d = dat[ibi_idx][12];
          if (ibi_full_i) begin
            ibi_ovf_o = 1'b1;
            istat_d   = 1'b0;
          end
        end else begin
          idisec_d = auto_disec_i && !i3c_pkg::is_reserved_addr(ihdr_q[7:1]);
          if (i3c_pkg::is_reserved_addr(ihdr_q[7:1])) istat_d = 1'b0;  // nobody drove a header
        end
        if (ihdr_q != 8'h00) st_d = SsIbiAck;
      end
      SsIbiPush: begin
        if (bpos_q == '0 || k_q == '0) begin
          if (!ibid_full_i) begin
            ibid_push_o = 1'b1;
            word_d      = '0;
            bpos_d      = '0;
            st_d        = (k_q == '0) ? SsIbiStop : SsIbiRd;
          end
        end else begin
          st_d = SsIbiRd;
        end
      end
      SsIbiStatus: begin
        if (istat_q && !ibi_full_i) begin
          ibi_push_o = 1'b1;
        end else if (istat_q) begin
          // No room for the status of a rejected request: dropped, but reported.
          ibi_ovf_o = 1'b1;
        end
        st_d = SsIdle;
        tcnt_d = '0;
      end
      default: ;
    endcase

    // The IBI payload limit of the source is fixed once the IBI is ACKed.
    if (st_q == SsIbiAck) imax_d = ibi_max_eff;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q     <= SsOff;
      kind_q   <= KPriv;
      wait_q   <= 1'b0;
      pend_q   <= 1'b0;
      held_q   <= 1'b0;
      halted_q <= 1'b0;
      tid_q    <= '0;
      ccc_q    <= '0;
      db_q     <= '0;
      dbp_q    <= 1'b0;
      rnw_q    <= 1'b0;
      toc_q    <= 1'b1;
      roc_q    <= 1'b0;
      i2c_q    <= 1'b0;
      fmp_q    <= 1'b0;
      imm_q    <= 1'b0;
      off16_q  <= 1'b0;
      immw_q   <= '0;
      len_q    <= '0;
      cnt_q    <= '0;
      off_q    <= '0;
      idx_q    <= '0;
      rem_q    <= '0;
      addr_q   <= '0;
      err_q    <= i3c_pkg::ErrSuccess;
      k_q      <= '0;
      retry_q  <= '0;
      pid_q    <= '0;
      word_q   <= '0;
      bpos_q   <= '0;
      have_q   <= 1'b0;
      tcnt_q   <= '0;
      ihdr_q   <= '0;
      ilen_q   <= '0;
      imax_q   <= '0;
      iidx_q   <= '0;
      iack_q   <= 1'b0;
      ihj_q    <= 1'b0;
      icr_q    <= 1'b0;
      ipay_q   <= 1'b0;
      ibc_q    <= 1'b0;
      ievt_q   <= '0;
      idisec_q <= 1'b0;
      istat_q  <= 1'b0;
      stuck_q  <= 1'b0;
    end else begin
      st_q     <= st_d;
      kind_q   <= kind_d;
      wait_q   <= wait_d;
      pend_q   <= pend_d;
      held_q   <= held_d;
      halted_q <= halted_d;
      tid_q    <= tid_d;
      ccc_q    <= ccc_d;
      db_q     <= db_d;
      dbp_q    <= dbp_d;
      rnw_q    <= rnw_d;
      toc_q    <= toc_d;
      roc_q    <= roc_d;
      i2c_q    <= i2c_d;
      fmp_q    <= fmp_d;
      imm_q    <= imm_d;
      off16_q  <= off16_d;
      immw_q   <= immw_d;
      len_q    <= len_d;
      cnt_q    <= cnt_d;
      off_q    <= off_d;
      idx_q    <= idx_d;
      rem_q    <= rem_d;
      addr_q   <= addr_d;
      err_q    <= err_d;
      k_q      <= k_d;
      retry_q  <= retry_d;
      pid_q    <= pid_d;
      word_q   <= word_d;
      bpos_q   <= bpos_d;
      have_q   <= have_d;
      tcnt_q   <= tcnt_d;
      ihdr_q   <= ihdr_d;
      ilen_q   <= ilen_d;
      imax_q   <= imax_d;
      iidx_q   <= iidx_d;
      iack_q   <= iack_d;
      ihj_q    <= ihj_d;
      icr_q    <= icr_d;
      ipay_q   <= ipay_d;
      ibc_q    <= ibc_d;
      ievt_q   <= ievt_d;
      idisec_q <= idisec_d;
      istat_q  <= istat_d;
      stuck_q  <= stuck_d;
    end
  end

  assign halted_o = halted_q;
  assign busy_o   = (st_q != SsIdle) && (st_q != SsOff) && (st_q != SsIdleWait);
  assign held_o   = held_q;

endmodule
