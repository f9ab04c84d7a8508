// Power sequencer and cooling interlock page: states, register map, reset values and ranges
// (docs/power.md §3-§4).
package pwr_pkg;

  localparam int unsigned NumRails = 5;
  localparam int unsigned NumAsics = 4;
  localparam int unsigned NumCfg   = 30;

  // Yosys 0.23 parses multi-dimensional packed declarations only through a typedef.
  typedef logic [23:0] cfg_val_t;
  typedef logic [2:0]  rail_idx_t;

  typedef enum logic [2:0] {
    StLowPwr = 3'd0,
    StPwrUp  = 3'd1,
    StReady  = 3'd2,
    StPwrDn  = 3'd3,
    StFault  = 3'd4
  } pwr_state_e;

  // FAULT register bit positions.
  localparam int unsigned FaultPgTimeout   = 0;
  localparam int unsigned FaultPgLost      = 1;
  localparam int unsigned FaultRailOc      = 2;
  localparam int unsigned FaultBudget      = 3;
  localparam int unsigned FaultHs          = 4;
  localparam int unsigned FaultInputLost   = 5;
  localparam int unsigned FaultCoolTimeout = 6;
  localparam logic [6:0] RailFaultMask = 7'b1001111;

  // Register offsets.
  localparam logic [7:0] AddrId       = 8'h00;
  localparam logic [7:0] AddrCtrl     = 8'h04;
  localparam logic [7:0] AddrStatus   = 8'h08;
  localparam logic [7:0] AddrFault    = 8'h0C;
  localparam logic [7:0] AddrAlarm    = 8'h10;
  localparam logic [7:0] AddrFaultIe  = 8'h14;
  localparam logic [7:0] AddrAlarmIe  = 8'h18;
  localparam logic [7:0] AddrRegErr   = 8'h1C;
  localparam logic [7:0] AddrSeqOrder = 8'h20;
  localparam logic [7:0] AddrRailHp   = 8'h24;
  localparam logic [7:0] AddrCfgFirst = 8'h28;  // SEQ_DELAY_US ...
  localparam logic [7:0] AddrCfgLast  = 8'h90;  // ... VIN_HIGH_WARN, contiguous
  localparam logic [7:0] AddrSensFlowInlet = 8'h94;
  localparam logic [7:0] AddrSensAsic01    = 8'h98;
  localparam logic [7:0] AddrSensAsic23    = 8'h9C;
  localparam logic [7:0] AddrSensVin       = 8'hA0;
  localparam logic [31:0] IdValue = 32'h5057_0001;
  localparam logic [14:0] SeqOrderReset = {3'd4, 3'd3, 3'd2, 3'd1, 3'd0};

  // Configuration register indices: 0..2 are bit masks, 3..29 map to 0x28 + 4 * (idx - 3).
  localparam int unsigned CfgCtrl        = 0;
  localparam int unsigned CfgFaultIe     = 1;
  localparam int unsigned CfgAlarmIe     = 2;
  localparam int unsigned CfgSeqDelay    = 3;
  localparam int unsigned CfgPdnDelay    = 4;
  localparam int unsigned CfgPgTimeout0  = 5;
  localparam int unsigned CfgCoolWait    = 10;
  localparam int unsigned CfgClassW      = 11;
  localparam int unsigned CfgRailW0      = 12;
  localparam int unsigned CfgPlugDeb     = 17;
  localparam int unsigned CfgFlowSettle  = 18;
  localparam int unsigned CfgFlowGrace   = 19;
  localparam int unsigned CfgLeakFilt    = 20;
  localparam int unsigned CfgOtFilt      = 21;
  localparam int unsigned CfgFlowMin     = 22;
  localparam int unsigned CfgFlowWarn    = 23;
  localparam int unsigned CfgAsicOtTrip  = 24;
  localparam int unsigned CfgAsicOtWarn  = 25;
  localparam int unsigned CfgInletMax    = 26;
  localparam int unsigned CfgInletWarn   = 27;
  localparam int unsigned CfgVinLowWarn  = 28;
  localparam int unsigned CfgVinHighWarn = 29;

  // Reset values, index 29 first (a packed array lists its highest index first).
  localparam logic [NumCfg*24-1:0] CfgReset = {
    24'd2900,
    24'd2100,
    24'd1664,
    24'd1744,
    24'd2544,
    24'd2704,
    24'd600,
    24'd500,
    24'd100,
    24'd100,
    24'd50000,
    24'd50000,
    24'd5000,
    24'd60,
    24'd80,
    24'd40,
    24'd200,
    24'd10,
    24'd400,
    24'd1000000,
    24'd10000,
    24'd10000,
    24'd10000,
    24'd10000,
    24'd10000,
    24'd200,
    24'd500,
    24'h1F,
    24'h3F7F,
    24'h3
  };

  typedef struct packed {
    logic [23:0] min;
    logic [23:0] max;   // for a mask register: the writable bits
    logic        mask;
  } pwr_cfg_spec_t;

  function automatic pwr_cfg_spec_t cfg_spec(input logic [4:0] idx);
    unique case (idx)
      5'd0:  cfg_spec = {24'd0, 24'h3, 1'b1};
      5'd1:  cfg_spec = {24'd0, 24'h3F7F, 1'b1};
      5'd2:  cfg_spec = {24'd0, 24'h1F, 1'b1};
      5'd3:  cfg_spec = {24'd0, 24'd100000, 1'b0};
      5'd4:  cfg_spec = {24'd0, 24'd100000, 1'b0};
      5'd5, 5'd6, 5'd7, 5'd8, 5'd9:
             cfg_spec = {24'd100, 24'd1000000, 1'b0};
      5'd10: cfg_spec = {24'd1000, 24'd10000000, 1'b0};
      5'd11: cfg_spec = {24'd50, 24'd480, 1'b0};
      5'd12: cfg_spec = {24'd0, 24'd480, 1'b0};
      5'd13: cfg_spec = {24'd0, 24'd480, 1'b0};
      5'd14: cfg_spec = {24'd0, 24'd480, 1'b0};
      5'd15: cfg_spec = {24'd0, 24'd480, 1'b0};
      5'd16: cfg_spec = {24'd0, 24'd480, 1'b0};
      5'd17: cfg_spec = {24'd100, 24'd100000, 1'b0};
      5'd18: cfg_spec = {24'd0, 24'd1000000, 1'b0};
      5'd19: cfg_spec = {24'd0, 24'd200000, 1'b0};
      5'd20, 5'd21:
             cfg_spec = {24'd0, 24'd990, 1'b0};
      5'd22: cfg_spec = {24'd100, 24'd4000, 1'b0};
      5'd23: cfg_spec = {24'd100, 24'd4000, 1'b0};
      // Temperature codes (T + 64) * 16: trip 105 C, warn 95 C, range 40..125 C.
      5'd24: cfg_spec = {24'd1664, 24'd3024, 1'b0};
      5'd25: cfg_spec = {24'd1664, 24'd3024, 1'b0};
      // Inlet 45 C max, 40 C warn, range 10..60 C.
      5'd26: cfg_spec = {24'd1184, 24'd1984, 1'b0};
      5'd27: cfg_spec = {24'd1184, 24'd1984, 1'b0};
      // Input voltage codes, 20 mV: 42 V / 58 V; ranges 35..60 V and 40..64 V.
      5'd28: cfg_spec = {24'd1750, 24'd3000, 1'b0};
      5'd29: cfg_spec = {24'd2000, 24'd3200, 1'b0};
      default: cfg_spec = {24'd1, 24'd0, 1'b0};  // never allowed
    endcase
  endfunction

  // Plain arguments: Yosys 0.23 mis-reads struct members of function arguments.
  function automatic logic cfg_allows(input logic [23:0] min, input logic [23:0] max,
                                      input logic is_mask, input logic [31:0] value);
    if (value[31:24] != 8'd0) begin
      cfg_allows = 1'b0;
    end else if (is_mask) begin
      cfg_allows = (value[23:0] & ~max) == 24'd0;
    end else begin
      cfg_allows = (value[23:0] >= min) && (value[23:0] <= max);
    end
  endfunction

  function automatic logic seq_order_valid(input logic [31:0] value);
    logic [7:0] seen;
    logic       ok;
    seen = '0;
    ok   = (value[31:15] == '0);
    for (int unsigned k = 0; k < NumRails; k++) begin
      if (value[3*k +: 3] >= 3'(NumRails) || seen[value[3*k +: 3]]) begin
        ok = 1'b0;
      end
      seen[value[3*k +: 3]] = 1'b1;
    end
    seq_order_valid = ok;
  endfunction

  // Configuration of the sequencer.
  typedef struct packed {
    logic [14:0]               seq_order;
    logic [23:0]               seq_delay_us;
    logic [23:0]               pdn_delay_us;
    logic [NumRails-1:0][23:0] pg_timeout_us;
    logic [23:0]               cool_wait_us;
    logic [23:0]               class_w;
    logic [NumRails-1:0][23:0] rail_w;
  } pwr_seq_cfg_t;

endpackage
