// Cooling interlock (docs/cooling.md): debounced plug mate, flow good after a settle time, leak
// and temperature filters, latched trips (set-dominant, cleared by the host), warnings, and the
// ilk_ok permission without which the sequencer enables no high-power rail.
module cool_ilk (
  input  logic                                clk_i,
  input  logic                                rst_ni,
  input  logic                                soft_rst_i,
  input  logic                                tick_i,
  input  cool_pkg::cool_cfg_t                 cfg_i,
  input  logic                                plug_i,      // synchronized, raw (bouncing)
  input  logic                                leak_i,      // synchronized
  input  logic                                hs_pg_i,     // synchronized
  input  logic [11:0]                         flow_code_i,
  input  logic [11:0]                         inlet_code_i,
  input  cool_pkg::code_t [cool_pkg::NumAsics-1:0] asic_code_i,
  input  logic [11:0]                         vin_code_i,
  input  logic                                hp_on_i,     // any high-power rail enabled
  input  logic                                low_pwr_i,   // module state is LowPwr
  input  logic [5:0]                          trip_clr_i,
  input  logic [4:0]                          alarm_clr_i,
  output logic                                ilk_ok_o,
  output logic                                plug_db_o,
  output logic                                flow_good_o,
  output logic                                leak_o,
  output logic                                valve_en_o,
  output logic [5:0]                          trips_o,
  output logic [4:0]                          alarms_o,
  output logic [1:0]                          fault_asic_o
);
  localparam int unsigned NumAsics   = cool_pkg::NumAsics;
  localparam int unsigned NumSensors = cool_pkg::NumSensors;

  logic                          flow_ok, inlet_ok, leak_f, grace_done, inlet_ot;
  logic [NumAsics-1:0]           asic_ot;
  logic [NumSensors-1:0]         sensor_bad_raw, sensor_bad;
  cool_pkg::code_t [NumSensors-1:0] sensor_code;
  logic [5:0]                    trips_q, trips_d, set;
  logic [4:0]                    alarms_q, alarms_d, warn;
  logic [1:0]                    fault_asic_q, fault_asic_d;

  assign flow_ok  = (flow_code_i >= cfg_i.flow_min);
  assign inlet_ok = (inlet_code_i <= cfg_i.inlet_max);

  prim_debounce #(
    .Width     (24),
    .ResetValue(1'b0)
  ) u_plug_deb (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .clr_i  (soft_rst_i),
    .tick_i (tick_i),
    .d_i    (plug_i),
    .limit_i(cfg_i.plug_deb_us),
    .q_o    (plug_db_o)
  );

  prim_hold_timer #(.Width(24)) u_flow_settle (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .clr_i  (soft_rst_i),
    .tick_i (tick_i),
    .cond_i (flow_ok),
    .limit_i(cfg_i.flow_settle_us),
    .done_o (flow_good_o)
  );

  prim_hold_timer #(.Width(24)) u_leak_filt (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .clr_i  (soft_rst_i),
    .tick_i (tick_i),
    .cond_i (leak_i),
    .limit_i(cfg_i.leak_filt_us),
    .done_o (leak_f)
  );

  prim_hold_timer #(.Width(24)) u_flow_grace (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .clr_i  (soft_rst_i),
    .tick_i (tick_i),
    .cond_i (hp_on_i && !flow_ok),
    .limit_i(cfg_i.flow_grace_us),
    .done_o (grace_done)
  );

  prim_hold_timer #(.Width(24)) u_inlet_ot (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .clr_i  (soft_rst_i),
    .tick_i (tick_i),
    .cond_i (hp_on_i && !inlet_ok),
    .limit_i(cfg_i.ot_filt_us),
    .done_o (inlet_ot)
  );

  for (genvar i = 0; i < NumAsics; i++) begin : gen_asic_ot
    prim_hold_timer #(.Width(24)) u_asic_ot (
      .clk_i  (clk_i),
      .rst_ni (rst_ni),
      .clr_i  (soft_rst_i),
      .tick_i (tick_i),
      .cond_i (asic_code_i[i] > cfg_i.asic_ot_trip),
      .limit_i(cfg_i.ot_filt_us),
      .done_o (asic_ot[i])
    );
  end

  // Open or shorted sensors: temperatures at either end of the code range, flow at full scale.
  always_comb begin
    for (int unsigned i = 0; i < NumAsics; i++) sensor_code[i] = asic_code_i[i];
    sensor_code[NumAsics]     = inlet_code_i;
    sensor_code[NumAsics + 1] = flow_code_i;
    for (int unsigned i = 0; i < NumSensors; i++) begin
      sensor_bad_raw[i] = (sensor_code[i] == 12'hFFF) ||
                          ((i != NumAsics + 1) && (sensor_code[i] == 12'h000));
    end
  end

  for (genvar i = 0; i < NumSensors; i++) begin : gen_sensor_bad
    prim_hold_timer #(.Width(24)) u_sensor_bad (
      .clk_i  (clk_i),
      .rst_ni (rst_ni),
      .clr_i  (soft_rst_i),
      .tick_i (tick_i),
      .cond_i (sensor_bad_raw[i]),
      .limit_i(cfg_i.ot_filt_us),
      .done_o (sensor_bad[i])
    );
  end

  always_comb begin
    set                         = '0;
    set[cool_pkg::TripLeak]     = leak_f;
    set[cool_pkg::TripAsicOt]   = |asic_ot;
    set[cool_pkg::TripFlowLoss] = grace_done;
    set[cool_pkg::TripInletOt]  = inlet_ot;
    set[cool_pkg::TripPlugLoss] = hp_on_i && !plug_db_o;
    set[cool_pkg::TripSensor]   = |sensor_bad;
    trips_d = (trips_q & ~trip_clr_i) | set;

    fault_asic_d = fault_asic_q;
    if (|asic_ot && !(trips_q[cool_pkg::TripAsicOt] && !trip_clr_i[cool_pkg::TripAsicOt])) begin
      for (int i = NumAsics - 1; i >= 0; i--) begin
        if (asic_ot[i]) fault_asic_d = 2'(i);
      end
    end

    warn = '0;
    for (int unsigned i = 0; i < NumAsics; i++) begin
      if (asic_code_i[i] > cfg_i.asic_ot_warn) warn[cool_pkg::AlarmAsicWarn] = 1'b1;
    end
    warn[cool_pkg::AlarmInletWarn] = inlet_code_i > cfg_i.inlet_warn;
    warn[cool_pkg::AlarmFlowWarn]  = hp_on_i && (flow_code_i < cfg_i.flow_warn);
    warn[cool_pkg::AlarmVinLow]    = hs_pg_i && (vin_code_i < cfg_i.vin_low_warn);
    warn[cool_pkg::AlarmVinHigh]   = vin_code_i > cfg_i.vin_high_warn;
    alarms_d = (alarms_q & ~alarm_clr_i) | warn;

    if (soft_rst_i) begin
      trips_d      = '0;
      alarms_d     = '0;
      fault_asic_d = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      trips_q      <= '0;
      alarms_q     <= '0;
      fault_asic_q <= '0;
    end else begin
      trips_q      <= trips_d;
      alarms_q     <= alarms_d;
      fault_asic_q <= fault_asic_d;
    end
  end

  assign ilk_ok_o     = plug_db_o && flow_good_o && !leak_f && inlet_ok && !(|trips_q);
  assign leak_o       = leak_f;
  assign valve_en_o   = plug_db_o && !trips_q[cool_pkg::TripLeak] && !low_pwr_i;
  assign trips_o      = trips_q;
  assign alarms_o     = alarms_q;
  assign fault_asic_o = fault_asic_q;

endmodule
