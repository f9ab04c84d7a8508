// Gearbox types and constants shared by the gbx_* modules (docs/gearbox.md). Register field
// encodings are plain constants rather than enums: ports carry them as logic vectors (Yosys
// 0.23 takes no package types on ports).
package gbx_pkg;

  // MODE
  localparam logic [1:0] Mode1to1 = 2'd0;  // M host lanes, full rate
  localparam logic [1:0] Mode2to1 = 2'd1;  // 2M host lanes, half rate, onto M media lanes
  localparam logic [1:0] Mode1to2 = 2'd2;  // M host lanes, half rate, onto M/2 media lanes
  localparam logic [1:0] ModeRsvd = 2'd3;

  // TX_LANE / RX_LANE .PRBS
  localparam logic [1:0] PatOff     = 2'd0;
  localparam logic [1:0] PatPrbs13q = 2'd1;
  localparam logic [1:0] PatPrbs31q = 2'd2;
  localparam logic [1:0] PatRsvd    = 2'd3;

  // Per media lane settings (TX_LANE / RX_LANE fields), LaneCfgW bits.
  typedef struct packed {
    logic [5:0] skew;
    logic [1:0] prbs;
    logic       precode;
    logic       gray;
    logic       polarity;
  } gbx_lane_cfg_t;
  localparam int unsigned LaneCfgW = 11;
  localparam int unsigned LaneCfgPrbsLsb = 3;  // position of .prbs

  // CFG_ERR_INFO.CODE
  localparam logic [3:0] ErrNone       = 4'd0;
  localparam logic [3:0] ErrBadMode    = 4'd1;
  localparam logic [3:0] ErrOutOfRange = 4'd2;
  localparam logic [3:0] ErrRepeated   = 4'd3;
  localparam logic [3:0] ErrBadPattern = 4'd4;

  typedef struct packed {
    logic [3:0] code;
    logic       dir;    // 0 TX (host to media), 1 RX
    logic [6:0] index;
    logic [6:0] value;
  } gbx_err_info_t;
  localparam int unsigned ErrInfoW = 19;

  localparam int unsigned MaxSkew = 63;
  localparam int unsigned LockWords = 4;  // error-free words to lock a checker
  localparam int unsigned LossWords = 4;  // consecutive bad words to lose lock

  // Exponent masks (bit e-1 for exponent e): PRBS13 1 + x + x^2 + x^12 + x^13,
  // PRBS31 1 + x^28 + x^31 (pam4.md, IEEE 802.3 Figures 94-6 and 49-9).
  localparam logic [12:0] Prbs13Taps = 13'h1803;
  localparam logic [30:0] Prbs31Taps = 31'h4800_0000;

  // 802.3 default seeds in the pam4 register convention (bit i = p(k-1-i)) converted to the
  // time-ascending history of prim_prbs_par (bit Order-1-i = p(k-1-i)): bit reversed.
  localparam logic [12:0] Prbs13SeedHist = 13'h00AB;  // seed 0x1AA0 reversed
  localparam logic [30:0] Prbs31SeedHist = 31'h7FFF_FFFF;

endpackage
