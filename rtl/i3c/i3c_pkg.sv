// Shared types and constants of the I3C controller: CCC codes (MIPI I3C Basic, "Common Command
// Codes"), descriptor attributes and response codes in the style of MIPI I3C HCI, the bus-level
// operation sets of the bit engine and the frame layer.
package i3c_pkg;

  // Broadcast address: first header after START (I3C Basic "I3C Address Header").
  localparam logic [6:0] AddrBcast = 7'h7E;
  // Hot-Join request address (I3C Basic "Hot-Join Mechanism").
  localparam logic [6:0] AddrHotJoin = 7'h02;

  // CCC codes used by the sequencer itself; all others pass through unchanged.
  localparam logic [7:0] CccEntdaa = 8'h07;
  localparam logic [7:0] CccDisecB = 8'h01;
  localparam logic [7:0] CccDisecD = 8'h81;
  localparam logic [7:0] CccSetdasa = 8'h87;
  localparam logic [7:0] CccSetnewda = 8'h88;
  // ENEC/DISEC event bits.
  localparam logic [7:0] EvtInt = 8'h01;
  localparam logic [7:0] EvtCr = 8'h02;
  localparam logic [7:0] EvtHj = 8'h08;

  // Command descriptor attribute (HCI "CMD_ATTR").
  typedef enum logic [2:0] {
    AttrRegular = 3'd0,
    AttrImmediate = 3'd1,
    AttrAddrAssign = 3'd2,
    AttrCombo = 3'd3
  } i3c_attr_e;

  // Response error status (HCI codes 0x0-0xB, 0xC-0xE specific to this controller).
  typedef enum logic [3:0] {
    ErrSuccess = 4'h0,
    ErrParity = 4'h2,
    ErrFrame = 4'h3,
    ErrAddrHeader = 4'h4,
    ErrNack = 4'h5,
    ErrOverflow = 4'h6,
    ErrAborted = 4'h8,
    ErrI2cWrNack = 4'h9,
    ErrNotSupported = 4'hA,
    ErrAddrReserved = 4'hC,
    ErrSdaStuck = 4'hD,
    ErrTimeout = 4'hE
  } i3c_err_e;

  // Timing set used by one bus operation.
  typedef enum logic [2:0] {
    TmOd = 3'd0,      // I3C open drain
    TmOdInit = 3'd1,  // I3C open drain, first broadcast header after START (long SCL high)
    TmPp = 3'd2,      // I3C push-pull
    TmFm = 3'd3,      // I2C Fast-mode
    TmFmp = 3'd4      // I2C Fast-mode Plus
  } i3c_tmode_e;

  // Bit engine operations.
  typedef enum logic [2:0] {
    EngStart = 3'd0,
    EngRestart = 3'd1,
    EngStop = 3'd2,
    EngBit = 3'd3,
    EngIdle = 3'd4  // Release the bus and let SCL rest high (used after a failed STOP).
  } i3c_eng_op_e;

  // Frame layer operations.
  typedef enum logic [2:0] {
    FrStart = 3'd0,    // START
    FrRestart = 3'd1,  // repeated START
    FrStop = 3'd2,     // STOP
    FrWrOd = 3'd3,     // 8 bits open drain with arbitration, optional ACK bit read
    FrWrPp = 3'd4,     // 8 bits push-pull plus odd parity T-bit
    FrRdT = 3'd5,      // 8 bits from the target plus T-bit (I3C) or controller ACK/NACK (I2C)
    FrAck = 3'd6       // one bit: controller ACK (drive low) or NACK (release)
  } i3c_fr_op_e;

  // Timing registers as seen by the bit engine, all in module clock cycles.
  typedef struct packed {
    logic [7:0] low_od;
    logic [7:0] high_od;
    logic [7:0] high_init;
    logic [7:0] low_pp;
    logic [7:0] high_pp;
    logic [7:0] hold;
    logic [15:0] low_fm;
    logic [15:0] high_fm;
    logic [15:0] low_fmp;
    logic [15:0] high_fmp;
    logic [7:0] cas;
    logic [7:0] cbp;
    logic [7:0] cbsr;
    logic [7:0] casr;
    logic [15:0] bus_free;
    logic [23:0] timeout;
  } i3c_timing_t;

  // A reserved address (I3C Basic "I3C Target Address Restrictions"): 0x00-0x07, 0x7E and the
  // addresses one bit away from 0x7E, which must never be given to a target.
  function automatic logic is_reserved_addr(logic [6:0] a);
    is_reserved_addr = (a <= 7'h07) || (a == 7'h7E) || (a == 7'h7F) || (a == 7'h7C) || (a == 7'h7A) ||
           (a == 7'h76) || (a == 7'h6E) || (a == 7'h5E) || (a == 7'h3E);
  endfunction

  // Odd parity bit over a byte: the T-bit of an SDR write word.
  function automatic logic odd_parity8(logic [7:0] b);
    odd_parity8 = ~(^b);
  endfunction

endpackage
