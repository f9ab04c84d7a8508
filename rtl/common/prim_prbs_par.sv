// Word-parallel PRBS step: produces Width bits of the sequence of a Fibonacci LFSR
//   p(k) = XOR over exponents e of p(k - e)
// per clock, either free running (a generator, or a locked checker) or self-synchronising
// (a checker predicting each bit from the bits it received). Pure combinational logic; the
// caller keeps the history register.
//
// Bit order: bit 0 of a word is the earliest. hist_i[HistWidth-1] is the most recent bit,
// hist_i[HistWidth-1-i] the bit sent i+1 bits ago (the pam4 register S_i).
// Taps has bit e-1 set for every exponent e of the polynomial (e <= HistWidth).
module prim_prbs_par #(
  parameter int unsigned HistWidth = 31,
  parameter int unsigned Width = 32,
  parameter logic [HistWidth-1:0] Taps = HistWidth'(1) << (HistWidth - 1)
) (
  input  logic [HistWidth-1:0] hist_i,
  input  logic [Width-1:0]     ref_i,       // received bits, used when self_sync_i
  input  logic                 self_sync_i,
  output logic [Width-1:0]     bits_o,      // predicted / generated bits
  output logic [HistWidth-1:0] hist_o       // last HistWidth bits of the sequence after the word
);

  // Window mask: bit (HistWidth - e) set for each exponent e, so that for bit k,
  // XOR(seq[k +: HistWidth] & WinMask) = XOR over e of seq[HistWidth + k - e].
  function automatic logic [HistWidth-1:0] win_mask();
    logic [HistWidth-1:0] m;
    m = '0;
    for (int unsigned x = 1; x <= HistWidth; x++) begin
      if (Taps[x-1]) m[HistWidth-x] = 1'b1;
    end
    win_mask = m;
  endfunction

  // Free-running bits as linear functions of the history: row k = mask over hist_i of p(k).
  // Flattened (row j at [j*HistWidth +: HistWidth]) so that synthesis tools can fold it.
  function automatic logic [(HistWidth+Width)*HistWidth-1:0] gen_rows();
    logic [(HistWidth+Width)*HistWidth-1:0] rows;
    logic [HistWidth-1:0] acc;
    rows = '0;
    for (int unsigned r = 0; r < HistWidth; r++) begin
      rows[r*HistWidth + r] = 1'b1;
    end
    for (int unsigned n = 0; n < Width; n++) begin
      acc = '0;
      for (int unsigned x = 1; x <= HistWidth; x++) begin
        if (Taps[x-1]) acc = acc ^ rows[(HistWidth+n-x)*HistWidth +: HistWidth];
      end
      rows[(HistWidth+n)*HistWidth +: HistWidth] = acc;
    end
    gen_rows = rows;
  endfunction

  localparam logic [HistWidth-1:0] WinMask = win_mask();
  localparam logic [(HistWidth+Width)*HistWidth-1:0] GenRows = gen_rows();

  logic [Width-1:0] gen_bits, sync_bits;
  // The last received bit only matters for the next word (through hist_o).
  logic [HistWidth+Width-2:0] rx_seq;
  assign rx_seq = {ref_i[Width-2:0], hist_i};

  for (genvar k = 0; k < Width; k++) begin : gen_bit
    assign gen_bits[k]  = ^(hist_i & GenRows[(HistWidth+k)*HistWidth +: HistWidth]);
    assign sync_bits[k] = ^(rx_seq[k +: HistWidth] & WinMask);
  end

  assign bits_o = self_sync_i ? sync_bits : gen_bits;
  if (Width >= HistWidth) begin : gen_hist_all_new
    assign hist_o = self_sync_i ? ref_i[Width-HistWidth +: HistWidth]
                                : gen_bits[Width-HistWidth +: HistWidth];
  end else begin : gen_hist_shift
    assign hist_o = {self_sync_i ? ref_i : gen_bits, hist_i[HistWidth-1:Width]};
  end

endmodule
