#!/usr/bin/env bash
# tests/foundry-mocks/diff.sh — differential test of the taochain-mocks package against a node.
#
# For each pool engine (solidity, native): starts `taochain --dev --subnet-startup dev` on a free
# port, registers a subnet through 0x803, deploys src/Sequence.sol with `forge create` and runs
# it in ONE transaction (so no block step changes the pool between the calls), reads its
# results(), then runs test/Differential.t.sol in forge, where the mocks start from the node's
# reserves and run the same Sequence; every number must be equal (see Sequence.sol for the list),
# and so must every event 0x805 emitted (StakeAdded, StakeRemoved, AllowanceChanged), field by field.
#
# With TAOCHAIN_RPC_URL set, runs once against that node instead of starting one (a dev chain
# whose new subnets start at once, e.g. `taochain --dev --subnet-startup dev`; each run registers
# a new subnet there).
# Env: TAOCHAIN_BIN (default <repo>/target/debug/taochain), TAOCHAIN_TOOLS (default <repo>/.tools),
#      ENGINES (default "solidity native"), STAKE_RAO (default 10e9 = 10 TAO).
set -Eeuo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOLS=${TAOCHAIN_TOOLS:-$ROOT/.tools}
BIN=${TAOCHAIN_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/taochain}
ENGINES=${ENGINES:-solidity native}
STAKE_RAO=${STAKE_RAO:-10000000000}
KEY0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
HOTKEY=$("$TOOLS/bin/cast" keccak "taochain-mocks differential hotkey")
export PATH="$TOOLS/bin:$PATH" FOUNDRY_SOLC="$TOOLS/bin/solc" FOUNDRY_OFFLINE=true
[ -n "${TAOCHAIN_RPC_URL:-}" ] || [ -x "$BIN" ] || { echo "diff.sh: node binary $BIN missing (cargo build -p taochain, or set TAOCHAIN_BIN)" >&2; exit 2; }
cd "$HERE"
forge build >/dev/null

NODE_PID=
LOG=$(mktemp)
stop() { if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; NODE_PID=; fi; }
trap 'stop; rm -f "$LOG"' EXIT

[ -z "${TAOCHAIN_RPC_URL:-}" ] || ENGINES=external
for engine in $ENGINES; do
  if [ "$engine" = external ]; then
    RPC=$TAOCHAIN_RPC_URL
  else
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    RPC=http://127.0.0.1:$PORT
    "$BIN" --dev --subnet-startup dev --pool-engine "$engine" --rpc-addr "127.0.0.1:$PORT" --log warn >"$LOG" 2>&1 &
    NODE_PID=$!
  fi
  for _ in $(seq 1 100); do cast chain-id --rpc-url "$RPC" >/dev/null 2>&1 && break; sleep 0.2; done
  cast chain-id --rpc-url "$RPC" >/dev/null || { cat "$LOG"; echo "diff.sh: node did not start" >&2; exit 1; }

  # A subnet with HOTKEY, owned by dev account 0; its netuid is topic 3 of NetworkRegistered.
  REG=$(cast send 0x0000000000000000000000000000000000000803 "registerNetwork(bytes32)" "$HOTKEY" \
    --rpc-url "$RPC" --private-key "$KEY0" --json)
  NETUID=$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["status"]=="0x1", r; print(int([l for l in r["logs"] if l["address"].lower().endswith("803")][0]["topics"][3],16))' "$REG")

  SEQ=$(forge create src/Sequence.sol:Sequence --broadcast --json --rpc-url "$RPC" --private-key "$KEY0" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["deployedTo"])')
  RUN=$(cast send "$SEQ" "run(bytes32,uint16,uint64)" "$HOTKEY" "$NETUID" "$STAKE_RAO" \
    --value "$((STAKE_RAO))000000000" --rpc-url "$RPC" --private-key "$KEY0" --json)
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["status"]=="0x1", r' "$RUN"
  # The 0x805 logs of the run, flattened: per log [topic count, topics..., word count, words...].
  EVENTS=$(python3 -c '
import json, sys
r = json.loads(sys.argv[1]); out = []
for l in r["logs"]:
    if int(l["address"], 16) != 0x805: continue
    words = [int(l["data"][2:][i:i + 64], 16) for i in range(0, len(l["data"]) - 2, 64)]
    out += [len(l["topics"])] + [int(t, 16) for t in l["topics"]] + [len(words)] + words
print(",".join(map(str, out)))' "$RUN")
  RAW=$(cast call "$SEQ" "results()(uint256[])" --rpc-url "$RPC")
  RESULTS=$(python3 -c 'import re,sys; print(",".join(re.findall(r"\b(\d+)(?: \[[^\]]*\])?(?=[,\]])", sys.argv[1])))' "$RAW")
  echo "[diff] engine=$engine netuid=$NETUID node results: $RESULTS"
  echo "[diff] engine=$engine 0x805 events (flattened): $EVENTS"
  stop

  TAOCHAIN_NODE_RESULTS="$RESULTS" TAOCHAIN_NODE_EVENTS="$EVENTS" TAOCHAIN_NODE_NETUID="$NETUID" forge test --match-contract DifferentialTest -vv
  echo "[diff] engine=$engine: mocks == node"
done
