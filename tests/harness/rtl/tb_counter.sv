// Counter with enable and synchronous load: the harness tests' basic clocked DUT.
module tb_counter #(
  parameter int unsigned Width = 32
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,
  input  logic             load_i,
  input  logic [Width-1:0] load_value_i,
  output logic [Width-1:0] count_o,
  output logic             wrap_o
);
  logic [Width-1:0] count_d, count_q;

  always_comb begin
    count_d = count_q;
    if (load_i) begin
      count_d = load_value_i;
    end else if (en_i) begin
      count_d = count_q + 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
    end else begin
      count_q <= count_d;
    end
  end

  assign count_o = count_q;
  // Combinational output so tests can see a design-driven value change inside a time step.
  assign wrap_o  = en_i && (count_q == {Width{1'b1}});
endmodule
