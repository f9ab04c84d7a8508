// Apply sequencer and active configuration (docs/gearbox.md section 5): validates the shadow
// configuration one entry per clock, then commits it atomically (flushing every lane state
// and starting the squelch) or refuses it with the first error, keeping the active one.
`include "prim_arrays.svh"

module gbx_cfg #(
  parameter int unsigned NumMediaLanes = 64,
  parameter int unsigned SymsPerClk = 16
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // shadow configuration
  input  logic [1:0]  mode_i,
  input  `PRIM_ARRAY_PORT(tx_map_i, 7, 2 * NumMediaLanes),
  input  `PRIM_ARRAY_PORT(rx_map_i, 7, 2 * NumMediaLanes),
  input  `PRIM_ARRAY_PORT(tx_lane_i, gbx_pkg::LaneCfgW, NumMediaLanes),
  input  `PRIM_ARRAY_PORT(rx_lane_i, gbx_pkg::LaneCfgW, NumMediaLanes),
  input  logic        apply_i,
  // active configuration
  output logic [1:0]  mode_o,
  output `PRIM_ARRAY_PORT(tx_map_o, $clog2(2 * NumMediaLanes), 2 * NumMediaLanes),
  output `PRIM_ARRAY_PORT(rx_map_o, $clog2(2 * NumMediaLanes), 2 * NumMediaLanes),
  output `PRIM_ARRAY_PORT(tx_lane_o, gbx_pkg::LaneCfgW, NumMediaLanes),
  output `PRIM_ARRAY_PORT(rx_lane_o, gbx_pkg::LaneCfgW, NumMediaLanes),
  // sequencing
  output logic        busy_o,
  output logic        flush_o,      // commit at this edge
  output logic        squelch_o,    // outputs forced to 0 at this edge
  output logic        squelched_o,  // outputs are squelched now
  output logic        refuse_o,     // refusal at this edge, err_info_o says why
  output logic [gbx_pkg::ErrInfoW-1:0] err_info_o  // gbx_pkg::gbx_err_info_t
);
  localparam int unsigned M = NumMediaLanes;
  localparam int unsigned H = 2 * NumMediaLanes;
  localparam int unsigned IdxW = $clog2(H);
  localparam int unsigned LaneW = $clog2(M);
  localparam int unsigned CfgW = gbx_pkg::LaneCfgW;
  localparam int unsigned SquelchClks = 1 + (gbx_pkg::MaxSkew + SymsPerClk - 1) / SymsPerClk;
  localparam int unsigned CntW = IdxW + 1;

  `PRIM_ARRAY_UNPACK(tx_map_i, sh_tx_map, 7, H)
  `PRIM_ARRAY_UNPACK(rx_map_i, sh_rx_map, 7, H)
  `PRIM_ARRAY_UNPACK(tx_lane_i, sh_tx_lane, CfgW, M)
  `PRIM_ARRAY_UNPACK(rx_lane_i, sh_rx_lane, CfgW, M)
  `PRIM_ARRAY_PACK(tx_map_o, tx_map_q, IdxW, H)
  `PRIM_ARRAY_PACK(rx_map_o, rx_map_q, IdxW, H)
  `PRIM_ARRAY_PACK(tx_lane_o, tx_lane_q, CfgW, M)
  `PRIM_ARRAY_PACK(rx_lane_o, rx_lane_q, CfgW, M)

  typedef enum logic [1:0] {
    StIdle,
    StCheck,
    StDecide
  } gbx_cfg_state_e;

  gbx_cfg_state_e state_q, state_d;
  logic [IdxW-1:0] idx_q, idx_d;
  logic [H-1:0] seen_tx_q, seen_tx_d, seen_rx_q, seen_rx_d;
  logic err_valid_q, err_valid_d;
  gbx_pkg::gbx_err_info_t err_q, err_d, err_here;
  logic [1:0] tx_pat, rx_pat;
  logic err_found;
  logic [CntW-1:0] n_slots;
  logic [7:0] sq_q, sq_d;
  logic squelched_q;

  logic [1:0] mode_q, mode_d;
  logic [IdxW-1:0] tx_map_d[H], rx_map_d[H];
  logic [CfgW-1:0] tx_lane_d[M], rx_lane_d[M];
  logic commit;

  always_comb begin
    unique case (mode_i)
      gbx_pkg::Mode1to1: n_slots = CntW'(M);
      gbx_pkg::Mode2to1: n_slots = CntW'(H);
      gbx_pkg::Mode1to2: n_slots = CntW'(M);
      default:           n_slots = CntW'(H);
    endcase
  end

  // Entry idx_q of every table, in the order of the spec; the first error of this entry.
  always_comb begin
    logic [6:0] tv, rv;
    logic in_use, lane_ok;
    tv        = sh_tx_map[idx_q];
    rv        = sh_rx_map[idx_q];
    tx_pat    = sh_tx_lane[idx_q[LaneW-1:0]][gbx_pkg::LaneCfgPrbsLsb +: 2];
    rx_pat    = sh_rx_lane[idx_q[LaneW-1:0]][gbx_pkg::LaneCfgPrbsLsb +: 2];
    in_use    = {1'b0, idx_q} < n_slots;
    lane_ok   = 32'(idx_q) < M;
    seen_tx_d = seen_tx_q;
    seen_rx_d = seen_rx_q;
    err_found = 1'b1;
    err_here.code  = gbx_pkg::ErrNone;
    err_here.dir   = 1'b0;
    err_here.index = 7'(idx_q);
    err_here.value = 7'd0;
    if (in_use && 32'(tv) >= 32'(n_slots)) begin
      err_here.code  = gbx_pkg::ErrOutOfRange;
      err_here.value = tv;
    end else if (in_use && seen_tx_q[tv[IdxW-1:0]]) begin
      err_here.code  = gbx_pkg::ErrRepeated;
      err_here.value = tv;
    end else if (in_use && 32'(rv) >= 32'(n_slots)) begin
      err_here.code  = gbx_pkg::ErrOutOfRange;
      err_here.dir   = 1'b1;
      err_here.value = rv;
    end else if (in_use && seen_rx_q[rv[IdxW-1:0]]) begin
      err_here.code  = gbx_pkg::ErrRepeated;
      err_here.dir   = 1'b1;
      err_here.value = rv;
    end else if (lane_ok && tx_pat == gbx_pkg::PatRsvd) begin
      err_here.code  = gbx_pkg::ErrBadPattern;
      err_here.value = 7'd3;
    end else if (lane_ok && rx_pat == gbx_pkg::PatRsvd) begin
      err_here.code  = gbx_pkg::ErrBadPattern;
      err_here.dir   = 1'b1;
      err_here.value = 7'd3;
    end else begin
      err_found = 1'b0;
    end
    if (in_use && 32'(tv) < 32'(n_slots)) seen_tx_d[tv[IdxW-1:0]] = 1'b1;
    if (in_use && 32'(rv) < 32'(n_slots)) seen_rx_d[rv[IdxW-1:0]] = 1'b1;
    // The seen sets restart with every apply.
    if (state_q != StCheck) begin
      seen_tx_d = '0;
      seen_rx_d = '0;
    end
  end

  always_comb begin
    state_d     = state_q;
    idx_d       = idx_q;
    err_valid_d = err_valid_q;
    err_d       = err_q;
    commit      = 1'b0;
    refuse_o    = 1'b0;
    unique case (state_q)
      StIdle: begin
        if (apply_i) begin
          state_d     = StCheck;
          idx_d       = '0;
          err_valid_d = 1'b0;
        end
      end
      StCheck: begin
        if (err_found && !err_valid_q) begin
          err_valid_d = 1'b1;
          err_d       = err_here;
        end
        idx_d = idx_q + 1'b1;
        if (32'(idx_q) == H - 1) state_d = StDecide;
      end
      StDecide: begin
        state_d = StIdle;
        if (mode_i == gbx_pkg::ModeRsvd) begin
          refuse_o    = 1'b1;
          err_d.code  = gbx_pkg::ErrBadMode;
          err_d.dir   = 1'b0;
          err_d.index = 7'd0;
          err_d.value = 7'd3;
        end else if (err_valid_q) begin
          refuse_o = 1'b1;
        end else begin
          commit = 1'b1;
        end
      end
      default: state_d = StIdle;
    endcase

    mode_d = commit ? mode_i : mode_q;
    for (int unsigned t = 0; t < H; t++) begin
      tx_map_d[t] = commit ? sh_tx_map[t][IdxW-1:0] : tx_map_q[t];
      rx_map_d[t] = commit ? sh_rx_map[t][IdxW-1:0] : rx_map_q[t];
    end
    for (int unsigned m = 0; m < M; m++) begin
      tx_lane_d[m] = commit ? sh_tx_lane[m] : tx_lane_q[m];
      rx_lane_d[m] = commit ? sh_rx_lane[m] : rx_lane_q[m];
    end

    squelch_o = commit || (sq_q != 8'd0);
    if (commit) begin
      sq_d = 8'(SquelchClks - 1);
    end else if (sq_q != 8'd0) begin
      sq_d = sq_q - 8'd1;
    end else begin
      sq_d = sq_q;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q     <= StIdle;
      idx_q       <= '0;
      seen_tx_q   <= '0;
      seen_rx_q   <= '0;
      err_valid_q <= 1'b0;
      err_q       <= '0;
      sq_q        <= 8'(SquelchClks - 1);
      squelched_q <= 1'b1;
      mode_q      <= gbx_pkg::Mode1to1;
    end else begin
      state_q     <= state_d;
      idx_q       <= idx_d;
      seen_tx_q   <= seen_tx_d;
      seen_rx_q   <= seen_rx_d;
      err_valid_q <= err_valid_d;
      err_q       <= err_d;
      sq_q        <= sq_d;
      squelched_q <= squelch_o;
      mode_q      <= mode_d;
    end
  end

  // One flop group per entry: the reset value depends on the index (identity maps).
  for (genvar t = 0; t < H; t++) begin : gen_map_q
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        tx_map_q[t] <= IdxW'(t);
        rx_map_q[t] <= IdxW'(t);
      end else begin
        tx_map_q[t] <= tx_map_d[t];
        rx_map_q[t] <= rx_map_d[t];
      end
    end
  end

  for (genvar m = 0; m < M; m++) begin : gen_lane_q
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        tx_lane_q[m] <= '0;
        rx_lane_q[m] <= '0;
      end else begin
        tx_lane_q[m] <= tx_lane_d[m];
        rx_lane_q[m] <= rx_lane_d[m];
      end
    end
  end

  assign busy_o      = (state_q != StIdle);
  assign flush_o     = commit;
  assign squelched_o = squelched_q;
  assign err_info_o  = err_d;
  assign mode_o      = mode_q;
endmodule
