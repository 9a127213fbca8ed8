#!/usr/bin/env bash
# scripts/test.sh — the whole test suite, from a fresh machine: installs what the tests need
# (solc, Foundry, ethers, viem, playwright-core from the npm registry, into .tools/ and
# tests/js/node_modules; from apt when missing, Mesa's software Vulkan driver for the gpu-worker's
# wgpu tests and Chromium for the dashboard's browser test),
# then checks formatting, lints, rustdoc and the pure crates' dependencies, runs the Solidity
# suites' Foundry tests, and runs every test of the workspace.
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

echo "== forge test (contracts/solidity) =="
# Unit, fuzz and invariant tests of the Solidity suites, offline with the local solc.
(cd contracts/solidity && FOUNDRY_SOLC="$PWD/../../.tools/bin/solc" ../../.tools/bin/forge test --offline)

echo "== forge test (tests/foundry-mocks: the taochain-mocks package) =="
# The precompile mocks' copies of the interfaces must be the generated ones.
for f in contracts/solidity-mocks/src/interfaces/*.sol; do
  cmp "$f" "contracts/interfaces/$(basename "$f")" || { echo "stale copy: $f" >&2; exit 1; }
done
# Unit tests of the example StakeVault on the mocks; the differential test against a node runs
# with the workspace tests (it::foundry_mocks runs tests/foundry-mocks/diff.sh on both engines).
(cd tests/foundry-mocks && FOUNDRY_SOLC="$PWD/../../.tools/bin/solc" ../../.tools/bin/forge test --offline --no-match-contract Differential)

echo "== ink! test contracts (wasm32, plain cargo) =="
# wasm-host's tests load these; building them here once keeps a failure readable.
bash scripts/build-ink.sh >/dev/null
echo "== ink! contract unit tests (#[ink::test], off-chain environment) =="
# A host build of ink! with std (about 2 min cold, seconds warm), in its own target dir.
(cd contracts/ink && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/../../target}/ink-test" \
  cargo test --quiet -p pool -p vault -p bounty)

echo "== tests =="
# The gpu-worker's wgpu test fails instead of skipping when no adapter is found (setup-tools.sh
# installed Mesa's software Vulkan driver); XDG_RUNTIME_DIR quiets a harmless Mesa warning.
export TAOCHAIN_REQUIRE_WGPU=1
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
  cargo test --workspace --doc
else
  cargo test --workspace --no-fail-fast
fi

echo "== all tests passed =="
