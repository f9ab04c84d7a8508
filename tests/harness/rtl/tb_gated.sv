// A flop on a clock the design gates with an input: writing en_i while clk_i is high makes an
// edge, so that input must be evaluated in the step it is written (the harness may not merge it).
module tb_gated (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       en_i,
  input  logic [7:0] d_i,
  output logic [7:0] q_o
);
  logic gclk;
  logic [7:0] q_q;

  assign gclk = clk_i & en_i;

  always_ff @(posedge gclk or negedge rst_ni) begin
    if (!rst_ni) begin
      q_q <= '0;
    end else begin
      q_q <= d_i;
    end
  end

  assign q_o = q_q;
endmodule
