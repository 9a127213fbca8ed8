#!/usr/bin/env bash
# bench/tps/run.sh ARGS... — runs the throughput harness (tps.js) against any JSON-RPC node,
# installing its npm dependencies (ethers, solc-js; pinned by package-lock.json) on first use.
#   bench/tps/run.sh --rpc http://127.0.0.1:8545 --key 0x<funded key> --mode erc20 --n 2000 --senders 4
# One JSON line on stdout; progress on stderr. See README.md for the options and output fields.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ ! -d "$HERE/node_modules/ethers" ] || [ ! -d "$HERE/node_modules/solc" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >&2) || { echo "bench/tps: npm ci failed" >&2; exit 2; }
fi
exec node "$HERE/tps.js" "$@"
