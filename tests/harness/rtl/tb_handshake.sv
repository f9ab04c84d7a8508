// A valid/ready register slice holding one word, plus a wide bus and an unpacked array of lane
// words: exercises back-pressure, >64-bit handles and array handles.
module tb_handshake (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        in_valid_i,
  output logic        in_ready_o,
  input  logic [31:0] in_data_i,
  output logic        out_valid_o,
  input  logic        out_ready_i,
  output logic [31:0] out_data_o,
  input  logic [99:0] wide_i,
  output logic [99:0] wide_inv_o,
  input  logic [15:0] lanes_i [4],
  output logic [15:0] lanes_rev_o [4]
);
  logic        full_q, full_d;
  logic [31:0] data_q, data_d;

  always_comb begin
    full_d = full_q;
    data_d = data_q;
    if (out_valid_o && out_ready_i) full_d = 1'b0;
    if (in_valid_i && in_ready_o) begin
      full_d = 1'b1;
      data_d = in_data_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      full_q <= 1'b0;
      data_q <= '0;
    end else begin
      full_q <= full_d;
      data_q <= data_d;
    end
  end

  assign in_ready_o  = !full_q || out_ready_i;
  assign out_valid_o = full_q;
  assign out_data_o  = data_q;
  assign wide_inv_o  = ~wide_i;

  for (genvar i = 0; i < 4; i++) begin : gen_lanes
    assign lanes_rev_o[i] = lanes_i[3-i];
  end
endmodule
