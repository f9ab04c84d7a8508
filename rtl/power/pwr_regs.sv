// APB register page of the power sequencer and cooling interlock (docs/power.md §4).
// Configuration writes are range checked: an out-of-range write is refused (old value kept),
// answered with pslverr and flagged in REG_ERR. Hand-written rather than generated: see the doc.
module pwr_regs #(
  parameter logic [4:0] HpMask = 5'b11110
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  input  logic                                 soft_rst_i,
  // APB3 slave
  input  logic [7:0]                           paddr_i,
  input  logic                                 psel_i,
  input  logic                                 penable_i,
  input  logic                                 pwrite_i,
  input  logic [31:0]                          pwdata_i,
  output logic [31:0]                          prdata_o,
  output logic                                 pready_o,
  output logic                                 pslverr_o,
  // Live status
  input  pwr_pkg::pwr_state_e                  state_i,
  input  logic [4:0]                           rail_en_i,
  input  logic [4:0]                           rail_pg_i,
  input  logic                                 ilk_ok_i,
  input  logic                                 plug_i,
  input  logic                                 flow_good_i,
  input  logic                                 leak_i,
  input  logic                                 hs_pg_i,
  input  logic                                 valve_i,
  input  logic [13:0]                          fault_i,
  input  logic [2:0]                           fault_rail_i,
  input  logic [1:0]                           fault_asic_i,
  input  logic [4:0]                           alarm_i,
  input  logic [11:0]                          flow_code_i,
  input  logic [11:0]                          inlet_code_i,
  input  cool_pkg::code_t [pwr_pkg::NumAsics-1:0] asic_code_i,
  input  logic [11:0]                          vin_code_i,
  // To the sequencer and the interlock
  output logic                                 lowpwr_sw_o,
  output logic                                 lpmode_pin_en_o,
  output pwr_pkg::pwr_seq_cfg_t                seq_cfg_o,
  output cool_pkg::cool_cfg_t                  ilk_cfg_o,
  output logic [13:0]                          fault_clr_o,
  output logic [4:0]                           alarm_clr_o,
  output logic                                 irq_o
);
  logic [24*pwr_pkg::NumCfg-1:0]   cfg_q, cfg_d;  // flat: Yosys 0.23 indexes typedef arrays poorly
  logic [14:0]                      seq_order_q, seq_order_d;
  logic                             refused_q, refused_d;
  logic [7:0]                       refused_addr_q, refused_addr_d;

  logic                    acc, wr, aligned;
  logic                    is_cfg, is_seq, is_w1c, is_ro, mapped, allowed, refuse;
  logic [4:0]              idx;
  pwr_pkg::pwr_cfg_spec_t  spec;
  logic [7:0]              cfg_off;

  // Address decode and range check.
  always_comb begin
    acc     = psel_i && penable_i;
    wr      = acc && pwrite_i;
    aligned = (paddr_i[1:0] == 2'b00);
    cfg_off = paddr_i - pwr_pkg::AddrCfgFirst;
    is_cfg  = 1'b1;
    idx     = 5'd0;
    unique case (paddr_i)
      pwr_pkg::AddrCtrl:    idx = 5'(pwr_pkg::CfgCtrl);
      pwr_pkg::AddrFaultIe: idx = 5'(pwr_pkg::CfgFaultIe);
      pwr_pkg::AddrAlarmIe: idx = 5'(pwr_pkg::CfgAlarmIe);
      default: begin
        is_cfg = aligned && (paddr_i >= pwr_pkg::AddrCfgFirst) &&
                 (paddr_i <= pwr_pkg::AddrCfgLast);
        idx    = 5'(cfg_off[7:2]) + 5'd3;
      end
    endcase
    is_seq = (paddr_i == pwr_pkg::AddrSeqOrder);
    is_w1c = (paddr_i == pwr_pkg::AddrFault) || (paddr_i == pwr_pkg::AddrAlarm) ||
             (paddr_i == pwr_pkg::AddrRegErr);
    is_ro  = (paddr_i == pwr_pkg::AddrId) || (paddr_i == pwr_pkg::AddrStatus) ||
             (paddr_i == pwr_pkg::AddrRailHp) || (paddr_i == pwr_pkg::AddrSensFlowInlet) ||
             (paddr_i == pwr_pkg::AddrSensAsic01) || (paddr_i == pwr_pkg::AddrSensAsic23) ||
             (paddr_i == pwr_pkg::AddrSensVin);
    mapped  = is_cfg || is_seq || is_w1c || is_ro;
    spec    = pwr_pkg::cfg_spec(idx);
    allowed = is_cfg ? pwr_pkg::cfg_allows(spec.min, spec.max, spec.mask, pwdata_i)
                     : (pwr_pkg::seq_order_valid(pwdata_i) && (state_i == pwr_pkg::StLowPwr));
    refuse  = wr && (is_cfg || is_seq) && !allowed;
  end

  // Register updates.
  always_comb begin
    cfg_d          = cfg_q;
    seq_order_d    = seq_order_q;
    refused_d      = refused_q;
    refused_addr_d = refused_addr_q;
    if (soft_rst_i) begin
      cfg_d          = pwr_pkg::CfgReset;
      seq_order_d    = pwr_pkg::SeqOrderReset;
      refused_d      = 1'b0;
      refused_addr_d = 8'd0;
    end else begin
      // Loops with constant indices: Yosys 0.23 cannot index typedef arrays dynamically.
      for (int unsigned i = 0; i < pwr_pkg::NumCfg; i++) begin
        if (wr && is_cfg && allowed && (idx == 5'(i))) cfg_d[24*i +: 24] = pwdata_i[23:0];
      end
      if (wr && is_seq && allowed) seq_order_d = pwdata_i[14:0];
      if (wr && (paddr_i == pwr_pkg::AddrRegErr) && pwdata_i[0]) refused_d = 1'b0;
      if (refuse) begin
        refused_d      = 1'b1;
        refused_addr_d = paddr_i;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cfg_q          <= pwr_pkg::CfgReset;
      seq_order_q    <= pwr_pkg::SeqOrderReset;
      refused_q      <= 1'b0;
      refused_addr_q <= 8'd0;
    end else begin
      cfg_q          <= cfg_d;
      seq_order_q    <= seq_order_d;
      refused_q      <= refused_d;
      refused_addr_q <= refused_addr_d;
    end
  end

  // Read data and bus response.
  pwr_pkg::cfg_val_t cfg_rd;
  always_comb begin
    cfg_rd = '0;
    for (int unsigned i = 0; i < pwr_pkg::NumCfg; i++) begin
      if (idx == 5'(i)) cfg_rd = cfg_q[24*i +: 24];
    end
    prdata_o = 32'd0;
    unique case (paddr_i)
      pwr_pkg::AddrId:       prdata_o = pwr_pkg::IdValue;
      pwr_pkg::AddrStatus:   prdata_o = {2'b00, valve_i, hs_pg_i, leak_i, flow_good_i, plug_i,
                                         ilk_ok_i, 3'b000, rail_pg_i, 3'b000, rail_en_i, 5'b00000,
                                         state_i};
      pwr_pkg::AddrFault:    prdata_o = {10'd0, fault_asic_i, 1'b0, fault_rail_i, 2'b00, fault_i};
      pwr_pkg::AddrAlarm:    prdata_o = {27'd0, alarm_i};
      pwr_pkg::AddrRegErr:   prdata_o = {16'd0, refused_addr_q, 7'd0, refused_q};
      pwr_pkg::AddrSeqOrder: prdata_o = {17'd0, seq_order_q};
      pwr_pkg::AddrRailHp:   prdata_o = {27'd0, HpMask};
      pwr_pkg::AddrSensFlowInlet: prdata_o = {4'd0, inlet_code_i, 4'd0, flow_code_i};
      pwr_pkg::AddrSensAsic01:    prdata_o = {4'd0, asic_code_i[1], 4'd0, asic_code_i[0]};
      pwr_pkg::AddrSensAsic23:    prdata_o = {4'd0, asic_code_i[3], 4'd0, asic_code_i[2]};
      pwr_pkg::AddrSensVin:       prdata_o = {20'd0, vin_code_i};
      default:               prdata_o = is_cfg ? {8'd0, cfg_rd} : 32'd0;
    endcase
    pready_o  = 1'b1;
    pslverr_o = acc && (!mapped || (pwrite_i && is_ro) || refuse);
    fault_clr_o = (wr && (paddr_i == pwr_pkg::AddrFault)) ? pwdata_i[13:0] : 14'd0;
    alarm_clr_o = (wr && (paddr_i == pwr_pkg::AddrAlarm)) ? pwdata_i[4:0] : 5'd0;
  end

  // Configuration fields as the datapath uses them.
  logic [13:0] fault_ie;
  logic [4:0]  alarm_ie;
  always_comb begin
    lowpwr_sw_o            = cfg_q[24*pwr_pkg::CfgCtrl];
    lpmode_pin_en_o        = cfg_q[24*pwr_pkg::CfgCtrl+1];
    fault_ie               = cfg_q[24*pwr_pkg::CfgFaultIe +: 14];
    alarm_ie               = cfg_q[24*pwr_pkg::CfgAlarmIe +: 5];
    seq_cfg_o.seq_order    = seq_order_q;
    seq_cfg_o.seq_delay_us = cfg_q[24*pwr_pkg::CfgSeqDelay +: 24];
    seq_cfg_o.pdn_delay_us = cfg_q[24*pwr_pkg::CfgPdnDelay +: 24];
    for (int unsigned r = 0; r < pwr_pkg::NumRails; r++) begin
      seq_cfg_o.pg_timeout_us[r] = cfg_q[24*(pwr_pkg::CfgPgTimeout0 + r) +: 24];
      seq_cfg_o.rail_w[r]        = cfg_q[24*(pwr_pkg::CfgRailW0 + r) +: 24];
    end
    seq_cfg_o.cool_wait_us   = cfg_q[24*pwr_pkg::CfgCoolWait +: 24];
    seq_cfg_o.class_w        = cfg_q[24*pwr_pkg::CfgClassW +: 24];
    ilk_cfg_o.plug_deb_us    = cfg_q[24*pwr_pkg::CfgPlugDeb +: 24];
    ilk_cfg_o.flow_settle_us = cfg_q[24*pwr_pkg::CfgFlowSettle +: 24];
    ilk_cfg_o.flow_grace_us  = cfg_q[24*pwr_pkg::CfgFlowGrace +: 24];
    ilk_cfg_o.leak_filt_us   = cfg_q[24*pwr_pkg::CfgLeakFilt +: 24];
    ilk_cfg_o.ot_filt_us     = cfg_q[24*pwr_pkg::CfgOtFilt +: 24];
    ilk_cfg_o.flow_min       = cfg_q[24*pwr_pkg::CfgFlowMin +: 12];
    ilk_cfg_o.flow_warn      = cfg_q[24*pwr_pkg::CfgFlowWarn +: 12];
    ilk_cfg_o.asic_ot_trip   = cfg_q[24*pwr_pkg::CfgAsicOtTrip +: 12];
    ilk_cfg_o.asic_ot_warn   = cfg_q[24*pwr_pkg::CfgAsicOtWarn +: 12];
    ilk_cfg_o.inlet_max      = cfg_q[24*pwr_pkg::CfgInletMax +: 12];
    ilk_cfg_o.inlet_warn     = cfg_q[24*pwr_pkg::CfgInletWarn +: 12];
    ilk_cfg_o.vin_low_warn   = cfg_q[24*pwr_pkg::CfgVinLowWarn +: 12];
    ilk_cfg_o.vin_high_warn  = cfg_q[24*pwr_pkg::CfgVinHighWarn +: 12];
    irq_o = |(fault_i & fault_ie) || |(alarm_i & alarm_ie) || refused_q;
  end

  // The range checks keep these bits zero: masks are narrower than 24 bits, codes are 12 bits.
  logic unused_cfg_hi;
  assign unused_cfg_hi = ^{cfg_q[24*pwr_pkg::CfgCtrl+2 +: 22], cfg_q[24*pwr_pkg::CfgFaultIe+14 +: 10],
                           cfg_q[24*pwr_pkg::CfgAlarmIe+5 +: 19], cfg_q[24*pwr_pkg::CfgFlowMin+12 +: 12],
                           cfg_q[24*pwr_pkg::CfgFlowWarn+12 +: 12], cfg_q[24*pwr_pkg::CfgAsicOtTrip+12 +: 12],
                           cfg_q[24*pwr_pkg::CfgAsicOtWarn+12 +: 12], cfg_q[24*pwr_pkg::CfgInletMax+12 +: 12],
                           cfg_q[24*pwr_pkg::CfgInletWarn+12 +: 12], cfg_q[24*pwr_pkg::CfgVinLowWarn+12 +: 12],
                           cfg_q[24*pwr_pkg::CfgVinHighWarn+12 +: 12], cfg_off[1:0]};

endmodule
