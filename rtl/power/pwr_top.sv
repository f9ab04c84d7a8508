// Power sequencing and cooling interlock block of the XPO control FPGA: APB register page,
// module state machine and rail sequencer, cooling interlock, input synchronizers and the 1 us
// time base (docs/power.md, docs/cooling.md).
module pwr_top #(
  parameter int unsigned TickCycles = 25,        // clk_i cycles per microsecond
  parameter logic [4:0]  HpMask     = 5'b11110   // high-power rails (cooling gated)
) (
  input  logic                                clk_i,
  input  logic                                rst_ni,
  // APB3 slave
  input  logic [7:0]                          paddr_i,
  input  logic                                psel_i,
  input  logic                                penable_i,
  input  logic                                pwrite_i,
  input  logic [31:0]                         pwdata_i,
  output logic [31:0]                         prdata_o,
  output logic                                pready_o,
  output logic                                pslverr_o,
  // Host pins
  input  logic                                host_reset_ni,
  input  logic                                lpmode_i,
  output logic                                irq_o,
  // Power plant
  input  logic                                hs_pg_i,
  input  logic                                hs_fault_i,
  input  logic [4:0]                          rail_pg_i,
  input  logic [4:0]                          rail_fault_i,
  input  logic [11:0]                         vin_code_i,
  output logic [4:0]                          rail_en_o,
  // Cooling plant
  input  logic                                plug_i,
  input  logic                                leak_i,
  input  logic [11:0]                         flow_code_i,
  input  logic [11:0]                         inlet_code_i,
  input  cool_pkg::code_t [pwr_pkg::NumAsics-1:0] asic_code_i,
  output logic                                valve_en_o,
  // Observation
  output pwr_pkg::pwr_state_e                 state_o
);
  // Asynchronous inputs: host_reset_n, lpmode, hs_pg, hs_fault, 5 PG, 5 fault, plug, leak.
  localparam int unsigned NumSync = 16;

  logic [NumSync-1:0] async_in, sync_out;
  logic               host_reset_n, lpmode, hs_pg, hs_fault, plug, leak;
  logic [4:0]         rail_pg, rail_fault;
  logic               tick, soft_rst, lowpwr_req;

  assign async_in = {host_reset_ni, lpmode_i, hs_pg_i, hs_fault_i, rail_pg_i, rail_fault_i,
                     plug_i, leak_i};

  for (genvar i = 0; i < NumSync; i++) begin : gen_sync
    // host_reset_n resets high so the block is not held in reset by the synchronizer itself.
    prim_flop_2sync #(
      .ResetValue(i == NumSync - 1)
    ) u_sync (
      .clk_i (clk_i),
      .rst_ni(rst_ni),
      .d_i   (async_in[i]),
      .q_o   (sync_out[i])
    );
  end
  assign {host_reset_n, lpmode, hs_pg, hs_fault, rail_pg, rail_fault, plug, leak} = sync_out;
  assign soft_rst = !host_reset_n;

  prim_tick_gen #(.Cycles(TickCycles)) u_tick (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .tick_o(tick)
  );

  logic                  lowpwr_sw, lpmode_pin_en;
  pwr_pkg::pwr_seq_cfg_t seq_cfg;
  cool_pkg::cool_cfg_t   ilk_cfg;
  logic [13:0]           fault_clr, fault;
  logic [4:0]            alarm_clr, alarm;
  logic [6:0]            seq_fault;
  logic [2:0]            fault_rail;
  logic [1:0]            fault_asic;
  logic [5:0]            trips;
  logic                  ilk_ok, plug_db, flow_good, leak_f;
  pwr_pkg::pwr_state_e   state;

  assign lowpwr_req = lowpwr_sw || (lpmode_pin_en && lpmode);
  assign fault      = {trips, 1'b0, seq_fault};

  pwr_regs #(.HpMask(HpMask)) u_regs (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .soft_rst_i     (soft_rst),
    .paddr_i        (paddr_i),
    .psel_i         (psel_i),
    .penable_i      (penable_i),
    .pwrite_i       (pwrite_i),
    .pwdata_i       (pwdata_i),
    .prdata_o       (prdata_o),
    .pready_o       (pready_o),
    .pslverr_o      (pslverr_o),
    .state_i        (state),
    .rail_en_i      (rail_en_o),
    .rail_pg_i      (rail_pg),
    .ilk_ok_i       (ilk_ok),
    .plug_i         (plug_db),
    .flow_good_i    (flow_good),
    .leak_i         (leak_f),
    .hs_pg_i        (hs_pg),
    .valve_i        (valve_en_o),
    .fault_i        (fault),
    .fault_rail_i   (fault_rail),
    .fault_asic_i   (fault_asic),
    .alarm_i        (alarm),
    .flow_code_i    (flow_code_i),
    .inlet_code_i   (inlet_code_i),
    .asic_code_i    (asic_code_i),
    .vin_code_i     (vin_code_i),
    .lowpwr_sw_o    (lowpwr_sw),
    .lpmode_pin_en_o(lpmode_pin_en),
    .seq_cfg_o      (seq_cfg),
    .ilk_cfg_o      (ilk_cfg),
    .fault_clr_o    (fault_clr),
    .alarm_clr_o    (alarm_clr),
    .irq_o          (irq_o)
  );

  pwr_seq #(.HpMask(HpMask)) u_seq (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .soft_rst_i  (soft_rst),
    .tick_i      (tick),
    .cfg_i       (seq_cfg),
    .lowpwr_req_i(lowpwr_req),
    .hs_pg_i     (hs_pg),
    .hs_fault_i  (hs_fault),
    .rail_pg_i   (rail_pg),
    .rail_fault_i(rail_fault),
    .ilk_ok_i    (ilk_ok),
    .ilk_trip_i  (|trips),
    .fault_clr_i (fault_clr[6:0]),
    .state_o     (state),
    .rail_en_o   (rail_en_o),
    .fault_o     (seq_fault),
    .fault_rail_o(fault_rail)
  );

  cool_ilk u_ilk (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .soft_rst_i  (soft_rst),
    .tick_i      (tick),
    .cfg_i       (ilk_cfg),
    .plug_i      (plug),
    .leak_i      (leak),
    .hs_pg_i     (hs_pg),
    .flow_code_i (flow_code_i),
    .inlet_code_i(inlet_code_i),
    .asic_code_i (asic_code_i),
    .vin_code_i  (vin_code_i),
    .hp_on_i     (|(rail_en_o & HpMask)),
    .low_pwr_i   (state == pwr_pkg::StLowPwr),
    .trip_clr_i  (fault_clr[13:8]),
    .alarm_clr_i (alarm_clr),
    .ilk_ok_o    (ilk_ok),
    .plug_db_o   (plug_db),
    .flow_good_o (flow_good),
    .leak_o      (leak_f),
    .valve_en_o  (valve_en_o),
    .trips_o     (trips),
    .alarms_o    (alarm),
    .fault_asic_o(fault_asic)
  );

  assign state_o = state;

  // FAULT bit 7 is reserved: its clear bit is ignored.
  logic unused_fault_clr;
  assign unused_fault_clr = fault_clr[7];

endmodule
