#!/usr/bin/env bash
# Writes the standard ink! 5 metadata JSON (what cargo-contract writes as <name>.json) next to
# each built .wasm in $CARGO_TARGET_DIR/ink/, with contracts/ink/metadata-gen: a host build of
# the contract with `std` whose ink!-generated `__ink_generate_metadata` is called, plus
# `source.hash` = blake2-256 of the .wasm. One contract per generator build (the symbol is the
# same in every contract). Called by scripts/build-ink.sh; a warm run takes about a second.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${INK_OUT_DIR:-${CARGO_TARGET_DIR:-$root/target}/ink}"
# The host (std) build shares the ink! unit tests' target dir (scripts/test.sh).
target_dir="${INK_META_TARGET_DIR:-${CARGO_TARGET_DIR:-$root/target}/ink-test}"
cd "$root/contracts/ink"
# Contracts with a metadata-gen feature.
for c in counter caller hostile ext_all pool vault bounty; do
  version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$c/Cargo.toml" | head -1)"
  CARGO_TARGET_DIR="$target_dir" cargo build --quiet -p metadata-gen --features "$c" >&2
  "$target_dir/debug/metadata-gen" "$out/$c.wasm" "$c" "$version" > "$out/$c.json.tmp"
  mv "$out/$c.json.tmp" "$out/$c.json"
done
