// A transparent latch written on purpose: Verilator accepts always_latch, synthesis must refuse it.
module simtest_latch (
  input  logic       en_i,
  input  logic [3:0] d_i,
  output logic [3:0] q_o
);
  always_latch begin
    if (en_i) begin
      q_o = d_i;
    end
  end
endmodule
