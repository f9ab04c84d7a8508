#!/usr/bin/env bash
# Installs what the build, tests and regressions need, and only what is missing.
# Debian packages through apt-get, Python tools through pip (sim/requirements.txt).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

apt_packages=(
  verilator cmake ninja-build ccache g++ make python3-pip
  libgtest-dev libgmock-dev googletest libfmt-dev libbenchmark-dev
  libpugixml-dev libcli11-dev nlohmann-json3-dev
  gtkwave xvfb yosys iverilog lcov gnuplot-nox libxml2-utils
  clang-format clang-tidy
)

missing=()
for pkg in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  echo "deps: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi

python=${PYTHON:-python3}
req="$here/requirements.txt"
if [[ -f $req ]]; then
  # Ask pip itself whether the pinned requirements are met; install only when they are not.
  if ! "$python" - "$req" <<'PY'
import sys
from importlib.metadata import version, PackageNotFoundError
try:
    from packaging.requirements import Requirement
except ImportError:  # a bare machine: packaging itself comes from requirements.txt
    sys.exit(1)
ok = True
for line in open(sys.argv[1]):
    line = line.split('#')[0].strip()
    if not line:
        continue
    r = Requirement(line)
    try:
        if not r.specifier.contains(version(r.name), prereleases=True):
            ok = False
    except PackageNotFoundError:
        ok = False
sys.exit(0 if ok else 1)
PY
  then
    echo "deps: installing Python packages from $req"
    "$python" -m pip install --quiet --disable-pip-version-check -r "$req"
  fi
fi
