"""The live progress display of a regression: one rewritten line on a terminal, plain lines
otherwise (CI logs, pipes)."""

from __future__ import annotations

import shutil
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class Progress:
    def __init__(self, stream: TextIO, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.t0 = time.monotonic()
        self.total = 0
        self._line_shown = False
        self._pending = ""

    def start(self, total: int) -> None:
        self.t0 = time.monotonic()
        self.total = total
        if self.tty:
            self.update(0, total, {"pass": 0, "fail": 0, "skip": 0}, 0)

    def _clear(self) -> None:
        if self.tty and self._line_shown:
            self.stream.write("\r\x1b[K")
            self._line_shown = False

    def finished(self, name: str, seed: str, status: str, message: str, wall_s: float) -> None:
        """One run ended. On a terminal only failures get a line of their own, above the live
        line; elsewhere every run gets one line, printed with the counts by update()."""
        seed_txt = "" if seed == "-" else f" seed={seed}"
        detail = f": {message}" if message else ""
        line = f"{status.upper():4} {name}{seed_txt} ({wall_s:.2f} s){detail}"
        if not self.tty:
            self._pending = line
            return
        if status != "fail":
            return
        self._clear()
        self.stream.write(line + "\n")
        self.stream.flush()

    def update(self, done: int, total: int, counts: dict[str, int], reruns: int) -> None:
        self.total = total
        counts_text = (f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped"
                       + (f", {reruns} rerunning with waves" if reruns else "")
                       + f" | {_clock(time.monotonic() - self.t0)}")
        if self.tty:
            width = shutil.get_terminal_size((100, 20)).columns
            text = f"[{done}/{total}] {counts_text}"
            self.stream.write("\r\x1b[K" + text[:max(10, width - 1)])
            self._line_shown = True
        elif self._pending:
            self.stream.write(f"[{done}/{total}] {self._pending} | {counts_text}\n")
            self._pending = ""
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self._line_shown:
            self.stream.write("\n")
            self._line_shown = False
            self.stream.flush()
