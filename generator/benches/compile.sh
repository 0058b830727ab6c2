#!/usr/bin/env bash
# Times compiling the crate `specgen` generates against the crate progenitor
# generates for the same operations: the synthetic spec of
# `cargo bench -p specgen --bench generate`, and, for progenitor, the OpenAPI
# document specgen exports from it.
#
#   bash generator/benches/compile.sh [--install] [N ...]    (default N: 100 1000)
#
# Each generated crate is built once so that its dependencies are compiled,
# then cleaned alone and built again, debug and release: the figures are the
# CPU seconds (user + system) of that second build and rustc's peak memory.
# progenitor is skipped when `cargo-progenitor` is not installed; `--install`
# installs it first.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

source generator/benches/common.sh
setup "$@"
if $install; then
  command -v cargo-progenitor >/dev/null || cargo install --locked cargo-progenitor
fi
# One target folder for every run, so that the dependencies build once.
export CARGO_TARGET_DIR="$root/target/compile-bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Builds the crate in $1 (package $2) in profile $3 after building it once:
# prints "CPU-seconds peak-MiB", or "failed".
build_time() {
  local dir=$1 package=$2 profile=$3
  local flag=()
  [ "$profile" = release ] && flag=(--release)
  (cd "$dir" && cargo build -q "${flag[@]}" >/dev/null 2>&1 && cargo clean -q "${flag[@]}" -p "$package") || {
    echo failed
    return
  }
  measure cargo build -q "${flag[@]}" --manifest-path "$dir/Cargo.toml"
}

per_op() {
  python3 -c "import sys; print(f'{float(sys.argv[1]) / int(sys.argv[2]) * 1000:.0f} ms')" "$1" "$2"
}

lines() {
  find "$1" -name '*.rs' -print0 | xargs -0 cat | wc -l
}

echo "| N | profile | specgen CPU s | per operation | rustc peak | lines | progenitor CPU s | per operation | rustc peak | lines | specgen / progenitor |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  dir="$work/$n"
  write_spec "$n" "$dir/spec"
  "$specgen" generate "$dir/spec" "$dir/ours/src" >/dev/null
  cat >"$dir/ours/Cargo.toml" <<TOML
[package]
name = "bench-ours"
version = "0.1.0"
edition = "2021"

[lib]
path = "src/lib.rs"

[features]
default = ["bench"]
bench = []

[dependencies]
specgen-runtime = { path = "$root/runtime" }
serde = { version = "1", features = ["derive"] }

[workspace]
TOML
  openapi_json "$dir/ours/src" "$dir/bench.json"
  have_progenitor=false
  if command -v cargo-progenitor >/dev/null \
    && cargo progenitor -i "$dir/bench.json" -o "$dir/progenitor" -n bench-progenitor -v 0.1.0 >/dev/null 2>&1; then
    have_progenitor=true
    printf '\n[workspace]\n' >>"$dir/progenitor/Cargo.toml"
  fi
  for profile in debug release; do
    read -r ours ours_peak _ < <(build_time "$dir/ours" bench-ours "$profile")
    prog="skipped" prog_peak="" prog_lines="" prog_per="" share=""
    if $have_progenitor; then
      read -r prog prog_peak _ < <(build_time "$dir/progenitor" bench-progenitor "$profile")
      if [ "$prog" != failed ] && [ "$ours" != failed ]; then
        prog_per=$(per_op "$prog" "$n")
        share=$(ratio "$ours" "$prog" 2)
      fi
      prog_lines=$(lines "$dir/progenitor/src")
    fi
    ours_per=""
    [ "$ours" = failed ] || ours_per=$(per_op "$ours" "$n")
    echo "| $n | $profile | $ours | $ours_per | ${ours_peak:+$ours_peak MiB} | $(lines "$dir/ours/src") | $prog | $prog_per | ${prog_peak:+$prog_peak MiB} | $prog_lines | $share |"
  done
done
