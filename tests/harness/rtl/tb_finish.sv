// A counter that ends the simulation with $finish once it reaches stop_at_i, at that rising edge
// or at the falling edge after it: tests that the harness stops where the design does. The test
// sets stop_at_i once the counter is out of reset.
module tb_finish (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       en_i,
  input  logic [7:0] stop_at_i,
  input  logic       on_fall_i,
  output logic [7:0] count_o
);
  logic [7:0] count_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
    end else if (en_i) begin
      count_q <= count_q + 8'd1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!on_fall_i && count_q == stop_at_i) $finish;
  end

  always_ff @(negedge clk_i) begin
    if (on_fall_i && count_q == stop_at_i) $finish;
  end

  assign count_o = count_q;
endmodule
