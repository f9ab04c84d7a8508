// PRBS13Q / PRBS31Q checker of one media lane (docs/gearbox.md section 4): self-synchronising
// while unlocked, free running once locked (so a channel error costs exactly one symbol error),
// lock after LockWords error-free words, loss after LossWords words with more than W/4 errors,
// saturating symbol error counter.
module gbx_prbs_chk #(
  parameter int unsigned SymsPerClk = 16
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic [1:0]              pat_i,
  input  logic                    hold_i,   // keep the initial state (squelch or commit)
  input  logic                    clear_i,  // counter restarts from this edge's errors
  input  logic [2*SymsPerClk-1:0] word_i,
  output logic                    lock_o,
  output logic [31:0]             count_o
);
  localparam int unsigned W = SymsPerClk;
  localparam int unsigned ErrW = $clog2(W + 1);
  localparam int unsigned RunW = $clog2(gbx_pkg::LockWords + gbx_pkg::LossWords + 1);

  logic [30:0] hist_q, hist_d, h13_next, h31_next;
  logic [2*W-1:0] rx_bits, b13, b31, pred;
  logic [ErrW-1:0] errs;
  logic lock_q, lock_d;
  logic [RunW-1:0] good_q, good_d, bad_q, bad_d;
  logic [31:0] count_q, count_d, base;
  logic [32:0] sum;
  logic run, inv;

  // PRBS13 keeps its 13 bits of history in the top of hist_q (the most recent bits).
  prim_prbs_par #(
    .HistWidth(31),
    .Width    (2 * W),
    .Taps     (31'(gbx_pkg::Prbs13Taps))
  ) u_prbs13 (
    .hist_i     (hist_q),
    .ref_i      (rx_bits),
    .self_sync_i(!lock_q),
    .bits_o     (b13),
    .hist_o     (h13_next)
  );

  prim_prbs_par #(
    .HistWidth(31),
    .Width    (2 * W),
    .Taps     (gbx_pkg::Prbs31Taps)
  ) u_prbs31 (
    .hist_i     (hist_q),
    .ref_i      (rx_bits),
    .self_sync_i(!lock_q),
    .bits_o     (b31),
    .hist_o     (h31_next)
  );

  // Separate from the block below, which reads the predictions made from these bits.
  always_comb begin
    inv = (pat_i == gbx_pkg::PatPrbs31q);
    // Gray unmap {hi, lo} -> A = hi, B = hi ^ lo, then undo the output inversion.
    for (int unsigned j = 0; j < W; j++) begin
      rx_bits[2*j]   = word_i[2*j+1] ^ inv;
      rx_bits[2*j+1] = word_i[2*j+1] ^ word_i[2*j] ^ inv;
    end
  end

  always_comb begin
    run = !hold_i && (pat_i == gbx_pkg::PatPrbs13q || pat_i == gbx_pkg::PatPrbs31q);
    pred = (pat_i == gbx_pkg::PatPrbs13q) ? b13 : b31;
    errs = '0;
    for (int unsigned j = 0; j < W; j++) begin
      errs = errs + ErrW'(pred[2*j +: 2] != rx_bits[2*j +: 2]);
    end

    hist_d = '0;
    lock_d = 1'b0;
    good_d = '0;
    bad_d  = '0;
    if (run) begin
      hist_d = (pat_i == gbx_pkg::PatPrbs13q) ? h13_next : h31_next;
      lock_d = lock_q;
      good_d = good_q;
      bad_d  = bad_q;
      if (!lock_q) begin
        good_d = (errs == '0) ? good_q + 1'b1 : '0;
        if (good_d == RunW'(gbx_pkg::LockWords)) begin
          lock_d = 1'b1;
          good_d = '0;
          bad_d  = '0;
        end
      end else begin
        bad_d = (errs > ErrW'(W / 4)) ? bad_q + 1'b1 : '0;
        if (bad_d == RunW'(gbx_pkg::LossWords)) begin
          lock_d = 1'b0;
          good_d = '0;
          bad_d  = '0;
        end
      end
    end

    base    = clear_i ? '0 : count_q;
    sum     = {1'b0, base} + ((run && lock_q) ? 33'(errs) : 33'd0);
    count_d = sum[32] ? '1 : sum[31:0];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      hist_q  <= '0;
      lock_q  <= 1'b0;
      good_q  <= '0;
      bad_q   <= '0;
      count_q <= '0;
    end else begin
      hist_q  <= hist_d;
      lock_q  <= lock_d;
      good_q  <= good_d;
      bad_q   <= bad_d;
      count_q <= count_d;
    end
  end

  assign lock_o  = lock_q;
  assign count_o = count_q;
endmodule
