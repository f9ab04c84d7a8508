// Cooling interlock configuration (docs/cooling.md, registers in docs/power.md §4).
package cool_pkg;

  localparam int unsigned NumAsics   = 4;
  localparam int unsigned NumSensors = NumAsics + 2;  // ASICs, inlet, flow

  // FAULT register bits 8..13, as trips[5:0].
  localparam int unsigned TripLeak     = 0;
  localparam int unsigned TripAsicOt   = 1;
  localparam int unsigned TripFlowLoss = 2;
  localparam int unsigned TripInletOt  = 3;
  localparam int unsigned TripPlugLoss = 4;
  localparam int unsigned TripSensor   = 5;

  // ALARM register bits.
  localparam int unsigned AlarmAsicWarn  = 0;
  localparam int unsigned AlarmInletWarn = 1;
  localparam int unsigned AlarmFlowWarn  = 2;
  localparam int unsigned AlarmVinLow    = 3;
  localparam int unsigned AlarmVinHigh   = 4;

  // Yosys 0.23 parses multi-dimensional packed declarations only through a typedef.
  typedef logic [11:0] code_t;

  typedef struct packed {
    logic [23:0] plug_deb_us;
    logic [23:0] flow_settle_us;
    logic [23:0] flow_grace_us;
    logic [23:0] leak_filt_us;
    logic [23:0] ot_filt_us;
    logic [11:0] flow_min;
    logic [11:0] flow_warn;
    logic [11:0] asic_ot_trip;
    logic [11:0] asic_ot_warn;
    logic [11:0] inlet_max;
    logic [11:0] inlet_warn;
    logic [11:0] vin_low_warn;
    logic [11:0] vin_high_warn;
  } cool_cfg_t;

endpackage
