// One media lane of the media-to-host path before the crossbar: skew compensation, polarity,
// 1/(1+D) mod 4 decoder, PRBS checker tap, Gray unmap (docs/gearbox.md section 3). The result
// is combinational; the output register sits after the crossbar.
module gbx_rx_lane #(
  parameter int unsigned SymsPerClk = 16
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic [10:0]             cfg_i,  // gbx_pkg::gbx_lane_cfg_t
  input  logic                    flush_i,
  input  logic                    hold_chk_i,
  input  logic                    clear_cnt_i,
  input  logic [2*SymsPerClk-1:0] word_i,
  output logic [2*SymsPerClk-1:0] word_o,
  output logic                    lock_o,
  output logic [31:0]             count_o
);
  localparam int unsigned W = SymsPerClk;
  localparam logic [2*W-1:0] LoBits = {W{2'b01}};

  logic [2*W-1:0] skewed, pol, dec;
  logic [1:0] r_q, r_d;
  gbx_pkg::gbx_lane_cfg_t cfg;
  assign cfg = cfg_i;

  gbx_skew #(
    .SymsPerClk(W)
  ) u_skew (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .flush_i(flush_i),
    .skew_i (cfg.skew),
    .word_i (word_i),
    .word_o (skewed)
  );

  always_comb begin
    pol = cfg.polarity ? ~skewed : skewed;
    // Decoder T(j) = (R(j) + R(j-1)) mod 4.
    dec = pol;
    r_d = r_q;
    if (cfg.precode) begin
      for (int unsigned j = 0; j < W; j++) begin
        dec[2*j +: 2] = pol[2*j +: 2] + r_d;
        r_d = pol[2*j +: 2];
      end
    end
    if (flush_i) r_d = 2'd0;
    // Gray unmap {hi, lo} -> {hi, hi ^ lo} (the 2-bit Gray code is its own inverse).
    word_o = cfg.gray ? dec ^ ((dec >> 1) & LoBits) : dec;
  end

  gbx_prbs_chk #(
    .SymsPerClk(W)
  ) u_chk (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .pat_i  (cfg.prbs),
    .hold_i (hold_chk_i),
    .clear_i(clear_cnt_i),
    .word_i (dec),
    .lock_o (lock_o),
    .count_o(count_o)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      r_q <= 2'd0;
    end else begin
      r_q <= r_d;
    end
  end
endmodule
