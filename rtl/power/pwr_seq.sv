// Module state machine and rail sequencer (docs/power.md §3), in the spirit of the CMIS module
// states: LowPwr, PwrUp, Ready, PwrDn, Fault. Rails come up in SEQ_ORDER, each within its PG
// timeout and gated by the cooling interlock if high-power; they go down in reverse order. A
// fault removes every high-power rail and every rail downstream of a failed one in the same clock.
module pwr_seq #(
  parameter logic [4:0] HpMask = 5'b11110
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                soft_rst_i,
  input  logic                tick_i,
  input  pwr_pkg::pwr_seq_cfg_t cfg_i,
  input  logic                lowpwr_req_i,
  input  logic                hs_pg_i,
  input  logic                hs_fault_i,
  input  logic [4:0]          rail_pg_i,
  input  logic [4:0]          rail_fault_i,
  input  logic                ilk_ok_i,
  input  logic                ilk_trip_i,    // any interlock trip latched
  input  logic [6:0]          fault_clr_i,
  output pwr_pkg::pwr_state_e state_o,
  output logic [4:0]          rail_en_o,
  output logic [6:0]          fault_o,
  output logic [2:0]          fault_rail_o
);
  localparam int unsigned NumRails = pwr_pkg::NumRails;
  localparam logic [2:0]  LastStep = 3'(NumRails - 1);

  typedef enum logic [1:0] {
    StepGate  = 2'd0,
    StepPg    = 2'd1,
    StepDelay = 2'd2
  } pwr_step_e;

  pwr_pkg::pwr_state_e state_q, state_d;
  pwr_step_e           step_q, step_d;
  logic [2:0]          k_q, k_d;
  logic [23:0]         cnt_q, cnt_d;
  logic                pdn_wait_q, pdn_wait_d;
  logic [4:0]          en_q, en_d;
  logic [4:0]          pg_seen_q, pg_seen_d;
  logic [6:0]          fault_q, fault_d;
  logic [2:0]          fault_rail_q, fault_rail_d;

  // Flat vectors with indexed part-selects: Yosys 0.23 cannot index typedef arrays dynamically.
  logic [3*NumRails+2:0]    order;      // SEQ_ORDER slots, and 7 (no rail) past the end
  logic [3*NumRails-1:0]    pos;        // SEQ_ORDER position of each rail
  logic [24*NumRails-1:0]   rail_w, pg_timeout;      // SEQ_ORDER position of each rail
  logic [6:0]               set;
  logic [2:0]               fail_pos;   // NumRails = none
  logic [2:0]               r_cur;
  logic [23:0]              cnt_inc;
  logic [26:0]              watts;
  logic                     up, fault_any;
  logic                     act_enable, act_pg_ok, act_next;
  logic [NumRails-1:0]      downstream;

  always_comb begin
    order      = {3'd7, cfg_i.seq_order};
    rail_w     = cfg_i.rail_w;
    pg_timeout = cfg_i.pg_timeout_us;
    for (int unsigned r = 0; r < NumRails; r++) begin
      pos[3*r +: 3] = 3'(NumRails);
      for (int unsigned k = 0; k < NumRails; k++) begin
        if (order[3*k +: 3] == 3'(r)) pos[3*r +: 3] = 3'(k);
      end
    end
  end

  always_comb begin
    up       = (state_q == pwr_pkg::StPwrUp) || (state_q == pwr_pkg::StReady);
    set      = '0;
    fail_pos = 3'(NumRails);
    cnt_inc  = (tick_i && (cnt_q != '1)) ? cnt_q + 24'd1 : cnt_q;
    r_cur    = order[3*k_q +: 3];

    // Monitoring of rails and input.
    for (int unsigned r = 0; r < NumRails; r++) begin
      if (en_q[r] && rail_fault_i[r]) begin
        set[pwr_pkg::FaultRailOc] = 1'b1;
        if (pos[3*r +: 3] < fail_pos) fail_pos = pos[3*r +: 3];
      end
      if (up && en_q[r] && pg_seen_q[r] && !rail_pg_i[r] && !rail_fault_i[r]) begin
        set[pwr_pkg::FaultPgLost] = 1'b1;
        if (pos[3*r +: 3] < fail_pos) fail_pos = pos[3*r +: 3];
      end
    end
    if (hs_fault_i) set[pwr_pkg::FaultHs] = 1'b1;
    if (!hs_pg_i && (up || (state_q == pwr_pkg::StPwrDn))) set[pwr_pkg::FaultInputLost] = 1'b1;

    // The step in progress: its faults first, its action only if no fault.
    watts = {3'd0, rail_w[24*r_cur +: 24]};
    for (int unsigned r = 0; r < NumRails; r++) begin
      if (en_q[r]) watts = watts + {3'd0, rail_w[24*r +: 24]};
    end
    act_enable = 1'b0;
    act_pg_ok  = 1'b0;
    act_next   = 1'b0;
    if ((state_q == pwr_pkg::StPwrUp) && !lowpwr_req_i) begin
      unique case (step_q)
        StepGate: begin
          if (watts > {3'd0, cfg_i.class_w}) begin
            set[pwr_pkg::FaultBudget] = 1'b1;
            fail_pos = pos[3*r_cur +: 3];
          end else if (HpMask[r_cur] && !ilk_ok_i) begin
            if (cnt_inc >= cfg_i.cool_wait_us) begin
              set[pwr_pkg::FaultCoolTimeout] = 1'b1;
              if (pos[3*r_cur +: 3] < fail_pos) fail_pos = pos[3*r_cur +: 3];
            end
          end else begin
            act_enable = 1'b1;
          end
        end
        StepPg: begin
          if (rail_pg_i[r_cur]) begin
            act_pg_ok = 1'b1;
          end else if (cnt_inc >= pg_timeout[24*r_cur +: 24]) begin
            set[pwr_pkg::FaultPgTimeout] = 1'b1;
            if (pos[3*r_cur +: 3] < fail_pos) fail_pos = pos[3*r_cur +: 3];
          end
        end
        StepDelay: act_next = (cnt_inc >= cfg_i.seq_delay_us);
        default: ;
      endcase
    end

    downstream = '0;
    for (int unsigned k = 0; k < NumRails; k++) begin
      if (3'(k) >= fail_pos) downstream = downstream | (5'd1 << order[3*k +: 3]);
    end

    fault_d      = (fault_q & ~fault_clr_i) | set;
    fault_rail_d = fault_rail_q;
    if (|(set & pwr_pkg::RailFaultMask) && !(|(fault_q & ~fault_clr_i & pwr_pkg::RailFaultMask))) begin
      fault_rail_d = order[3*fail_pos +: 3];
    end
    fault_any = |fault_d || ilk_trip_i;

    state_d    = state_q;
    step_d     = step_q;
    k_d        = k_q;
    cnt_d      = cnt_inc;
    pdn_wait_d = pdn_wait_q;
    en_d       = en_q;
    pg_seen_d  = (pg_seen_q | (en_q & rail_pg_i)) & en_q;

    if (fault_any) begin
      state_d = pwr_pkg::StFault;
      en_d    = en_q & ~HpMask & ~downstream;
    end else begin
      unique case (state_q)
        pwr_pkg::StLowPwr: begin
          if (!lowpwr_req_i && hs_pg_i) begin
            state_d = pwr_pkg::StPwrUp;
            k_d     = 3'd0;
            step_d  = StepGate;
            cnt_d   = '0;
          end
        end
        pwr_pkg::StPwrUp: begin
          if (lowpwr_req_i) begin
            state_d    = pwr_pkg::StPwrDn;
            k_d        = LastStep;
            pdn_wait_d = 1'b0;
          end else if (act_enable) begin
            en_d[r_cur] = 1'b1;
            step_d      = StepPg;
            cnt_d       = '0;
          end else if (act_pg_ok) begin
            if (k_q == LastStep) begin
              state_d = pwr_pkg::StReady;
            end else begin
              step_d = StepDelay;
              cnt_d  = '0;
            end
          end else if (act_next) begin
            k_d    = k_q + 3'd1;
            step_d = StepGate;
            cnt_d  = '0;
          end
        end
        pwr_pkg::StReady: begin
          if (lowpwr_req_i) begin
            state_d    = pwr_pkg::StPwrDn;
            k_d        = LastStep;
            pdn_wait_d = 1'b0;
          end
        end
        pwr_pkg::StPwrDn: begin
          if (pdn_wait_q) begin
            if (cnt_inc >= cfg_i.pdn_delay_us) begin
              pdn_wait_d = 1'b0;
              if (k_q == 3'd0) begin
                state_d = pwr_pkg::StLowPwr;
              end else begin
                k_d = k_q - 3'd1;
              end
            end
          end else if (en_q[r_cur]) begin
            en_d[r_cur] = 1'b0;
            pdn_wait_d  = 1'b1;
            cnt_d       = '0;
          end else if (k_q == 3'd0) begin
            state_d = pwr_pkg::StLowPwr;
          end else begin
            k_d = k_q - 3'd1;
          end
        end
        pwr_pkg::StFault: begin
          state_d    = pwr_pkg::StPwrDn;
          k_d        = LastStep;
          pdn_wait_d = 1'b0;
        end
        default: begin
          state_d = pwr_pkg::StFault;
          en_d    = '0;
        end
      endcase
    end

    if (soft_rst_i) begin
      state_d      = pwr_pkg::StLowPwr;
      step_d       = StepGate;
      k_d          = '0;
      cnt_d        = '0;
      pdn_wait_d   = 1'b0;
      en_d         = '0;
      pg_seen_d    = '0;
      fault_d      = '0;
      fault_rail_d = 3'd7;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= pwr_pkg::StLowPwr;
      step_q       <= StepGate;
      k_q          <= '0;
      cnt_q        <= '0;
      pdn_wait_q   <= 1'b0;
      en_q         <= '0;
      pg_seen_q    <= '0;
      fault_q      <= '0;
      fault_rail_q <= 3'd7;
    end else begin
      state_q      <= state_d;
      step_q       <= step_d;
      k_q          <= k_d;
      cnt_q        <= cnt_d;
      pdn_wait_q   <= pdn_wait_d;
      en_q         <= en_d;
      pg_seen_q    <= pg_seen_d;
      fault_q      <= fault_d;
      fault_rail_q <= fault_rail_d;
    end
  end

  assign state_o      = state_q;
  assign rail_en_o    = en_q;
  assign fault_o      = fault_q;
  assign fault_rail_o = fault_rail_q;

endmodule
