"""Runs one command with its output in a log file, a wall-clock limit, and no stray processes."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass


@dataclass
class ProcessOutcome:
    returncode: int | None  # None when it was killed for running too long
    timed_out: bool
    wall_s: float

    def describe(self) -> str:
        if self.timed_out:
            return f"timeout: killed after {self.wall_s:.1f} s (wall-clock limit)"
        if self.returncode is not None and self.returncode < 0:
            try:
                sig = signal.Signals(-self.returncode).name
            except ValueError:
                sig = f"signal {-self.returncode}"
            return f"crashed: killed by {sig}"
        return f"exit code {self.returncode}"


class ProcessGroups:
    """The process groups currently running, so an interrupt can end them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pgids: set[int] = set()

    def add(self, pgid: int) -> None:
        with self._lock:
            self._pgids.add(pgid)

    def discard(self, pgid: int) -> None:
        with self._lock:
            self._pgids.discard(pgid)

    def kill_all(self) -> None:
        with self._lock:
            pgids = list(self._pgids)
        for pgid in pgids:
            _kill_group(pgid, signal.SIGKILL)


def _kill_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def run(command: list[str], cwd: str, env: dict[str, str], timeout_s: float | None,
        log_path: str, groups: ProcessGroups | None = None,
        grace_s: float = 2.0) -> ProcessOutcome:
    """Runs `command` in its own process group, stdout and stderr into `log_path`.

    On timeout the whole group gets SIGTERM, then SIGKILL after `grace_s`: forked test children
    die with their parent. A command that cannot be started is reported as exit code 127 with the
    reason in the log, like a shell would.
    """
    start = time.monotonic()
    with open(log_path, "wb") as log:
        try:
            proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        except OSError as err:
            log.write(f"cannot start {command[0] if command else '(empty command)'}: {err}\n"
                      .encode())
            return ProcessOutcome(127, False, time.monotonic() - start)
        pgid = proc.pid
        if groups:
            groups.add(pgid)
        timed_out = False
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(pgid, signal.SIGTERM)
            try:
                proc.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                _kill_group(pgid, signal.SIGKILL)
                proc.wait()
        finally:
            # Nothing a test started may outlive it (e.g. a hung forked child of a dead parent).
            _kill_group(pgid, signal.SIGKILL)
            if groups:
                groups.discard(pgid)
    wall = time.monotonic() - start
    if timed_out:
        log_note = f"\n[regress] killed after {wall:.1f} s: wall-clock limit {timeout_s} s\n"
        with open(log_path, "ab") as log:
            log.write(log_note.encode())
        return ProcessOutcome(None, True, wall)
    return ProcessOutcome(proc.returncode, False, wall)
