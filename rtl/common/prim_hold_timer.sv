// "Condition held for a time": counts tick_i pulses while cond_i is high and clears when it is
// low; done_o is high while cond_i is high and the count has reached limit_i (limit 0: at once).
// clr_i restarts the count (synchronous reset). The count saturates.
module prim_hold_timer #(
  parameter int unsigned Width = 24
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             clr_i,
  input  logic             tick_i,
  input  logic             cond_i,
  input  logic [Width-1:0] limit_i,
  output logic             done_o
);
  logic [Width-1:0] cnt_q, cnt_d;

  always_comb begin
    done_o = cond_i && (cnt_q >= limit_i);
    if (clr_i || !cond_i) begin
      cnt_d = '0;
    end else if (tick_i && (cnt_q != '1)) begin
      cnt_d = cnt_q + 1'b1;
    end else begin
      cnt_d = cnt_q;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
    end else begin
      cnt_q <= cnt_d;
    end
  end

endmodule
