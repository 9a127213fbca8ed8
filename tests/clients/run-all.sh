#!/usr/bin/env bash
# tests/clients/run-all.sh RPC_URL WS_URL — every client-compatibility test against one node:
# Foundry (tests/foundry/run.sh), then ethers v6 + viem 2 (tests/js/run.sh). Stops at the first
# failure and exits non-zero. The node must be an anvil-compatible dev node (chain id 31337, the
# ten "test ... junk" dev accounts) serving HTTP and WebSocket JSON-RPC; HTTP and WS are usually
# the same port. Tools: scripts/setup-tools.sh.
#   anvil:    .tools/bin/anvil --port 8546 --silent &
#             tests/clients/run-all.sh http://127.0.0.1:8546 ws://127.0.0.1:8546
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TESTS=$(cd "$HERE/.." && pwd)
RPC_URL=${1:-${RPC_URL:-}}
WS_URL=${2:-${WS_URL:-}}
if [ -z "$RPC_URL" ] || [ -z "$WS_URL" ]; then
  echo "usage: tests/clients/run-all.sh RPC_URL WS_URL" >&2
  exit 2
fi
start=$(date +%s)
for suite in foundry js; do
  echo "[clients] === $suite ===" >&2
  if [ "$suite" = foundry ]; then
    bash "$TESTS/foundry/run.sh" "$RPC_URL" || { echo "[clients] FAILED in the $suite suite" >&2; exit 1; }
  else
    bash "$TESTS/js/run.sh" "$RPC_URL" "$WS_URL" || { echo "[clients] FAILED in the $suite suite" >&2; exit 1; }
  fi
done
echo "[clients] all client suites passed in $(( $(date +%s) - start ))s" >&2
