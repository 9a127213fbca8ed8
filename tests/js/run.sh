#!/usr/bin/env bash
# tests/js/run.sh [RPC_URL] [WS_URL] — runs the ethers v6 and viem 2 client tests in sequence
# and stops at the first failure. URLs come from the arguments or from $RPC_URL / $WS_URL.
# Dependencies: tests/js/node_modules from scripts/setup-tools.sh (npm ci of package-lock.json).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export RPC_URL=${1:-${RPC_URL:-}}
export WS_URL=${2:-${WS_URL:-}}
if [ -z "$RPC_URL" ] || [ -z "$WS_URL" ]; then
  echo "usage: tests/js/run.sh RPC_URL WS_URL   (e.g. http://127.0.0.1:8545 ws://127.0.0.1:8545)" >&2
  exit 2
fi
for dep in ethers viem ws solc; do
  [ -d "$HERE/node_modules/$dep" ] || { echo "[js] FAIL: tests/js/node_modules/$dep missing: run scripts/setup-tools.sh first" >&2; exit 1; }
done
cd "$HERE"
for t in ethers viem; do
  echo "[js] running $t.mjs against $RPC_URL / $WS_URL" >&2
  if ! node "$t.mjs"; then
    echo "[js] FAIL: $t.mjs" >&2
    exit 1
  fi
done
echo "[js] all JS client tests passed" >&2
