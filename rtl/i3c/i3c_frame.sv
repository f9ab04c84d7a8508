// Frame layer of the I3C controller: turns byte-level operations (address header with
// arbitration and ACK, push-pull write word with parity T-bit, read word with T-bit or I2C
// ACK/NACK, a single controller ACK bit, START/Sr/STOP) into bit-engine operations.
//
// Bits of one byte are issued back to back: the next engine request is raised in the same cycle
// the engine reports the previous bit done, so a byte runs at exactly the programmed SCL rate.
module i3c_frame
(
  input  logic        clk_i,
  input  logic        rst_ni,
  // Request; accepted when ready_o.
  input  logic        req_i,
  input  i3c_pkg::i3c_fr_op_e  op_i,
  input  i3c_pkg::i3c_tmode_e  tmode_i,
  input  logic [7:0]  data_i,     // byte to send (FrWrOd, FrWrPp)
  input  logic        ack_en_i,   // FrWrOd: read the ACK bit after the byte (if not lost)
  input  logic        more_i,     // FrRdT: the controller wants another byte after this one
  input  logic        ack_i,      // FrAck: 1 = ACK (drive low), 0 = NACK (release)
  output logic        ready_o,
  output logic        done_o,     // one-cycle pulse with the results below
  output logic [7:0]  rx_o,       // byte seen on the wires (FrWrOd/FrRdT)
  output logic        acked_o,    // FrWrOd: the ACK bit was low
  output logic        lost_o,     // FrWrOd: arbitration lost (rx_o holds the winning header)
  output logic        tbit_o,     // FrRdT (I3C): T-bit value, 0 = target ended the read
  output logic        err_stuck_o,
  output logic        err_timeout_o,
  // Bit engine.
  output logic        eng_req_o,
  output i3c_pkg::i3c_eng_op_e eng_op_o,
  output i3c_pkg::i3c_tmode_e  eng_tmode_o,
  output logic        eng_bit_o,
  output logic        eng_drive_o,
  output logic        eng_pp_o,
  output logic        eng_tbit_o,
  output logic        eng_abort_o,
  input  logic        eng_ready_i,
  input  logic        eng_done_i,
  input  logic        eng_rx_i,
  input  logic        eng_stuck_i,
  input  logic        eng_timeout_i
);

  logic busy_q, busy_d;
  logic issued_q, issued_d;  // an engine request of this frame is in flight
  i3c_pkg::i3c_fr_op_e op_q, op_d;
  i3c_pkg::i3c_tmode_e tm_q, tm_d;
  logic [7:0] data_q, data_d, sh_q, sh_d;
  logic ack_en_q, ack_en_d, more_q, more_d, ack_q, ack_d;
  logic [3:0] n_q, n_d;
  logic lost_q, lost_d, acked_q, acked_d, t_q, t_d;
  logic done_q, done_d, stuck_q, stuck_d, tmo_q, tmo_d;

  logic is_i2c;
  assign is_i2c = (tm_q == i3c_pkg::TmFm) || (tm_q == i3c_pkg::TmFmp);

  logic [3:0] total;
  always_comb begin
    total       = 4'd1;
    busy_d      = busy_q;
    issued_d    = issued_q;
    op_d        = op_q;
    tm_d        = tm_q;
    data_d      = data_q;
    sh_d        = sh_q;
    ack_en_d    = ack_en_q;
    more_d      = more_q;
    ack_d       = ack_q;
    n_d         = n_q;
    lost_d      = lost_q;
    acked_d     = acked_q;
    t_d         = t_q;
    done_d      = 1'b0;
    stuck_d     = 1'b0;
    tmo_d       = 1'b0;
    eng_req_o   = 1'b0;
    eng_op_o    = i3c_pkg::EngBit;
    eng_bit_o   = 1'b1;
    eng_drive_o = 1'b0;
    eng_pp_o    = 1'b0;
    eng_tbit_o  = 1'b0;
    eng_abort_o = 1'b0;

    if (!busy_q) begin
      if (req_i) begin
        busy_d   = 1'b1;
        issued_d = 1'b0;
        op_d     = op_i;
        tm_d     = tmode_i;
        data_d   = data_i;
        ack_en_d = ack_en_i;
        more_d   = more_i;
        ack_d    = ack_i;
        n_d      = '0;
        lost_d   = 1'b0;
        acked_d  = 1'b0;
        t_d      = 1'b1;
        sh_d     = '0;
      end
    end else begin
      // Fold in the result of the bit that just finished.
      if (issued_q && eng_done_i) begin
        issued_d = 1'b0;
        if (n_q < 4'd8) begin
          sh_d = {sh_q[6:0], eng_rx_i};
          if (op_q == i3c_pkg::FrWrOd && data_q[3'd7 - n_q[2:0]] && !eng_rx_i) lost_d = 1'b1;
        end else if (n_q == 4'd8) begin
          acked_d = !eng_rx_i;
          t_d     = eng_rx_i;
        end
        n_d = n_q + 4'd1;
        if (eng_stuck_i || eng_timeout_i) begin
          stuck_d  = eng_stuck_i;
          tmo_d    = eng_timeout_i;
          done_d   = 1'b1;
          busy_d   = 1'b0;
        end
      end
      // Number of engine operations of this frame, given what happened so far.
      unique case (op_q)
        i3c_pkg::FrWrOd:  total = (ack_en_q && !lost_d) ? 4'd9 : 4'd8;
        i3c_pkg::FrWrPp:  total = 4'd9;
        i3c_pkg::FrRdT:   total = 4'd9;
        default: total = 4'd1;
      endcase
      if (busy_d && !issued_d) begin
        if (n_d >= total) begin
          done_d = 1'b1;
          busy_d = 1'b0;
        end else if (eng_ready_i) begin
          eng_req_o = 1'b1;
          issued_d  = 1'b1;
          unique case (op_q)
            i3c_pkg::FrStart:   eng_op_o = i3c_pkg::EngStart;
            i3c_pkg::FrRestart: eng_op_o = i3c_pkg::EngRestart;
            i3c_pkg::FrStop:    eng_op_o = i3c_pkg::EngStop;
            i3c_pkg::FrAck: begin
              eng_drive_o = 1'b1;
              eng_bit_o   = !ack_q;
            end
            i3c_pkg::FrWrOd: begin
              if (n_d < 4'd8) begin
                eng_drive_o = 1'b1;
                eng_bit_o   = lost_d ? 1'b1 : data_q[3'd7 - n_d[2:0]];
              end
            end
            i3c_pkg::FrWrPp: begin
              eng_drive_o = 1'b1;
              eng_pp_o    = 1'b1;
              eng_bit_o   = (n_d < 4'd8) ? data_q[3'd7 - n_d[2:0]] : i3c_pkg::odd_parity8(data_q);
            end
            default: begin  // FrRdT
              if (n_d == 4'd8) begin
                if (is_i2c) begin
                  eng_drive_o = 1'b1;
                  eng_bit_o   = !more_q;
                end else begin
                  eng_tbit_o  = 1'b1;
                  eng_abort_o = !more_q;
                end
              end
            end
          endcase
        end
      end
    end
  end

  assign eng_tmode_o = tm_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q   <= 1'b0;
      issued_q <= 1'b0;
      op_q     <= i3c_pkg::FrStop;
      tm_q     <= i3c_pkg::TmOd;
      data_q   <= '0;
      sh_q     <= '0;
      ack_en_q <= 1'b0;
      more_q   <= 1'b0;
      ack_q    <= 1'b0;
      n_q      <= '0;
      lost_q   <= 1'b0;
      acked_q  <= 1'b0;
      t_q      <= 1'b1;
      done_q   <= 1'b0;
      stuck_q  <= 1'b0;
      tmo_q    <= 1'b0;
    end else begin
      busy_q   <= busy_d;
      issued_q <= issued_d;
      op_q     <= op_d;
      tm_q     <= tm_d;
      data_q   <= data_d;
      sh_q     <= sh_d;
      ack_en_q <= ack_en_d;
      more_q   <= more_d;
      ack_q    <= ack_d;
      n_q      <= n_d;
      lost_q   <= lost_d;
      acked_q  <= acked_d;
      t_q      <= t_d;
      done_q   <= done_d;
      stuck_q  <= stuck_d;
      tmo_q    <= tmo_d;
    end
  end

  assign ready_o       = !busy_q && !done_q;
  assign done_o        = done_q;
  assign rx_o          = sh_q;
  assign acked_o       = acked_q;
  assign lost_o        = lost_q;
  assign tbit_o        = t_q;
  assign err_stuck_o   = stuck_q;
  assign err_timeout_o = tmo_q;

endmodule
