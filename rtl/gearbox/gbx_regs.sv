// APB3 register block of the gearbox (docs/gearbox.md section 6, described in
// data/gbx_reg.rdl). Zero wait states; PSLVERR on unmapped or misaligned addresses, writes to
// read-only registers and configuration writes while an apply is being validated.
`include "prim_arrays.svh"

module gbx_regs #(
  parameter int unsigned NumMediaLanes = 64,
  parameter int unsigned SymsPerClk = 16
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // APB3
  input  logic [10:0] paddr_i,
  input  logic        psel_i,
  input  logic        penable_i,
  input  logic        pwrite_i,
  input  logic [31:0] pwdata_i,
  output logic [31:0] prdata_o,
  output logic        pready_o,
  output logic        pslverr_o,
  // shadow configuration
  output logic [1:0]  mode_o,
  output `PRIM_ARRAY_PORT(tx_map_o, 7, 2 * NumMediaLanes),
  output `PRIM_ARRAY_PORT(rx_map_o, 7, 2 * NumMediaLanes),
  output `PRIM_ARRAY_PORT(tx_lane_o, gbx_pkg::LaneCfgW, NumMediaLanes),
  output `PRIM_ARRAY_PORT(rx_lane_o, gbx_pkg::LaneCfgW, NumMediaLanes),
  output logic        apply_o,
  output logic [NumMediaLanes-1:0] chk_clear_o,
  // status
  input  logic        busy_i,
  input  logic        squelched_i,
  input  logic        refuse_i,
  input  logic [gbx_pkg::ErrInfoW-1:0] err_info_i,
  input  logic [1:0]  active_mode_i,
  input  logic [NumMediaLanes-1:0] lock_i,
  input  `PRIM_ARRAY_PORT(count_i, 32, NumMediaLanes)
);
  localparam int unsigned M = NumMediaLanes;
  localparam int unsigned H = 2 * NumMediaLanes;
  localparam int unsigned LaneW = $clog2(M);
  localparam int unsigned EntryW = $clog2(H);
  localparam int unsigned CfgW = gbx_pkg::LaneCfgW;

  `PRIM_ARRAY_PACK(tx_map_o, tx_map_q, 7, H)
  `PRIM_ARRAY_PACK(rx_map_o, rx_map_q, 7, H)
  `PRIM_ARRAY_PACK(tx_lane_o, tx_lane_q, CfgW, M)
  `PRIM_ARRAY_PACK(rx_lane_o, rx_lane_q, CfgW, M)
  `PRIM_ARRAY_UNPACK(count_i, count, 32, M)

  logic access, wr, rd;
  logic [5:0] lane;
  logic [6:0] entry;
  logic lane_ok, entry_ok;
  logic [2:0] region;

  logic cor_q, cor_d;
  logic cfg_err_q, cfg_err_d, wr_ign_q, wr_ign_d;
  gbx_pkg::gbx_err_info_t info_q, info_d;
  logic [1:0] mode_q, mode_d;
  logic [6:0] tx_map_d[H], rx_map_d[H];
  logic [CfgW-1:0] tx_lane_d[M], rx_lane_d[M];
  logic [63:0] lock_all, clear_all;
  logic [CfgW-1:0] wr_cfg;

  // TX_LANE / RX_LANE image <-> gbx_lane_cfg_t {skew, prbs, precode, gray, polarity}.
  function automatic logic [31:0] lane_word(logic [CfgW-1:0] c);
    lane_word = {18'd0, c[10:5], 2'd0, c[4:3], 1'b0, c[2:0]};
  endfunction

  always_comb begin
    access   = psel_i && penable_i;
    wr       = access && pwrite_i;
    rd       = access && !pwrite_i;
    region   = paddr_i[10:8];
    lane     = paddr_i[7:2];
    entry    = paddr_i[8:2];
    lane_ok  = 32'(lane) < M;
    entry_ok = 32'(entry) < H;
    lock_all = 64'(lock_i);
    wr_cfg   = {pwdata_i[13:8], pwdata_i[5:4], pwdata_i[2:0]};
  end

  // Writes.
  always_comb begin
    logic cfg_write, blocked, err;
    cor_d     = cor_q;
    mode_d    = mode_q;
    for (int unsigned t = 0; t < H; t++) begin
      tx_map_d[t] = tx_map_q[t];
      rx_map_d[t] = rx_map_q[t];
    end
    for (int unsigned m = 0; m < M; m++) begin
      tx_lane_d[m] = tx_lane_q[m];
      rx_lane_d[m] = rx_lane_q[m];
    end
    apply_o   = 1'b0;
    clear_all = '0;
    cfg_write = 1'b0;
    err       = 1'b0;
    cfg_err_d = cfg_err_q;
    wr_ign_d  = wr_ign_q;

    // Which accesses are configuration writes, and which addresses exist.
    unique case (region)
      3'd0: begin
        unique case (paddr_i[7:2])
          6'h00: cfg_write = wr && pwdata_i[0];
          6'h03: cfg_write = wr;
          6'h01, 6'h0A, 6'h0B: ;
          6'h02, 6'h04, 6'h05, 6'h08, 6'h09: err = wr;  // read-only
          default: err = access;
        endcase
      end
      3'd1, 3'd2: begin
        cfg_write = wr && lane_ok;
        err = access && !lane_ok;
      end
      3'd3: err = access && (!lane_ok || wr);
      default: begin
        cfg_write = wr && entry_ok;
        err = access && !entry_ok;
      end
    endcase
    // Only aligned 32-bit accesses exist.
    if (paddr_i[1:0] != 2'd0) begin
      err = access;
      cfg_write = 1'b0;
    end
    blocked = cfg_write && busy_i;

    if (wr && !err && !blocked) begin
      unique case (region)
        3'd0: begin
          unique case (paddr_i[7:2])
            6'h00: begin
              cor_d   = pwdata_i[1];
              apply_o = pwdata_i[0];
            end
            6'h01: begin
              if (pwdata_i[2]) cfg_err_d = 1'b0;
              if (pwdata_i[3]) wr_ign_d = 1'b0;
            end
            6'h03: mode_d = pwdata_i[1:0];
            6'h0A: clear_all[31:0] = pwdata_i;
            6'h0B: clear_all[63:32] = pwdata_i;
            default: ;
          endcase
        end
        default: ;
      endcase
      // Table writes as one compare per entry: a decoder, not a memory port.
      for (int unsigned m = 0; m < M; m++) begin
        if (region == 3'd1 && 32'(lane) == m) tx_lane_d[m] = wr_cfg;
        if (region == 3'd2 && 32'(lane) == m) rx_lane_d[m] = wr_cfg;
      end
      for (int unsigned t = 0; t < H; t++) begin
        if (region[2:1] == 2'b10 && 32'(entry) == t) tx_map_d[t] = pwdata_i[6:0];
        if (region[2:1] == 2'b11 && 32'(entry) == t) rx_map_d[t] = pwdata_i[6:0];
      end
    end
    // Clear on read of an error counter.
    if (rd && region == 3'd3 && lane_ok && cor_q && paddr_i[1:0] == 2'd0) begin
      clear_all[lane] = 1'b1;
    end
    chk_clear_o = clear_all[M-1:0];

    if (refuse_i) cfg_err_d = 1'b1;
    if (blocked) wr_ign_d = 1'b1;
    info_d    = refuse_i ? err_info_i : info_q;
    pslverr_o = err || blocked;
  end

  // Reads.
  always_comb begin
    prdata_o = '0;
    if (rd && paddr_i[1:0] == 2'd0) begin
      unique case (region)
        3'd0: begin
          unique case (paddr_i[7:2])
            6'h00: prdata_o = {30'd0, cor_q, 1'b0};
            6'h01: prdata_o = {28'd0, wr_ign_q, cfg_err_q, squelched_i, busy_i};
            6'h02: prdata_o = {9'd0, info_q.value, 1'b0, info_q.index, 3'd0, info_q.dir,
                               info_q.code};
            6'h03: prdata_o = {30'd0, mode_q};
            6'h04: prdata_o = {30'd0, active_mode_i};
            6'h05: prdata_o = {16'd0, 8'(SymsPerClk), 8'(M)};
            6'h08: prdata_o = lock_all[31:0];
            6'h09: prdata_o = lock_all[63:32];
            default: ;
          endcase
        end
        3'd1: if (lane_ok) prdata_o = lane_word(tx_lane_q[lane[LaneW-1:0]]);
        3'd2: if (lane_ok) prdata_o = lane_word(rx_lane_q[lane[LaneW-1:0]]);
        3'd3: if (lane_ok) prdata_o = count[lane[LaneW-1:0]];
        3'd4, 3'd5: if (entry_ok) prdata_o = {25'd0, tx_map_q[entry[EntryW-1:0]]};
        default: if (entry_ok) prdata_o = {25'd0, rx_map_q[entry[EntryW-1:0]]};
      endcase
    end
  end

  assign pready_o = 1'b1;

  // CHK_CLEAR has bits for 64 lanes; smaller builds ignore the rest.
  if (M < 64) begin : gen_unused_clear
    logic unused_clear;
    assign unused_clear = ^clear_all[63:M];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cor_q     <= 1'b0;
      cfg_err_q <= 1'b0;
      wr_ign_q  <= 1'b0;
      info_q    <= '0;
      mode_q    <= gbx_pkg::Mode1to1;
    end else begin
      cor_q     <= cor_d;
      cfg_err_q <= cfg_err_d;
      wr_ign_q  <= wr_ign_d;
      info_q    <= info_d;
      mode_q    <= mode_d;
    end
  end

  for (genvar t = 0; t < H; t++) begin : gen_map_q
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        tx_map_q[t] <= '0;
        rx_map_q[t] <= '0;
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

  assign mode_o = mode_q;
endmodule
