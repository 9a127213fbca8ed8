#!/usr/bin/env bash
# bench/run-vs-anvil.sh — throughput and block building of taochain side by side with anvil 1.7.1.
# A benchmark, not a test: it prints figures; it exits non-zero only if a run could not complete
# (node did not start, harness setup error, or txs rejected/failed/not mined).
#
# Cases, each on a fresh node (the same block gas limit for both nodes, 1,000,000,000):
#   a) stream:    node with --block-time 1; ERC-20 mode, 12,000 txs from 8 senders, sent in
#                 JSON-RPC batches of 200  -> mined tx/s, p50/p99 inclusion latency
#   b) mine-once: node with automine (the harness turns it off with evm_setAutomine false); 10,000
#                 ERC-20 transfers from 8 senders go into the pool, then one timed evm_mine
#                 -> block_build_ms, block_tx_per_s
# For every run the node's resident memory (VmRSS from /proc/<pid>/status) is read once the node
# answers and has idled 2 s ("idle") and again when the harness is done ("after").
#
# Output (stdout): one JSON line per (node, case) = the harness's line plus node, case,
# rss_idle_mib, rss_after_mib; then one JSON line per case with taochain/anvil ratios when both
# nodes ran; then a readable table (stderr). Everything is also saved in $OUT_DIR/results.jsonl.
#
# Usage: bench/run-vs-anvil.sh [--anvil-only] [--taochain-only]
# Env:
#   TAOCHAIN_BIN   node binary (default <repo>/target/release/taochain). It is started as
#                  $TAOCHAIN_BIN --dev --datadir <tmpdir> --rpc-addr 127.0.0.1:<port>
#                                --gas-limit 1000000000 [--block-time 1] $TAOCHAIN_ARGS
#                  and must print its RPC URL on stdout (else http://127.0.0.1:<port> is used).
#                  RSS is read from the process started, so point this at the binary, not a wrapper.
#                  When the binary does not exist and no node list is forced, only anvil runs.
#   TAOCHAIN_ARGS  extra arguments for taochain
#   ANVIL_BIN      default <repo>/.tools/bin/anvil (scripts/setup-tools.sh)
#   N_STREAM=12000 N_MINE=10000 SENDERS=8 BATCH=200 GAS_LIMIT=1000000000 TPS_TIMEOUT=300
#   PORT=18545 (anvil) / PORT+100 (taochain)   OUT_DIR (default: a new temp dir)
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${TAOCHAIN_TOOLS:-$ROOT/.tools}
ANVIL_BIN=${ANVIL_BIN:-$TOOLS/bin/anvil}
TAOCHAIN_BIN=${TAOCHAIN_BIN:-$ROOT/target/release/taochain}
TAOCHAIN_ARGS=${TAOCHAIN_ARGS:-}
GAS_LIMIT=${GAS_LIMIT:-1000000000}
N_STREAM=${N_STREAM:-12000}
N_MINE=${N_MINE:-10000}
SENDERS=${SENDERS:-8}
BATCH=${BATCH:-200}
TPS_TIMEOUT=${TPS_TIMEOUT:-300}
PORT=${PORT:-18545}
OUT_DIR=${OUT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/taochain-bench.XXXXXX")}
KEY0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80 # dev account 0

NODES="anvil taochain"
FORCED=0
for arg in "$@"; do
  case "$arg" in
    --anvil-only) NODES="anvil"; FORCED=1 ;;
    --taochain-only) NODES="taochain"; FORCED=1 ;;
    -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-vs-anvil: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] ERROR: $*" >&2; exit 2; }

[ -x "$ANVIL_BIN" ] || [ "$NODES" = taochain ] || die "anvil not found at $ANVIL_BIN: run scripts/setup-tools.sh"
if [[ " $NODES " == *" taochain "* ]] && [ ! -x "$TAOCHAIN_BIN" ]; then
  [ "$FORCED" = 1 ] && die "taochain binary not found at $TAOCHAIN_BIN (set TAOCHAIN_BIN)"
  log "taochain binary not found at $TAOCHAIN_BIN (set TAOCHAIN_BIN): running anvil only"
  NODES="anvil"
fi
command -v curl >/dev/null || die "curl not found"
if [ ! -d "$ROOT/bench/tps/node_modules/ethers" ] || [ ! -d "$ROOT/bench/tps/node_modules/solc" ]; then
  log "installing bench/tps dependencies (npm ci)"
  (cd "$ROOT/bench/tps" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci in bench/tps failed"
fi
mkdir -p "$OUT_DIR"
RESULTS=$OUT_DIR/results.jsonl
: >"$RESULTS"

NODE_PID=""
NODE_DATADIR=""
cleanup() {
  if [ -n "$NODE_PID" ] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill "$NODE_PID" 2>/dev/null || true
    wait "$NODE_PID" 2>/dev/null || true
  fi
  [ -n "$NODE_DATADIR" ] && rm -rf "$NODE_DATADIR"
  NODE_PID=""
  NODE_DATADIR=""
}
trap cleanup EXIT

rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo null; }

rpc_ready() {
  curl -s -m 2 -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
    --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1" 2>/dev/null | grep -q '^200$'
}

