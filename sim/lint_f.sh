# Reads a Verilator -f file (rtl/<block>/lint.f convention) into bash arrays, for the scripts that
# need its file list outside Verilator. Source it, then call: lint_f_parse <file>
# Sets: LINT_TOP (from --top-module/--top), LINT_SOURCES (.sv/.v files), LINT_INCDIRS, LINT_DEFINES.
# Other Verilator options are left to Verilator. Paths are as written (relative to the repo root).

lint_f_parse() {
  local file=$1
  LINT_TOP="" LINT_SOURCES=() LINT_INCDIRS=() LINT_DEFINES=()
  if [[ ! -f $file ]]; then
    echo "lint.f: no such file: $file" >&2
    return 2
  fi
  local tokens=() line tok expect=""
  # Strip // comments and # comment lines; Verilator splits the rest on whitespace.
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%%//*}
    [[ $line =~ ^[[:space:]]*# ]] && continue
    read -ra words <<<"$line"
    tokens+=("${words[@]}")
  done <"$file"
  for tok in "${tokens[@]}"; do
    if [[ -n $expect ]]; then
      case $expect in
        top) LINT_TOP=$tok ;;
        inc) LINT_INCDIRS+=("$tok") ;;
        skip) ;;
      esac
      expect=""
      continue
    fi
    case $tok in
      --top-module | -top-module | --top | -top) expect=top ;;
      --top-module=* | --top=*) LINT_TOP=${tok#*=} ;;
      -I) expect=inc ;;
      -I*) LINT_INCDIRS+=("${tok#-I}") ;;
      +incdir+*)
        local rest=${tok#+incdir+} d
        IFS=+ read -ra dirs <<<"$rest"
        for d in "${dirs[@]}"; do [[ -n $d ]] && LINT_INCDIRS+=("$d"); done
        ;;
      +define+*)
        local rest=${tok#+define+} d
        IFS=+ read -ra defs <<<"$rest"
        for d in "${defs[@]}"; do [[ -n $d ]] && LINT_DEFINES+=("$d"); done
        ;;
      -D*) LINT_DEFINES+=("${tok#-D}") ;;
      -f | -F)
        echo "lint.f: $file: nested $tok files are not supported; list the sources directly" >&2
        return 2
        ;;
      -y | -v | -j | --Mdir | -Mdir | -o) expect=skip ;;
      -* | +*) ;;
      *.sv | *.v) LINT_SOURCES+=("$tok") ;;
      *.vlt) ;;
      *)
        echo "lint.f: $file: cannot tell what '$tok' is (expected an option or a .sv/.v file)" >&2
        return 2
        ;;
    esac
  done
  if [[ -z $LINT_TOP ]]; then
    echo "lint.f: $file has no --top-module" >&2
    return 2
  fi
  if ((${#LINT_SOURCES[@]} == 0)); then
    echo "lint.f: $file lists no .sv/.v sources" >&2
    return 2
  fi
  local src
  for src in "${LINT_SOURCES[@]}"; do
    if [[ ! -f $src ]]; then
      echo "lint.f: $file: source '$src' does not exist (paths are relative to the repo root)" >&2
      return 2
    fi
  done
}
