#!/usr/bin/env bash
# Every lint check of the project; any finding fails it.
#   rtl     verilator --lint-only -Wall on every rtl/<block>/lint.f     (sim/rtl_lint.sh)
#   synth   Yosys synthesis of the same file lists, no latches, check    (sim/synth_check.sh)
#   format  clang-format --dry-run --Werror on the C++ under tb models tests bench sim
#   tidy    clang-tidy (.clang-tidy) on the project's .cpp files in BUILD/compile_commands.json
#   coawait no co_await inside if/while/for/switch conditions         (sim/check_co_await.py)
# Usage: sim/lint.sh [BUILD] [rtl|synth|format|tidy|coawait ...]  (default: build, all checks)
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

build=${1:-build}
shift || true
checks=("$@")
((${#checks[@]})) || checks=(rtl synth format tidy coawait)
for c in "${checks[@]}"; do
  case $c in
    rtl | synth | format | tidy | coawait) ;;
    *)
      echo "lint: unknown check '$c' (choose from rtl synth format tidy coawait)" >&2
      exit 2
      ;;
  esac
done
[[ $build = /* ]] || build="$repo/$build"
jobs=${LINT_JOBS:-$(nproc)}
cxx_dirs=(tb models tests bench sim)
summary=()
failed=0

want() {
  local c
  for c in "${checks[@]}"; do [[ $c == "$1" ]] && return 0; done
  return 1
}

need_tool() {
  if ! command -v "$1" >/dev/null; then
    echo "lint: $1 is not installed (run make deps)" >&2
    exit 2
  fi
}

# XPO_LINT_LISTS / XPO_LINT_CXX_FILES replace the file lists (the tests of this script use them).
if [[ -n ${XPO_LINT_LISTS:-} ]]; then
  read -ra lint_files <<<"$XPO_LINT_LISTS"
else
  mapfile -t lint_files < <(ls rtl/*/lint.f 2>/dev/null | sort)
fi

run_blocks() { # <name> <script>
  local name=$1 script=$2 bad=() lf block
  if ((${#lint_files[@]} == 0)); then
    summary+=("$(printf '%-13s no rtl/<block>/lint.f: nothing to check' "$name")")
    return
  fi
  for lf in "${lint_files[@]}"; do
    block=$(basename "$(dirname "$lf")")
    bash "$script" "$lf" || bad+=("$block")
  done
  if ((${#bad[@]})); then
    failed=1
    summary+=("$(printf '%-13s %d blocks, %d FAILING: %s' "$name" "${#lint_files[@]}" \
      "${#bad[@]}" "${bad[*]}")")
  else
    summary+=("$(printf '%-13s %d blocks clean' "$name" "${#lint_files[@]}")")
  fi
}

if want rtl; then
  need_tool verilator
  echo "== verilator --lint-only -Wall"
  run_blocks verilator sim/rtl_lint.sh
fi
if want synth; then
  need_tool yosys
  echo "== yosys synthesis check"
  run_blocks yosys sim/synth_check.sh
fi

# Tracked C++ files plus new ones not yet added (ignored files such as build trees stay out);
# tests/sim/data/ holds files that are wrong on purpose.
if [[ -n ${XPO_LINT_CXX_FILES:-} ]]; then
  read -ra cxx <<<"$XPO_LINT_CXX_FILES"
else
  mapfile -t cxx < <(git ls-files --cached --others --exclude-standard -- "${cxx_dirs[@]}" |
    grep -E '\.(cpp|cc|cxx|h|hpp|hh|inc)$' | grep -v '^tests/sim/data/' | sort -u)
fi

if want coawait; then
  echo "== co_await in conditions"
  if out=$(python3 sim/check_co_await.py "${cxx[@]}"); then
    summary+=("$(printf '%-13s %d files clean' co_await "${#cxx[@]}")")
  else
    echo "$out"
    failed=1
    summary+=("$(printf '%-13s %d files, %d FINDINGS (see above)' co_await "${#cxx[@]}" \
      "$(grep -c ': co_await inside' <<<"$out")")")
  fi
fi

if want format; then
  need_tool clang-format
  echo "== clang-format"
  bad=()
  for f in "${cxx[@]}"; do
    [[ -f $f ]] || continue
    if ! out=$(clang-format --dry-run --Werror "$f" 2>&1); then
      bad+=("$f")
      echo "$out" | head -20
    fi
  done
  if ((${#bad[@]})); then
    failed=1
    summary+=("$(printf '%-13s %d files, %d NOT FORMATTED (fix: clang-format -i FILE): %s' \
      clang-format "${#cxx[@]}" "${#bad[@]}" "${bad[*]}")")
  else
    summary+=("$(printf '%-13s %d files formatted' clang-format "${#cxx[@]}")")
  fi
fi

if want tidy; then
  need_tool clang-tidy
  echo "== clang-tidy"
  db="$build/compile_commands.json"
  if [[ ! -f $db ]]; then
    echo "lint: $db is missing: configuring $build"
    cmake -S "$repo" -B "$build" $(command -v ninja >/dev/null && echo -G Ninja) >/dev/null ||
      { echo "lint: cmake configure of $build failed" >&2; exit 2; }
  fi
  # Verilator's generated headers are needed to parse the tests that include them; with Ninja
  # only the verilate steps run, not a full build.
  if [[ -f $build/build.ninja ]]; then
    mapfile -t gen < <(ninja -C "$build" -t targets all 2>/dev/null |
      sed -nE 's#^([^:]*/V[^/:]*\.h): .*#\1#p')
    if ((${#gen[@]})); then
      ninja -C "$build" -j "$jobs" "${gen[@]}" >/dev/null ||
        { echo "lint: generating the Verilated headers failed" >&2; exit 2; }
    fi
  fi
  mapfile -t tus < <(python3 - "$db" "$repo" "$build" "${cxx_dirs[@]}" <<'PY'
import json, os, sys
db, repo, build, *dirs = sys.argv[1:]
roots = tuple(os.path.join(repo, d) + os.sep for d in dirs)
seen = set()
for e in json.load(open(db)):
    f = os.path.normpath(os.path.join(e.get("directory", ""), e["file"]))
    if f.startswith(roots) and not f.startswith(os.path.realpath(build) + os.sep) \
            and f.endswith((".cpp", ".cc", ".cxx")) and os.path.isfile(f) and f not in seen:
        seen.add(f)
        print(f)
PY
  )
  logdir="${XPO_OUT:-$repo/out}/lint/tidy"
  rm -rf "$logdir"
  mkdir -p "$logdir"
  # Headers count only under the source folders: .clang-tidy's HeaderFilterRegex alone would also
  # match Verilator's generated headers in the build tree (e.g. build/tests/<block>/...).
  repo_rx=$(printf '%s' "$repo" | sed 's/[][\.*^$+?(){}|/]/\\&/g')
  header_filter="^$repo_rx/($(IFS='|'; echo "${cxx_dirs[*]}"))/"
  if ((${#tus[@]})); then
    printf '%s\n' "${tus[@]}" | xargs -P "$jobs" -I{} sh -c '
      log="$2/$(echo "${1#$3/}" | tr / _).log"
      clang-tidy -p "$0" --quiet --header-filter="$4" "$1" >"$log" 2>&1 || echo "$1" >>"$2/failed"
    ' "$build" {} "$logdir" "$repo" "$header_filter"
  fi
  if [[ -s $logdir/failed ]]; then
    mapfile -t bad < <(sort "$logdir/failed")
    for f in "${bad[@]}"; do
      log="$logdir/$(echo "${f#"$repo"/}" | tr / _).log"
      grep -E "(warning|error):" "$log" | grep -v "warnings generated" | head -30
    done
    failed=1
    summary+=("$(printf '%-13s %d files, %d WITH FINDINGS (logs in %s): %s' clang-tidy \
      "${#tus[@]}" "${#bad[@]}" "${logdir#"$repo"/}" "${bad[*]#"$repo"/}")")
  else
    summary+=("$(printf '%-13s %d files clean' clang-tidy "${#tus[@]}")")
  fi
fi

echo
echo "lint summary:"
printf '  %s\n' "${summary[@]}"
if ((failed)); then
  echo "lint: FAILED"
  exit 1
fi
echo "lint: all clean"
