# Shared by compare.sh and compile.sh: their arguments, the synthetic spec and
# its OpenAPI export, and how a command is measured. Sourced from the repository root.

# Reads `[--install] [N ...]` into $install and $sizes (default N: 100 1000),
# makes sure PyYAML is there and builds the `specgen` binary into $specgen.
setup() {
  install=false
  sizes=()
  for arg in "$@"; do
    case "$arg" in
      --install) install=true ;;
      *) sizes+=("$arg") ;;
    esac
  done
  [ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)
  python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check pyyaml
  cargo build -q --release -p specgen --bin specgen
  specgen="$PWD/target/release/specgen"
}

# Writes the synthetic spec of $1 operations to $2 (built in the repository's
# own target folder, whatever CARGO_TARGET_DIR the caller set for its builds).
write_spec() {
  CARGO_TARGET_DIR="$PWD/target" cargo bench -q -p specgen --bench generate -- --write "$2" "$1" >/dev/null
}

# The OpenAPI document specgen wrote under $1, as JSON in $2, for the other tools.
openapi_json() {
  python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"))' \
    "$1/openapi/bench.yaml" "$2"
}

# Runs a command; prints "CPU-seconds peak-MiB user-seconds wall-seconds" of
# it and its children (CPU is user + system), or "failed". The figures are the
# command's own (wait4), not those of whatever else the calling shell ran
# before: bash may exec this Python in place of a subshell, whose earlier
# children would then count in RUSAGE_CHILDREN.
measure() {
  python3 - "$@" <<'PY'
import os, subprocess, sys, time
started = time.monotonic()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
wall = time.monotonic() - started
cpu = usage.ru_utime + usage.ru_stime
failed = os.waitstatus_to_exitcode(status) != 0
print("failed" if failed else f"{cpu:.2f} {usage.ru_maxrss / 1024:.0f} {usage.ru_utime:.2f} {wall:.2f}")
PY
}

# $1 / $2 with $3 decimals.
ratio() {
  python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.{sys.argv[3]}f}')" "$1" "$2" "$3"
}
