#!/usr/bin/env bash
# Times `specgen generate` against progenitor and openapi-generator on the same
# operations: the synthetic spec of `cargo bench -p specgen --bench generate`,
# and, for the others, the OpenAPI document specgen exports from it.
#
#   bash generator/benches/compare.sh [--install] [N ...]    (default N: 100 1000)
#
# A tool that is not installed is skipped; `--install` installs it first
# (`cargo install cargo-progenitor`; `npm install -g @openapitools/openapi-generator-cli`,
# which also needs a Java runtime). Figures are CPU seconds (user + system) of
# the whole process and its children, and the peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/../.."

install=false
sizes=()
for arg in "$@"; do
  case "$arg" in
    --install) install=true ;;
    *) sizes+=("$arg") ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)

if $install; then
  command -v cargo-progenitor >/dev/null || cargo install --locked cargo-progenitor
  command -v openapi-generator-cli >/dev/null || npm install -g @openapitools/openapi-generator-cli
fi
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check pyyaml

cargo build -q --release -p specgen --bin specgen
specgen="$PWD/target/release/specgen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs a command; prints "CPU-seconds peak-MiB", or "failed".
measure() {
  python3 - "$@" <<'EOF'
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
if done.returncode != 0:
    print("failed")
else:
    print(f"{usage.ru_utime + usage.ru_stime:.2f} {usage.ru_maxrss / 1024:.0f}")
EOF
}

ratio() {
  python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.1f}x')" "$1" "$2"
}

echo "| N | specgen CPU s | peak | progenitor CPU s | peak | progenitor / specgen | openapi-generator CPU s | openapi-generator / specgen |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  dir="$work/$n"
  cargo bench -q -p specgen --bench generate -- --write "$dir/spec" "$n" >/dev/null
  read -r ours ours_peak < <(measure "$specgen" generate "$dir/spec" "$dir/ours")
  python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"))' \
    "$dir/ours/openapi/bench.yaml" "$dir/bench.json"
  prog="skipped" prog_peak="" prog_ratio=""
  if command -v cargo-progenitor >/dev/null; then
    read -r prog prog_peak < <(measure cargo progenitor -i "$dir/bench.json" -o "$dir/progenitor" -n bench -v 0.1.0) || true
    [ "$prog" = failed ] || prog_ratio=$(ratio "$prog" "$ours")
  fi
  oag="skipped" oag_ratio=""
  if command -v openapi-generator-cli >/dev/null; then
    read -r oag _ < <(measure openapi-generator-cli generate -g rust -i "$dir/bench.json" -o "$dir/oag") || true
    [ "$oag" = failed ] || oag_ratio=$(ratio "$oag" "$ours")
  fi
  echo "| $n | $ours | ${ours_peak} MiB | $prog | ${prog_peak:+$prog_peak MiB} | $prog_ratio | $oag | $oag_ratio |"
done
