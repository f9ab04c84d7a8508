// Debouncer with a run-time time: q_o takes the value of d_i once d_i has differed from q_o
// continuously for limit_i ticks; any return of d_i to q_o restarts the count.
module prim_debounce #(
  parameter int unsigned Width      = 24,
  parameter logic        ResetValue = 1'b0
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             clr_i,    // synchronous return to ResetValue
  input  logic             tick_i,
  input  logic             d_i,
  input  logic [Width-1:0] limit_i,
  output logic             q_o
);
  logic             q_q, q_d;
  logic [Width-1:0] cnt_q, cnt_d;

  always_comb begin
    q_d   = q_q;
    cnt_d = '0;
    if (clr_i) begin
      q_d = ResetValue;
    end else if (d_i != q_q) begin
      if (cnt_q >= limit_i) begin
        q_d = d_i;
      end else if (tick_i) begin
        cnt_d = cnt_q + 1'b1;
      end else begin
        cnt_d = cnt_q;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      q_q   <= ResetValue;
      cnt_q <= '0;
    end else begin
      q_q   <= q_d;
      cnt_q <= cnt_d;
    end
  end

  assign q_o = q_q;

endmodule
