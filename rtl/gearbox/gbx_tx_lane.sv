// One media lane of the host-to-media path after the crossbar: Gray map, PRBS replace,
// 1/(1+D) mod 4 precoder, polarity, skew, squelch and the output register
// (docs/gearbox.md section 3).
module gbx_tx_lane #(
  parameter int unsigned SymsPerClk = 16
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic [10:0]             cfg_i,      // gbx_pkg::gbx_lane_cfg_t
  input  logic                    flush_i,    // commit edge: restart every state
  input  logic                    squelch_i,  // drive 0 after this edge
  input  logic [2*SymsPerClk-1:0] word_i,
  output logic [2*SymsPerClk-1:0] word_o
);
  localparam int unsigned W = SymsPerClk;
  localparam logic [2*W-1:0] LoBits = {W{2'b01}};

  logic [2*W-1:0] gray, pat, prbs_word, pre, pol, skewed, out_q, out_d;
  logic [12:0] h13_q, h13_d, h13_next;
  logic [30:0] h31_q, h31_d, h31_next;
  logic [2*W-1:0] b13, b31;
  logic [1:0] p_q, p_d;
  gbx_pkg::gbx_lane_cfg_t cfg;
  assign cfg = cfg_i;

  prim_prbs_par #(
    .HistWidth(13),
    .Width    (2 * W),
    .Taps     (gbx_pkg::Prbs13Taps)
  ) u_prbs13 (
    .hist_i     (h13_q),
    .ref_i      ('0),
    .self_sync_i(1'b0),
    .bits_o     (b13),
    .hist_o     (h13_next)
  );

  prim_prbs_par #(
    .HistWidth(31),
    .Width    (2 * W),
    .Taps     (gbx_pkg::Prbs31Taps)
  ) u_prbs31 (
    .hist_i     (h31_q),
    .ref_i      ('0),
    .self_sync_i(1'b0),
    .bits_o     (b31),
    .hist_o     (h31_next)
  );

  always_comb begin
    // Gray: symbol {A, B} -> {A, A ^ B}.
    gray = cfg.gray ? word_i ^ ((word_i >> 1) & LoBits) : word_i;

    // PRBSnQ: bits 2j (A) and 2j+1 (B), inverted for PRBS31, Gray mapped.
    pat = (cfg.prbs == gbx_pkg::PatPrbs13q) ? b13 : ~b31;
    for (int unsigned j = 0; j < W; j++) begin
      prbs_word[2*j+1] = pat[2*j];
      prbs_word[2*j]   = pat[2*j] ^ pat[2*j+1];
    end
    if (cfg.prbs != gbx_pkg::PatOff) begin
      pre = prbs_word;
    end else begin
      pre = gray;
    end

    // Precoder P(j) = (T(j) - P(j-1)) mod 4.
    p_d = p_q;
    if (cfg.precode) begin
      for (int unsigned j = 0; j < W; j++) begin
        p_d = pre[2*j +: 2] - p_d;
        pre[2*j +: 2] = p_d;
      end
    end

    pol = cfg.polarity ? ~pre : pre;

    if (flush_i) begin
      h13_d = gbx_pkg::Prbs13SeedHist;
      h31_d = gbx_pkg::Prbs31SeedHist;
      p_d   = 2'd0;
    end else begin
      h13_d = h13_next;
      h31_d = h31_next;
    end
    out_d = squelch_i ? '0 : skewed;
  end

  gbx_skew #(
    .SymsPerClk(W)
  ) u_skew (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .flush_i(flush_i),
    .skew_i (cfg.skew),
    .word_i (pol),
    .word_o (skewed)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      h13_q <= gbx_pkg::Prbs13SeedHist;
      h31_q <= gbx_pkg::Prbs31SeedHist;
      p_q   <= 2'd0;
      out_q <= '0;
    end else begin
      h13_q <= h13_d;
      h31_q <= h31_d;
      p_q   <= p_d;
      out_q <= out_d;
    end
  end

  assign word_o = out_q;
endmodule
