// Bit-level bus engine of the I3C controller: generates START, repeated START, STOP and single
// bits on SCL/SDA with programmable timing, and samples SDA.
//
// Between operations SCL rests low (after the SDA hold time), so any delay of the next request
// stretches SCL low, never high: a stretched high period would let the spike filters of legacy
// I2C devices see I3C clocks (MIPI I3C Basic, tHIGH max for mixed buses). A bit: set SDA, wait
// the rest of the low period, raise SCL, wait the high period, sample SDA, drop SCL, wait the
// hold time. With no gap, low = tLOW and high = tHIGH exactly (in module clock cycles).
//
// SDA hand-off rules (MIPI I3C Basic, "Ninth Bit of SDR Target Returned (Read) Data as
// End-of-Data"): the target drives the T-bit during SCL low and releases SDA at the SCL rising
// edge. The engine samples the T-bit at the end of the low period (which is two cycles longer
// for a T-bit); on T=0 it pulls SDA low itself before raising SCL, so SDA never floats high while
// SCL is high (which would read as a STOP), and the bit ends with SCL high and SDA held low for
// the controller's STOP or repeated START. On T=1 it raises SCL with SDA released; to end the read
// early it drives SDA low while SCL is high, which is the repeated START the target watches for.
module i3c_bit_engine
(
  input  logic        clk_i,
  input  logic        rst_ni,
  input  i3c_pkg::i3c_timing_t tim_i,
  // Operation request; accepted when ready_o.
  input  logic        req_i,
  input  i3c_pkg::i3c_eng_op_e op_i,
  input  i3c_pkg::i3c_tmode_e  tmode_i,
  input  logic        bit_i,      // value to put on SDA (EngBit)
  input  logic        drive_i,    // controller drives SDA during this bit (else releases)
  input  logic        pp_i,       // push-pull drive (else open drain: a 1 releases SDA)
  input  logic        tbit_i,     // this bit is a target T-bit: apply the end-of-data rules
  input  logic        abort_i,    // on a T-bit of 1, end the read with a repeated START
  output logic        ready_o,
  output logic        done_o,     // one-cycle pulse, with rx_o and the error flags
  output logic        rx_o,
  output logic        err_stuck_o,
  output logic        err_timeout_o,
  // Synchronized bus inputs.
  input  logic        scl_i,
  input  logic        sda_i,
  // Pins.
  output logic        scl_o,
  output logic        sda_o,
  output logic        sda_oe_o,
  output logic        sda_pp_o
);

  typedef enum logic [3:0] {
    EsIdle,
    EsPreFall,   // SCL low from a held-high state before a repeated START
    EsLow,       // SDA set, rest of the low period
    EsRise,      // I2C: SCL released, waiting for it to be seen high (clock stretching)
    EsHigh,      // SCL high period
    EsSrLow,     // SDA low with SCL high: tCAS / tCASr before SCL falls
    EsHold,      // SCL low, SDA hold time
    EsStopRel,   // SDA released for STOP, checking that it rises
    EsBusFree    // bus free time after STOP
  } i3c_eng_state_e;

  i3c_eng_state_e st_q, st_d;
  i3c_pkg::i3c_eng_op_e op_q, op_d;
  i3c_pkg::i3c_tmode_e tm_q, tm_d;
  logic tbit_q, tbit_d, abort_q, abort_d;
  logic bit_q, bit_d, drive_q, drive_d, pp_q, pp_d;  // SDA of a bit that first needs SCL low
  logic [23:0] cnt_q, cnt_d;
  logic scl_q, scl_d, oe_q, oe_d, val_q, val_d, ppo_q, ppo_d;
  logic sr_pend_q, sr_pend_d;  // an early-ending read already produced the repeated START
  logic tlow_q, tlow_d;        // T-bit sampled low at the end of the low period
  logic done_q, done_d, rx_q, rx_d, stuck_q, stuck_d, tmo_q, tmo_d;

  logic [15:0] t_low, t_high, t_cas, t_cbp, t_cbsr, t_casr, t_hold;
  logic is_i2c, req_i2c;

  // Cycles to stay in a state that lasts n cycles (at least one).
  function automatic logic [23:0] dur(logic [15:0] n);
    dur = (n == 16'd0) ? 24'd0 : {8'd0, n - 16'd1};
  endfunction

  // Low and high periods of a timing mode.
  function automatic logic [31:0] periods(i3c_pkg::i3c_tmode_e tm, logic [7:0] low_od, logic [7:0] high_od,
                                          logic [7:0] high_init, logic [7:0] low_pp,
                                          logic [7:0] high_pp, logic [15:0] low_fm,
                                          logic [15:0] high_fm, logic [15:0] low_fmp,
                                          logic [15:0] high_fmp);
    unique case (tm)
      i3c_pkg::TmOd:     periods = {8'd0, low_od, 8'd0, high_od};
      i3c_pkg::TmOdInit: periods = {8'd0, low_od, 8'd0, high_init};
      i3c_pkg::TmPp:     periods = {8'd0, low_pp, 8'd0, high_pp};
      i3c_pkg::TmFm:     periods = {low_fm, high_fm};
      default:           periods = {low_fmp, high_fmp};
    endcase
  endfunction

  logic [31:0] per_q, per_i;
  assign per_q   = periods(tm_q, tim_i.low_od, tim_i.high_od, tim_i.high_init, tim_i.low_pp,
                           tim_i.high_pp, tim_i.low_fm, tim_i.high_fm, tim_i.low_fmp,
                           tim_i.high_fmp);
  assign per_i   = periods(tmode_i, tim_i.low_od, tim_i.high_od, tim_i.high_init, tim_i.low_pp,
                           tim_i.high_pp, tim_i.low_fm, tim_i.high_fm, tim_i.low_fmp,
                           tim_i.high_fmp);
  assign is_i2c  = (tm_q == i3c_pkg::TmFm) || (tm_q == i3c_pkg::TmFmp);
  assign req_i2c = (tmode_i == i3c_pkg::TmFm) || (tmode_i == i3c_pkg::TmFmp);
  assign t_low   = per_q[31:16];
  assign t_high  = per_q[15:0];
  assign t_hold  = (tim_i.hold == '0) ? 16'd1 : {8'd0, tim_i.hold};
  // I2C START/STOP set-up and hold times (tHD;STA, tSU;STA, tSU;STO) all fit in tHIGH.
  assign t_cas   = req_i2c ? per_i[15:0] : {8'd0, tim_i.cas};
  assign t_cbp   = is_i2c ? t_high : {8'd0, tim_i.cbp};
  assign t_cbsr  = is_i2c ? t_high : {8'd0, tim_i.cbsr};
  assign t_casr  = is_i2c ? t_high : {8'd0, tim_i.casr};

  // Low period left after the hold time and the request cycle, at least one cycle; a T-bit gets
  // two more cycles so the end-of-data value is seen through the synchronizer before SCL rises.
  logic [15:0] low_rest_i;
  always_comb begin
    logic [15:0] lo;
    lo = per_i[31:16] + (tbit_i ? 16'd2 : 16'd0);
    low_rest_i = (lo > t_hold + 16'd1) ? lo - t_hold - 16'd1 : 16'd1;
  end
  logic [15:0] low_rest_q;
  assign low_rest_q = (t_low > t_hold + 16'd1) ? t_low - t_hold - 16'd1 : 16'd1;

  logic [23:0] tmo_load;
  assign tmo_load = (tim_i.timeout == '0) ? 24'hFFFFFF : tim_i.timeout;

  always_comb begin
    st_d      = st_q;
    op_d      = op_q;
    tm_d      = tm_q;
    tbit_d    = tbit_q;
    abort_d   = abort_q;
    bit_d     = bit_q;
    drive_d   = drive_q;
    pp_d      = pp_q;
    cnt_d     = (cnt_q != '0) ? cnt_q - 24'd1 : '0;
    scl_d     = scl_q;
    oe_d      = oe_q;
    val_d     = val_q;
    ppo_d     = ppo_q;
    sr_pend_d = sr_pend_q;
    tlow_d    = tlow_q;
    done_d    = 1'b0;
    rx_d      = rx_q;
    stuck_d   = 1'b0;
    tmo_d     = 1'b0;

    unique case (st_q)
      EsIdle: begin
        if (req_i) begin
          op_d    = op_i;
          tm_d    = tmode_i;
          tbit_d  = tbit_i;
          abort_d = abort_i;
          bit_d   = bit_i;
          drive_d = drive_i;
          pp_d    = pp_i;
          tlow_d  = 1'b0;
          unique case (op_i)
            i3c_pkg::EngStart: begin
              if (!scl_q) begin
                // The bus is ours already: a START becomes a repeated START.
                op_d  = i3c_pkg::EngRestart;
                oe_d  = 1'b0;
                ppo_d = 1'b0;
                st_d  = EsLow;
                cnt_d = dur(low_rest_i);
              end else begin
                // SDA falls while SCL is high (or completes a target's START request).
                oe_d      = 1'b1;
                val_d     = 1'b0;
                ppo_d     = 1'b0;
                sr_pend_d = 1'b0;
                st_d      = EsSrLow;
                cnt_d     = dur(t_cas);
              end
            end
            i3c_pkg::EngRestart: begin
              if (sr_pend_q) begin
                // The early end of a read already made SDA fall with SCL high.
                sr_pend_d = 1'b0;
                st_d      = EsSrLow;
                cnt_d     = dur({8'd0, tim_i.casr});
              end else if (scl_q) begin
                scl_d = 1'b0;
                st_d  = EsPreFall;
                cnt_d = dur(t_hold);
              end else begin
                oe_d  = 1'b0;
                ppo_d = 1'b0;
                st_d  = EsLow;
                cnt_d = dur(low_rest_i);
              end
            end
            i3c_pkg::EngStop: begin
              sr_pend_d = 1'b0;
              if (scl_q) begin
                // Holding SDA low with SCL high: only tCBP, then release.
                oe_d  = 1'b1;
                val_d = 1'b0;
                st_d  = EsHigh;
                cnt_d = dur(req_i2c ? per_i[15:0] : {8'd0, tim_i.cbp});
              end else begin
                oe_d  = 1'b1;
                val_d = 1'b0;
                ppo_d = 1'b0;
                st_d  = EsLow;
                cnt_d = dur(low_rest_i);
              end
            end
            i3c_pkg::EngBit: begin
              sr_pend_d = 1'b0;
              if (scl_q) begin
                // SCL is high (bus recovery after a failed STOP): pull it low first.
                scl_d = 1'b0;
                st_d  = EsPreFall;
                cnt_d = dur(t_hold);
              end else begin
                oe_d  = drive_i && (pp_i || !bit_i);
                val_d = bit_i;
                ppo_d = drive_i && pp_i;
                st_d  = EsLow;
                cnt_d = dur(low_rest_i);
              end
            end
            default: begin
              // Bus release: SDA released, SCL high.
              oe_d      = 1'b0;
              ppo_d     = 1'b0;
              scl_d     = 1'b1;
              sr_pend_d = 1'b0;
              done_d    = 1'b1;
            end
          endcase
        end
      end

      EsPreFall: begin
        if (cnt_q == '0) begin
          if (op_q == i3c_pkg::EngBit) begin
            oe_d  = drive_q && (pp_q || !bit_q);
            val_d = bit_q;
            ppo_d = drive_q && pp_q;
          end else begin
            oe_d  = 1'b0;
            ppo_d = 1'b0;
          end
          st_d  = EsLow;
          cnt_d = dur(low_rest_q);
        end
      end

      EsLow: begin
        if (cnt_q == '0) begin
          if (op_q == i3c_pkg::EngBit && tbit_q && !sda_i) begin
            // Target ends the read: hold SDA low across its release at the SCL rising edge.
            oe_d   = 1'b1;
            val_d  = 1'b0;
            ppo_d  = 1'b0;
            tlow_d = 1'b1;
          end
          if (op_q == i3c_pkg::EngRestart && !sda_i) begin
            // Someone still holds SDA low: no repeated START is possible.
            stuck_d = 1'b1;
            done_d  = 1'b1;
            st_d    = EsIdle;
          end else begin
            scl_d = 1'b1;
            if (is_i2c) begin
              st_d  = EsRise;
              cnt_d = tmo_load;
            end else begin
              st_d = EsHigh;
              unique case (op_q)
                i3c_pkg::EngBit:     cnt_d = dur(t_high);
                i3c_pkg::EngRestart: cnt_d = dur(t_cbsr);
                default:    cnt_d = dur(t_cbp);
              endcase
            end
          end
        end
      end

      EsRise: begin
        if (scl_i) begin
          st_d = EsHigh;
          unique case (op_q)
            i3c_pkg::EngBit:     cnt_d = dur(t_high);
            i3c_pkg::EngRestart: cnt_d = dur(t_cbsr);
            default:    cnt_d = dur(t_cbp);
          endcase
        end else if (cnt_q == '0) begin
          tmo_d  = 1'b1;
          done_d = 1'b1;
          st_d   = EsIdle;
        end
      end

      EsHigh: begin
        if (cnt_q == '0) begin
          unique case (op_q)
            i3c_pkg::EngBit: begin
              rx_d = tlow_q ? 1'b0 : sda_i;
              if (tlow_q) begin
                done_d = 1'b1;
                st_d   = EsIdle;
              end else if (tbit_q && abort_q) begin
                // Controller ends the read: SDA falls while SCL is high (repeated START).
                oe_d      = 1'b1;
                val_d     = 1'b0;
                ppo_d     = 1'b0;
                sr_pend_d = 1'b1;
                done_d    = 1'b1;
                st_d      = EsIdle;
              end else begin
                scl_d = 1'b0;
                st_d  = EsHold;
                cnt_d = dur(t_hold);
              end
            end
            i3c_pkg::EngRestart: begin
              oe_d  = 1'b1;
              val_d = 1'b0;
              ppo_d = 1'b0;
              st_d  = EsSrLow;
              cnt_d = dur(t_casr);
            end
            default: begin  // EngStop: SDA rises while SCL is high.
              oe_d  = 1'b0;
              ppo_d = 1'b0;
              st_d  = EsStopRel;
              cnt_d = 24'd3;
            end
          endcase
        end
      end

      EsSrLow: begin
        if (cnt_q == '0) begin
          scl_d = 1'b0;
          st_d  = EsHold;
          cnt_d = dur(t_hold);
        end
      end

      EsHold: begin
        if (cnt_q == '0) begin
          done_d = 1'b1;
          st_d   = EsIdle;
        end
      end

      EsStopRel: begin
        // Give the synchronizer time to see SDA high; a target holding it low is an error.
        if (cnt_q == '0) begin
          if (!sda_i) begin
            stuck_d = 1'b1;
            done_d  = 1'b1;
            st_d    = EsIdle;
          end else begin
            st_d  = EsBusFree;
            cnt_d = dur(tim_i.bus_free);
          end
        end
      end

      EsBusFree: begin
        if (cnt_q == '0) begin
          done_d = 1'b1;
          st_d   = EsIdle;
        end
      end

      default: st_d = EsIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q      <= EsIdle;
      op_q      <= i3c_pkg::EngIdle;
      tm_q      <= i3c_pkg::TmOd;
      tbit_q    <= 1'b0;
      abort_q   <= 1'b0;
      bit_q     <= 1'b1;
      drive_q   <= 1'b0;
      pp_q      <= 1'b0;
      cnt_q     <= '0;
      scl_q     <= 1'b1;
      oe_q      <= 1'b0;
      val_q     <= 1'b1;
      ppo_q     <= 1'b0;
      sr_pend_q <= 1'b0;
      tlow_q    <= 1'b0;
      done_q    <= 1'b0;
      rx_q      <= 1'b1;
      stuck_q   <= 1'b0;
      tmo_q     <= 1'b0;
    end else begin
      st_q      <= st_d;
      op_q      <= op_d;
      tm_q      <= tm_d;
      tbit_q    <= tbit_d;
      abort_q   <= abort_d;
      bit_q     <= bit_d;
      drive_q   <= drive_d;
      pp_q      <= pp_d;
      cnt_q     <= cnt_d;
      scl_q     <= scl_d;
      oe_q      <= oe_d;
      val_q     <= val_d;
      ppo_q     <= ppo_d;
      sr_pend_q <= sr_pend_d;
      tlow_q    <= tlow_d;
      done_q    <= done_d;
      rx_q      <= rx_d;
      stuck_q   <= stuck_d;
      tmo_q     <= tmo_d;
    end
  end

  assign ready_o       = (st_q == EsIdle);
  assign done_o        = done_q;
  assign rx_o          = rx_q;
  assign err_stuck_o   = stuck_q;
  assign err_timeout_o = tmo_q;
  assign scl_o         = scl_q;
  assign sda_o         = val_q;
  assign sda_oe_o      = oe_q;
  assign sda_pp_o      = ppo_q;

endmodule
