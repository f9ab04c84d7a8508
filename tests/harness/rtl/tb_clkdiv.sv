// Divides clk_i by two: a clock the design produces, for edge triggers on design-driven signals.
module tb_clkdiv (
  input  logic clk_i,
  input  logic rst_ni,
  output logic clk_div_o
);
  logic div_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      div_q <= 1'b0;
    end else begin
      div_q <= ~div_q;
    end
  end

  assign clk_div_o = div_q;
endmodule