# start_node NAME CASE -> NODE_PID, NODE_URL
start_node() {
  local name=$1 case=$2 port nodelog
  nodelog="$OUT_DIR/$name-$case.log"
  local block_time=()
  [ "$case" = stream ] && block_time=(--block-time 1)
  if [ "$name" = anvil ]; then
    port=$PORT
    "$ANVIL_BIN" --host 127.0.0.1 --port "$port" --silent --gas-limit "$GAS_LIMIT" "${block_time[@]}" >"$nodelog" 2>&1 &
    NODE_PID=$!
  else
    port=$((PORT + 100))
    NODE_DATADIR=$(mktemp -d "${TMPDIR:-/tmp}/taochain-bench-data.XXXXXX")
    # shellcheck disable=SC2086 # TAOCHAIN_ARGS is a list of words on purpose
    "$TAOCHAIN_BIN" --dev --datadir "$NODE_DATADIR" --rpc-addr "127.0.0.1:$port" --gas-limit "$GAS_LIMIT" \
      "${block_time[@]}" $TAOCHAIN_ARGS >"$nodelog" 2>&1 &
    NODE_PID=$!
  fi
  NODE_URL="http://127.0.0.1:$port"
  local url
  for _ in $(seq 1 300); do
    kill -0 "$NODE_PID" 2>/dev/null || { tail -20 "$nodelog" >&2; die "$name exited during start-up (log: $nodelog)"; }
    if [ "$name" = taochain ]; then
      url=$(grep -Eo 'https?://[^[:space:]"]+' "$nodelog" | head -1 || true)
      [ -n "$url" ] && NODE_URL=$url
    fi
    rpc_ready "$NODE_URL" && return 0
    sleep 0.2
  done
  tail -20 "$nodelog" >&2
  die "$name did not answer eth_chainId at $NODE_URL within 60 s (log: $nodelog)"
}

FAILED=0
# run_case NAME CASE
run_case() {
  local name=$1 case=$2 idle after rc=0 line
  local args=(--rpc "" --key "$KEY0" --mode erc20 --senders "$SENDERS" --batch "$BATCH" --timeout "$TPS_TIMEOUT")
  if [ "$case" = stream ]; then
    args+=(--n "$N_STREAM" --label "$name block-time 1, erc20 x$N_STREAM, $SENDERS senders, batch $BATCH")
  else
    args+=(--n "$N_MINE" --mine-once --label "$name mine-once, erc20 x$N_MINE, $SENDERS senders")
  fi
  start_node "$name" "$case"
  args[1]=$NODE_URL
  sleep 2
  idle=$(rss_mib "$NODE_PID")
  log "$name/$case: node pid $NODE_PID at $NODE_URL, idle RSS ${idle} MiB; running tps.js ${args[*]:2}"
  line=$(node "$ROOT/bench/tps/tps.js" "${args[@]}" 2>"$OUT_DIR/$name-$case.tps.log") || rc=$?
  after=$(rss_mib "$NODE_PID")
  cleanup
  if [ -z "$line" ]; then
    FAILED=1
    tail -5 "$OUT_DIR/$name-$case.tps.log" >&2
    line="{\"error\":\"harness exit $rc, see $OUT_DIR/$name-$case.tps.log\"}"
  elif [ "$rc" != 0 ]; then
    FAILED=1
    log "$name/$case: harness exit $rc (rejected, failed or unmined txs)"
  fi
  line=$(node -e '
    const [line, node, kase, idle, after] = process.argv.slice(1);
    const num = s => (s === "null" || s === "" ? null : Number(s));
    console.log(JSON.stringify({ node, case: kase, rss_idle_mib: num(idle), rss_after_mib: num(after), ...JSON.parse(line) }));
  ' "$line" "$name" "$case" "$idle" "$after")
  echo "$line" | tee -a "$RESULTS"
}

log "nodes: $NODES; gas limit $GAS_LIMIT; results in $RESULTS"
for name in $NODES; do
  run_case "$name" stream
  run_case "$name" mine-once
done

# Ratios (taochain / anvil) and a readable table.
node - "$RESULTS" <<'EOF'
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').filter(Boolean).map(l => JSON.parse(l));
const get = (node, kase) => rows.find(r => r.node === node && r.case === kase);
const keys = ['mined_tx_per_s', 'p50_ms', 'p99_ms', 'block_build_ms', 'block_tx_per_s', 'rss_idle_mib', 'rss_after_mib'];
for (const kase of ['stream', 'mine-once']) {
  const a = get('anvil', kase), t = get('taochain', kase);
  if (!a || !t || a.error || t.error) continue;
  const ratio = { ratios: 'taochain/anvil', case: kase };
  for (const k of keys) if (typeof a[k] === 'number' && typeof t[k] === 'number' && a[k] !== 0) ratio[k] = +(t[k] / a[k]).toFixed(3);
  console.log(JSON.stringify(ratio));
}
const f = v => (v === undefined || v === null ? '-' : String(v));
const table = [['node', 'case', 'accepted', 'mined', 'mined tx/s', 'p50 ms', 'p99 ms', 'blocks', 'build ms', 'build tx/s', 'RSS idle MiB', 'RSS after MiB']];
for (const r of rows) table.push([r.node, r.case, f(r.accepted), f(r.mined), f(r.mined_tx_per_s), f(r.p50_ms), f(r.p99_ms), f(r.blocks), f(r.block_build_ms), f(r.block_tx_per_s), f(r.rss_idle_mib), f(r.rss_after_mib)]);
const w = table[0].map((_, i) => Math.max(...table.map(r => r[i].length)));
for (const r of table) console.error(r.map((c, i) => c.padStart(w[i])).join('  '));
EOF
[ "$FAILED" = 0 ] || { log "at least one run did not complete cleanly (see above)"; exit 1; }
