#!/usr/bin/env python3
"""GTKWave translate filter process for gearbox lane words: shows the PAM-4 symbols 0..3.

waves/gearbox.gtkw attaches it (`^>1`) to every lane word of gbx_top. GTKWave writes one value per
line, as the trace is displayed (hex in the save file; `$` and `%` base markers accepted, `%`
meaning binary) and reads one line back: the word's symbols in time order, symbol 0 (bits [1:0])
first, in groups of four, e.g. `0312 2103`. A symbol with an x/z/u/w/- bit prints as `x`; a line
that is not a value comes back unchanged.
"""
from __future__ import annotations

import sys

HEX_UNKNOWN = set("xXzZwWuU-")
BIN_DIGITS = {"0": "0", "1": "1", "l": "0", "L": "0", "h": "1", "H": "1"}


def _bits_from_hex(digits: str) -> list[str] | None:
    """MSB-first bits ('0', '1' or 'x') of a hex string, or None if it is not one."""
    bits = []
    for ch in digits:
        if ch in HEX_UNKNOWN:
            bits.extend("xxxx")
            continue
        try:
            v = int(ch, 16)
        except ValueError:
            return None
        bits.extend("1" if (v >> k) & 1 else "0" for k in (3, 2, 1, 0))
    return bits


def _bits_from_bin(digits: str) -> list[str] | None:
    bits = []
    for ch in digits:
        if ch in BIN_DIGITS:
            bits.append(BIN_DIGITS[ch])
        elif ch in HEX_UNKNOWN:
            bits.append("x")
        else:
            return None
    return bits


def translate(text: str) -> str:
    """The symbols of one value as GTKWave sends it, or the text unchanged."""
    value = text.strip()
    if not value:
        return ""
    if value[0] == "%":
        bits = _bits_from_bin(value[1:])
    else:
        bits = _bits_from_hex(value[1:] if value[0] == "$" else value)
    if not bits:
        return value
    if len(bits) % 2:
        bits.insert(0, "0")
    syms = []
    # bits are MSB first: symbol k is the pair at [2k+1:2k], counted from the right.
    for k in range(len(bits) // 2):
        hi, lo = bits[len(bits) - 2 * k - 2], bits[len(bits) - 2 * k - 1]
        syms.append("x" if "x" in (hi, lo) else str(int(hi) * 2 + int(lo)))
    return " ".join("".join(syms[i:i + 4]) for i in range(0, len(syms), 4))


def main() -> None:
    for line in sys.stdin:
        sys.stdout.write(translate(line) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
