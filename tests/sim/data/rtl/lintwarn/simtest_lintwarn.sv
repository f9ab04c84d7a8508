// Synthesizes fine but has a -Wall finding: the upper half of a_i is never used (UNUSEDSIGNAL).
module simtest_lintwarn (
  input  logic [7:0] a_i,
  output logic [3:0] y_o
);
  assign y_o = a_i[3:0];
endmodule
