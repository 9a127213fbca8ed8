#!/usr/bin/env bash
# scripts/gas-report.sh — the gas tables of docs/contracts.md: runs the Foundry tests of
# contracts/solidity with --gas-report (invariant suites excluded: their random calls skew the
# figures) and prints Markdown tables per contract. Precompiles are mocked in these tests, so
# the figures are the contracts' own execution; see docs/contracts.md for the stake through the
# real precompile and pool engine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../contracts/solidity"
FOUNDRY_SOLC="$PWD/../../.tools/bin/solc" ../../.tools/bin/forge test --offline --gas-report \
  --no-match-path 'test/**/*Invariant*' | python3 ../../scripts/gas-table.py
