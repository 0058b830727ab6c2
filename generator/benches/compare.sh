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
# the whole process and its children, the user seconds alone (the system time
# is mostly the file system creating the output files, which varies with the
# disk's state), the wall-clock seconds (specgen parses and emits on every
# core) and the peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/../.."

source generator/benches/common.sh
setup "$@"
if $install; then
  command -v cargo-progenitor >/dev/null || cargo install --locked cargo-progenitor
  command -v openapi-generator-cli >/dev/null || npm install -g @openapitools/openapi-generator-cli
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| N | specgen CPU s | user s | wall s | peak | progenitor CPU s | user s | wall s | peak | progenitor / specgen: CPU | user | wall | openapi-generator CPU s | openapi-generator / specgen |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  dir="$work/$n"
  write_spec "$n" "$dir/spec"
  read -r ours ours_peak ours_user ours_wall < <(measure "$specgen" generate "$dir/spec" "$dir/ours")
  openapi_json "$dir/ours" "$dir/bench.json"
  prog="skipped" prog_peak="" prog_user="" prog_wall="" prog_ratio="" user_ratio="" wall_ratio=""
  if command -v cargo-progenitor >/dev/null; then
    read -r prog prog_peak prog_user prog_wall < <(measure cargo progenitor -i "$dir/bench.json" -o "$dir/progenitor" -n bench -v 0.1.0) || true
    if [ "$prog" != failed ]; then
      prog_ratio="$(ratio "$prog" "$ours" 1)x"
      user_ratio="$(ratio "$prog_user" "$ours_user" 1)x"
      wall_ratio="$(ratio "$prog_wall" "$ours_wall" 1)x"
    fi
  fi
  oag="skipped" oag_ratio=""
  if command -v openapi-generator-cli >/dev/null; then
    read -r oag _ _ _ < <(measure openapi-generator-cli generate -g rust -i "$dir/bench.json" -o "$dir/oag") || true
    [ "$oag" = failed ] || oag_ratio="$(ratio "$oag" "$ours" 1)x"
  fi
  echo "| $n | $ours | $ours_user | $ours_wall | ${ours_peak} MiB | $prog | $prog_user | $prog_wall | ${prog_peak:+$prog_peak MiB} | $prog_ratio | $user_ratio | $wall_ratio | $oag | $oag_ratio |"
done
