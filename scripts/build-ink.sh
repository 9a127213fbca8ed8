#!/usr/bin/env bash
# Builds the ink! 5 contracts (test contracts and the pool/vault/bounty suite) under contracts/ink/ to wasm32 with plain cargo, the recipe of
# spec/toolchain.md section 4 (b): what cargo-contract 5 does (fat LTO, opt-level z, 64 KiB stack,
# imported memory, MVP target, core/alloc rebuilt with immediate-abort panics), fixed for
# rustc 1.95. The .wasm files land in $CARGO_TARGET_DIR/ink/ (default target/ink/); cargo's own
# cache makes a second run take about a second. Prints the output directory.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${INK_OUT_DIR:-${CARGO_TARGET_DIR:-$root/target}/ink}"
target_dir="${INK_TARGET_DIR:-${CARGO_TARGET_DIR:-$root/target}/ink-build}"
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown >&2
rustup component list --installed 2>/dev/null | grep -q '^rust-src' \
  || rustup component add rust-src >&2
flags=(-Clink-arg=-zstack-size=65536 -Clink-arg=--import-memory -Cstrip=symbols
  -Ctarget-cpu=mvp -Zunstable-options -Cpanic=immediate-abort
  # rustc 1.95 still turns these on for wasm32 despite target-cpu=mvp; pallet-contracts (and
  # wasm-host) accept only the MVP plus sign extension.
  -Ctarget-feature=-bulk-memory,-bulk-memory-opt,-multivalue,-reference-types,-nontrapping-fptoint,-call-indirect-overlong,-mutable-globals)
rustflags="$(IFS=$'\x1f'; echo "${flags[*]}")"
cd "$root/contracts/ink"
mkdir -p "$target_dir"
# Tests run in parallel processes: one build at a time.
exec 9>"$target_dir/.build-lock"
flock 9
# counter alone first: the others use it as a dependency (feature `ink-as-dependency`, which
# drops its entry points), and cargo would unify that feature into counter's own cdylib.
for pkgs in "-p counter" "-p caller -p hostile -p ext_all -p pool -p vault -p bounty"; do
  # shellcheck disable=SC2086
  CARGO_ENCODED_RUSTFLAGS="$rustflags" RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$target_dir" \
    cargo build --release --target wasm32-unknown-unknown --no-default-features \
    -Zbuild-std=core,alloc $pkgs >&2
done
mkdir -p "$out"
for c in counter caller hostile ext_all pool vault bounty; do
  cp "$target_dir/wasm32-unknown-unknown/release/$c.wasm" "$out/$c.wasm"
done
# The metadata JSON (<name>.json) next to the .wasm files.
INK_OUT_DIR="$out" bash "$root/scripts/ink-metadata.sh"
echo "$out"
