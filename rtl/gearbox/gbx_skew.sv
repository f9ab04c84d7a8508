// Per-lane symbol delay of 0..MaxSkew symbols (skew compensation). The history holds the last
// MaxSkew symbols of the lane stream; flush_i restarts it with symbol 0.
module gbx_skew #(
  parameter int unsigned SymsPerClk = 16
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    flush_i,
  input  logic [5:0]              skew_i,
  input  logic [2*SymsPerClk-1:0] word_i,
  output logic [2*SymsPerClk-1:0] word_o
);
  localparam int unsigned HistBits = 2 * gbx_pkg::MaxSkew;
  localparam int unsigned WordBits = 2 * SymsPerClk;

  logic [HistBits-1:0] hist_q, hist_d;
  logic [HistBits+WordBits-1:0] stream;
  logic [7:0] lsb;

  always_comb begin
    stream = {word_i, hist_q};
    lsb    = 8'(HistBits) - {1'b0, skew_i, 1'b0};
    word_o = stream[lsb +: WordBits];
    hist_d = flush_i ? '0 : stream[WordBits +: HistBits];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      hist_q <= '0;
    end else begin
      hist_q <= hist_d;
    end
  end
endmodule
