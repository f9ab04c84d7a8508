"""Test discovery through ctest's JSON description of a CMake build (`--show-only=json-v1`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


class CTestError(RuntimeError):
    """A build directory that cannot be asked for its tests, with what to do about it."""


@dataclass
class CTest:
    """One ctest test as the build registered it, with the properties a runner must honour."""

    name: str
    command: list[str]
    cwd: str | None = None
    labels: list[str] = field(default_factory=list)
    timeout: float | None = None
    env: dict[str, str] = field(default_factory=dict)
    will_fail: bool = False
    disabled: bool = False
    pass_regex: list[str] = field(default_factory=list)
    fail_regex: list[str] = field(default_factory=list)
    skip_regex: list[str] = field(default_factory=list)
    skip_return_code: int | None = None
    file: str | None = None
    line: int | None = None

    @property
    def executable(self) -> str:
        return self.command[0] if self.command else ""

    @property
    def is_gtest(self) -> bool:
        """GoogleTest tests registered by gtest_discover_tests run one case through --gtest_filter."""
        return any(arg.startswith("--gtest_filter=") for arg in self.command[1:])

    @property
    def not_built(self) -> bool:
        # gtest_discover_tests registers a placeholder when the executable was never built.
        return self.name.endswith("_NOT_BUILT")

    @property
    def block(self) -> str | None:
        """The tests/<block>/ folder a test executable comes from, if any."""
        parts = Path(self.executable).parts
        for i in range(len(parts) - 2):
            if parts[i] == "tests":
                return parts[i + 1]
        return None


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def parse(doc: dict) -> list[CTest]:
    """Turns ctest's json-v1 document into CTest records."""
    graph = doc.get("backtraceGraph", {})
    files = graph.get("files", [])
    nodes = graph.get("nodes", [])
    tests = []
    for entry in doc.get("tests", []):
        t = CTest(name=entry["name"], command=list(entry.get("command") or []))
        for prop in entry.get("properties", []):
            name, value = prop.get("name"), prop.get("value")
            if name == "WORKING_DIRECTORY":
                t.cwd = value
            elif name == "LABELS":
                t.labels = [str(v) for v in _as_list(value)]
            elif name == "TIMEOUT":
                t.timeout = float(value)
            elif name == "ENVIRONMENT":
                for item in _as_list(value):
                    key, _, val = str(item).partition("=")
                    t.env[key] = val
            elif name == "WILL_FAIL":
                t.will_fail = bool(value)
            elif name == "DISABLED":
                t.disabled = bool(value)
            elif name == "PASS_REGULAR_EXPRESSION":
                t.pass_regex = [str(v) for v in _as_list(value)]
            elif name == "FAIL_REGULAR_EXPRESSION":
                t.fail_regex = [str(v) for v in _as_list(value)]
            elif name == "SKIP_REGULAR_EXPRESSION":
                t.skip_regex = [str(v) for v in _as_list(value)]
            elif name == "SKIP_RETURN_CODE":
                t.skip_return_code = int(value)
        bt = entry.get("backtrace")
        if isinstance(bt, int) and 0 <= bt < len(nodes):
            node = nodes[bt]
            if "file" in node and 0 <= node["file"] < len(files):
                t.file = files[node["file"]]
                t.line = node.get("line")
        tests.append(t)
    return tests


def discover(build: str | os.PathLike) -> list[CTest]:
    """Every test of the build, as ctest sees it. Raises CTestError with a clear reason."""
    build = Path(build)
    if not build.is_dir():
        raise CTestError(
            f"build directory '{build}' does not exist: configure and build first "
            f"(make build BUILD={build})")
    if not (build / "CTestTestfile.cmake").is_file():
        raise CTestError(
            f"'{build}' is not a configured CMake build with tests (no CTestTestfile.cmake): "
            f"run `make build BUILD={build}` first")
    ctest = shutil.which("ctest")
    if ctest is None:
        raise CTestError("ctest is not installed (it comes with cmake: run `make deps`)")
    proc = subprocess.run([ctest, "--test-dir", str(build), "--show-only=json-v1"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise CTestError(f"ctest could not list the tests of '{build}':\n{proc.stderr.strip()}")
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError as err:
        raise CTestError(f"ctest printed something that is not JSON ({err})") from err
    return parse(doc)


def select(tests: list[CTest], include: str | None = None,
           exclude: str | None = None) -> list[CTest]:
    """Tests whose name matches `include` (search) and not `exclude`. Raises CTestError on a bad
    regular expression."""
    def compile_(text: str, option: str):
        try:
            return re.compile(text)
        except re.error as err:
            raise CTestError(f"bad {option} regular expression '{text}': {err}") from err

    inc = compile_(include, "--filter") if include else None
    exc = compile_(exclude, "--exclude") if exclude else None
    return [t for t in tests
            if (inc is None or inc.search(t.name)) and (exc is None or not exc.search(t.name))]


_probe_cache: dict[str, bool] = {}


def uses_harness(executable: str) -> bool:
    """Whether an executable reads COCOTB_RESULTS_FILE (i.e. links the cocotb-style harness).

    The harness looks the variable up by name, so the name is in the binary. This lets a runner
    plan seeds up front; it still checks at run time that the file was written.
    """
    if executable in _probe_cache:
        return _probe_cache[executable]
    needle = b"COCOTB_RESULTS_FILE"
    found = False
    try:
        with open(executable, "rb") as f:
            tail = b""
            while chunk := f.read(1 << 20):
                if needle in tail + chunk:
                    found = True
                    break
                tail = chunk[-len(needle):]
    except OSError:
        found = False
    _probe_cache[executable] = found
    return found
