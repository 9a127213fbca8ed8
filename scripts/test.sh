#!/usr/bin/env bash
# scripts/test.sh — the whole test suite, from a fresh machine: installs what the tests need
# (solc, Foundry, ethers, viem from the npm registry, into .tools/ and tests/js/node_modules),
# then checks formatting, lints, rustdoc and the pure crates' dependencies, and runs every test
# of the workspace.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== tools (npm registry) =="
bash scripts/setup-tools.sh

echo "== rustfmt =="
rustup component add rustfmt clippy >/dev/null 2>&1 || true
cargo fmt --all -- --check

echo "== clippy =="
cargo clippy --workspace --all-targets -- -D warnings

echo "== rustdoc =="
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

echo "== pure crates link no database, VM, trie or async runtime =="
bash scripts/check-deps.sh

echo "== module size =="
bash scripts/check-size.sh

echo "== tests =="
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
  cargo test --workspace --doc
else
  cargo test --workspace --no-fail-fast
fi
echo "== all tests passed =="
