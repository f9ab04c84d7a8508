"""The gearbox wave view: the GTKWave symbol filter (waves/filters/gbx_symbols.py) and the save
file (waves/gearbox.gtkw).

SymbolFilter runs the filter as GTKWave runs a translate filter process: one value written, one
line read back, the pipe kept open. SaveFile checks the save file against a trace of the gearbox
RTL test bench: every signal it shows exists in the FST (read with fst2vcd) and every lane word
goes through the filter. GtkwaveView opens that trace with the save file in GTKWave (under
xvfb-run) and reads back the symbols GTKWave displays. GBX_RTL_TEST names the gearbox_rtl_test
executable that records the trace.

Run one class: test_gbx_waves.py <Class>. GtkwaveView exits with 77 (skipped) when xvfb-run is
not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FILTER = REPO / "waves" / "filters" / "gbx_symbols.py"
SAVE = REPO / "waves" / "gearbox.gtkw"
FILTER_LINE = "^>1 ./waves/filters/gbx_symbols.py"

sys.path.insert(0, str(FILTER.parent))
import gbx_symbols  # noqa: E402


class SymbolFilter(unittest.TestCase):
    def test_hex_words_become_symbols_in_time_order(self) -> None:
        # Symbol k is bits [2k+1:2k]: 0x1B = 00 01 10 11 -> symbols 3, 2, 1, 0.
        self.assertEqual(gbx_symbols.translate("0000001B"), "3210 0000 0000 0000")
        self.assertEqual(gbx_symbols.translate("E4"), "0123")
        self.assertEqual(gbx_symbols.translate("FFFFFFFF"), "3333 3333 3333 3333")
        # A 64-bit word (W = 32): 32 symbols.
        self.assertEqual(gbx_symbols.translate("8" + "0" * 15), "0000 " * 7 + "0002")
        self.assertEqual(gbx_symbols.translate("$e4"), "0123")  # base marker, lower case

    def test_binary_and_unknown_digits(self) -> None:
        self.assertEqual(gbx_symbols.translate("%00011011"), "3210")
        self.assertEqual(gbx_symbols.translate("%0x011011"), "321x")
        self.assertEqual(gbx_symbols.translate("x0"), "00xx")
        self.assertEqual(gbx_symbols.translate("zZ"), "xxxx")

    def test_other_text_comes_back_unchanged(self) -> None:
        self.assertEqual(gbx_symbols.translate("hello"), "hello")
        self.assertEqual(gbx_symbols.translate("\n"), "")

    def test_runs_as_a_gtkwave_filter_process(self) -> None:
        # GTKWave writes a value and waits for its line before writing the next one.
        proc = subprocess.Popen([str(FILTER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True, bufsize=1)
        try:
            for value, want in [("0000001B", "3210 0000 0000 0000"), ("00000000", "0000 " * 3
                                + "0000"), ("E4", "0123"), ("garbage!", "garbage!")]:
                proc.stdin.write(value + "\n")
                proc.stdin.flush()
                self.assertEqual(proc.stdout.readline(), want + "\n")
        finally:
            proc.stdin.close()
            self.assertEqual(proc.wait(timeout=10), 0)
            proc.stdout.close()

    def test_is_executable(self) -> None:
        self.assertTrue(os.access(FILTER, os.X_OK), f"{FILTER} is not executable")


def save_file_traces() -> list[tuple[str, str, str]]:
    """(flags, filter line or '', signal) for every signal trace of the save file."""
    traces = []
    flags, filt = "", ""
    for line in SAVE.read_text().splitlines():
        if line.startswith("@"):
            flags, filt = line[1:], ""
        elif line.startswith("^"):
            filt = line
        elif line and line[0] not in "[*-#":
            traces.append((flags, filt, line))
    return traces


class SaveFile(unittest.TestCase):
    def test_groups_are_balanced_and_lanes_go_through_the_filter(self) -> None:
        text = SAVE.read_text().splitlines()
        opened = [text[i + 1] for i, ln in enumerate(text) if ln in ("@800200", "@c00200")]
        closed = [text[i + 1] for i, ln in enumerate(text) if ln in ("@1000200", "@1401200")]
        self.assertEqual(opened, closed)
        for group in ("-host_tx_i", "-media_tx_o", "-media_rx_i", "-host_rx_o"):
            self.assertIn(group, opened)
        lane = re.compile(r"\.(host|media)_(tx|rx)_[io]\[\d+\]")
        lanes = [t for t in save_file_traces() if lane.search(t[2])]
        self.assertEqual(len(lanes), 128 + 64 + 64 + 128)
        for flags, filt, name in lanes:
            self.assertEqual(filt, FILTER_LINE, name)
            # TR_PTRANSLATED (0x4000) with hex (0x2) display.
            self.assertTrue(int(flags, 16) & 0x4000 and int(flags, 16) & 0x2, (flags, name))

    def test_every_signal_exists_in_a_trace_of_the_test_bench(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            fst = record_trace(self, Path(tmp))
            names = set(read_vcd(fst, until=0)[0])
        missing = [name for _, _, name in save_file_traces() if name not in names]
        self.assertEqual(missing, [], f"{len(missing)} signals of {SAVE.name} are not in the "
                         f"trace, e.g. {missing[:5]}; some names in it: {sorted(names)[:10]}")


class GtkwaveView(unittest.TestCase):
    MARKER_PS = 300_000  # 300 ns: traffic is running on every lane

    def test_gtkwave_shows_lane_words_as_symbols(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            fst = record_trace(self, Path(tmp))
            _, values = read_vcd(fst, until=self.MARKER_PS)
            script = Path(tmp) / "query.tcl"
            script.write_text(
                f"gtkwave::setMarker {self.MARKER_PS}\n"
                "for {set i 0} {$i < [gtkwave::getTotalNumTraces]} {incr i} {\n"
                '  puts "TRACE [gtkwave::getTraceNameFromIndex $i]='
                '[gtkwave::getTraceValueAtMarkerFromIndex $i]"\n'
                "}\n"
                "gtkwave::/File/Quit\n")
            r = subprocess.run(["xvfb-run", "-a", "gtkwave", "-S", str(script), str(fst),
                                str(SAVE)], cwd=REPO, capture_output=True, text=True,
                               timeout=300)
        shown = dict(line[6:].split("=", 1) for line in r.stdout.splitlines()
                     if line.startswith("TRACE "))
        self.assertIn("media_tx_o[0][31:0]", shown, r.stdout[-3000:] + r.stderr[-3000:])
        checked = 0
        for m in range(64):
            name = f"media_tx_o[{m}][31:0]"
            raw = int(values[f"TOP.gbx_top.{name}"], 2)
            syms = "".join(str((raw >> (2 * k)) & 3) for k in range(16))  # symbol 0 first
            want = " ".join(syms[i:i + 4] for i in range(0, 16, 4))
            self.assertEqual(shown[name], want, f"{name} = {raw}")
            checked += want != "0000 0000 0000 0000"
        self.assertGreater(checked, 32, "the lanes carry no traffic at the marker")


def record_trace(test: unittest.TestCase, tmp: Path) -> Path:
    """An FST of one short gearbox test bench run (traffic on every lane from reset on)."""
    exe = os.environ.get("GBX_RTL_TEST")
    test.assertTrue(exe and Path(exe).is_file(),
                    f"GBX_RTL_TEST must name the gearbox_rtl_test executable (got {exe!r})")
    name = "GearboxRoundTrip.ReportsCorruptedLoopbackSymbolOnItsHostLane"
    env = dict(os.environ, WAVES="1", XPO_WAVES_DIR=str(tmp), TESTCASE=name,
               COCOTB_RESULTS_FILE=str(tmp / "results.xml"))
    r = subprocess.run([exe], env=env, cwd=tmp, capture_output=True, text=True, timeout=300)
    test.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr[-2000:])
    fst = tmp / f"{name}.fst"
    test.assertTrue(fst.is_file(), f"no trace at {fst}")
    return fst


def read_vcd(fst: Path, until: int) -> tuple[dict[str, str], dict[str, str]]:
    """The trace through fst2vcd: {full name: VCD id} (names as GTKWave shows them, scopes joined
    by '.', vectors with their [msb:lsb]) and {full name: binary value at time `until`}."""
    fst2vcd = shutil.which("fst2vcd")
    if fst2vcd is None:
        raise AssertionError("fst2vcd (package gtkwave) is not installed")
    names: dict[str, str] = {}
    by_id: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    scope: list[str] = []
    proc = subprocess.Popen([fst2vcd, str(fst)], stdout=subprocess.PIPE, text=True)
    try:
        lines = iter(proc.stdout)
        for line in lines:
            words = line.split()
            if not words:
                continue
            if words[0] == "$scope":
                scope.append(words[2])
            elif words[0] == "$upscope":
                scope.pop()
            elif words[0] == "$var":
                # $var <type> <width> <id> <name> [<range>] $end
                full = ".".join(scope + [words[4] + (words[5] if words[5] != "$end" else "")])
                names[full] = words[3]
                by_id.setdefault(words[3], []).append(full)
            elif words[0] == "$enddefinitions":
                break
        for line in lines:
            if line.startswith("#"):
                if int(line[1:]) > until:
                    break
            elif line.startswith("b"):
                value, ident = line[1:].split()
                for full in by_id.get(ident, []):
                    values[full] = value
            elif line[:1] in "01xz" and len(line) > 1:
                for full in by_id.get(line[1:].strip(), []):
                    values[full] = line[0]
    finally:
        proc.kill()
        proc.wait()
    return names, values


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "GtkwaveView" and not shutil.which("xvfb-run"):
        print("skipped: xvfb-run is not installed (Debian package xvfb)")
        sys.exit(77)
    unittest.main()
