"""Shared fixtures of the sim/ tool tests: a throwaway CMake project whose ctest tests are the
fake executables in tests/sim/data/fake/, and a way to run a tool as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SIM = REPO / "sim"
FAKE = HERE / "data" / "fake"
HARNESS = FAKE / "fake_harness_test.py"
PLAIN = FAKE / "fake_plain_test.py"

sys.path.insert(0, str(SIM))


def make_project(root: Path, body: str) -> Path:
    """Configures a CMake project with no languages whose CMakeLists.txt is `body`; returns the
    build directory."""
    src = root / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.25)\nproject(fake NONE)\nenable_testing()\n"
        f"set(H {HARNESS})\nset(P {PLAIN})\n" + textwrap.dedent(body))
    build = root / "build"
    subprocess.run(["cmake", "-S", str(src), "-B", str(build)], check=True,
                   stdout=subprocess.DEVNULL)
    return build


def run_tool(script: str, *args: str, env: dict[str, str] | None = None, timeout: float = 120,
             cwd: Path | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.pop("DISPLAY", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, str(SIM / script), *args], capture_output=True,
                          text=True, env=full_env, timeout=timeout, cwd=cwd)


def tempdir(test) -> Path:
    d = tempfile.TemporaryDirectory(prefix="xpo-simtest-")
    test.addCleanup(d.cleanup)
    return Path(d.name)
