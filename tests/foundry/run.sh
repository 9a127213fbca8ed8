#!/usr/bin/env bash
# tests/foundry/run.sh RPC_URL — Foundry (forge/cast 1.7.1) against an anvil-compatible node.
#
# Exercises the node the way a Foundry user does and CHECKS every answer; the first failed check
# stops the run with exit 1 and says what was expected and what came back.
#   forge build; forge create --broadcast; cast send (event) / call / receipt / balance / nonce /
#   chain-id / block / logs / code; reverting calls (reason string and custom error);
#   forge script --broadcast (6 txs of one sender, submitted concurrently, no --slow).
#
# Assumes a `--dev` node: chain id 31337 (EXPECT_CHAIN_ID to change) and the ten anvil dev
# accounts of the "test test ... junk" mnemonic. Uses dev account 0 only; dev account 9 must be
# untouched (its balance is checked to be exactly 10,000 ETH), so do not spend from it.
# Re-runnable against the same node: every run deploys fresh contracts and uses fresh addresses.
#
# Env: TAOCHAIN_TOOLS (default <repo>/.tools, from scripts/setup-tools.sh), EXPECT_CHAIN_ID,
#      STEP_TIMEOUT (seconds per command, default 120), VERBOSE=1 (print every command's output).
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOLS=${TAOCHAIN_TOOLS:-$ROOT/.tools}
RPC_URL=${1:-${RPC_URL:-}}
EXPECT_CHAIN_ID=${EXPECT_CHAIN_ID:-31337}
STEP_TIMEOUT=${STEP_TIMEOUT:-120}

MNEMONIC="test test test test test test test test test test test junk"
KEY0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
ADDR0=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
ADDR9=0xa0Ee7A142d267C1f36714E4a8F75612F20a79720
DEV_BALANCE=10000000000000000000000 # 10,000 * 10^18 wei
RECIPIENT=0x00000000000000000000000000000000C0FFEE01 # Deploy.s.sol's RECIPIENT

PASSED=0
CURRENT="setup"
say() { echo "[foundry] $*" >&2; }
fail() {
  echo "[foundry] FAIL ($CURRENT): $*" >&2
  echo "foundry: $PASSED passed, 1 failed"
  exit 1
}
trap 'fail "unexpected error at line $LINENO (exit $?)"' ERR
step() { CURRENT="$1"; }
pass() { PASSED=$((PASSED + 1)); say "ok $PASSED - $CURRENT${1:+: $1}"; }

# run CMD...: runs with a time limit; stdout+stderr into $OUT; fails the check on a non-zero exit.
run() {
  local rc=0
  OUT=$(timeout "$STEP_TIMEOUT" "$@" 2>&1) || rc=$?
  [ "${VERBOSE:-0}" = 1 ] && printf '%s\n' "$OUT" >&2
  [ "$rc" = 0 ] || fail "command failed (exit $rc$([ "$rc" = 124 ] && echo ", timed out after ${STEP_TIMEOUT}s")): $*
$OUT"
}
# run_stdout CMD...: like run, but $OUT is stdout only (for JSON), stderr kept for the failure.
run_stdout() {
  local rc=0 err
  err=$(mktemp)
  OUT=$(timeout "$STEP_TIMEOUT" "$@" 2>"$err") || rc=$?
  [ "${VERBOSE:-0}" = 1 ] && { printf '%s\n' "$OUT"; cat "$err"; } >&2
  [ "$rc" = 0 ] || { local e; e=$(cat "$err"); rm -f "$err"; fail "command failed (exit $rc): $*
$OUT
$e"; }
  rm -f "$err"
}
# run_fails CMD...: the command must FAIL (a revert); its combined output is in $OUT.
run_fails() {
  local rc=0
  OUT=$(timeout "$STEP_TIMEOUT" "$@" 2>&1) || rc=$?
  [ "${VERBOSE:-0}" = 1 ] && printf '%s\n' "$OUT" >&2
  [ "$rc" != 0 ] || fail "command succeeded but must fail: $*
$OUT"
  [ "$rc" != 124 ] || fail "command timed out: $*"
}
# jget EXPR: evaluates a JS expression over the JSON document `j` read from stdin.
jget() {
  node -e '
    let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
      let j; try { j = JSON.parse(s); } catch (e) { console.error("not JSON: " + s.slice(0, 300)); process.exit(1); }
      const v = new Function("j", "return (" + process.argv[1] + ");")(j);
      process.stdout.write(v === undefined ? "undefined" : typeof v === "string" ? v : JSON.stringify(v));
    });' "$1"
}
# big EXPR: BigInt arithmetic, e.g. big "$a - $b * $c"  (integers in decimal or 0x hex).
big() { node -e 'const e = process.argv[1].replace(/\b(0x[0-9a-fA-F]+|\d+)\b/g, "BigInt(\"$1\")"); console.log(String(eval(e)));' "$1"; }
lower() { printf '%s' "$1" | tr 'A-F' 'a-f'; }
# expect_eq WHAT ACTUAL EXPECTED
expect_eq() { [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"; }
# cast prints big numbers as "1000 [1e3]": keep the first word.
num() { printf '%s' "${1%% *}"; }

# ---------------------------------------------------------------------------------------------
step "preflight"
[ -n "$RPC_URL" ] || { echo "usage: tests/foundry/run.sh RPC_URL" >&2; exit 2; }
for t in forge cast solc; do
  [ -x "$TOOLS/bin/$t" ] || fail "$TOOLS/bin/$t missing: run scripts/setup-tools.sh first"
done
command -v node >/dev/null || fail "node not found"
export PATH="$TOOLS/bin:$PATH"
export FOUNDRY_SOLC="$TOOLS/bin/solc" FOUNDRY_OFFLINE=true
cd "$HERE"
R=(--rpc-url "$RPC_URL")

# ---------------------------------------------------------------------------------------------
step "cast chain-id"
run cast chain-id "${R[@]}"
expect_eq "chain id" "$OUT" "$EXPECT_CHAIN_ID"
run cast rpc eth_chainId "${R[@]}"
expect_eq "eth_chainId (canonical hex quantity)" "$OUT" "\"$(printf '0x%x' "$EXPECT_CHAIN_ID")\""
pass "$EXPECT_CHAIN_ID"

step "cast block latest"
run_stdout cast block latest --json "${R[@]}"
BLOCK_JSON=$OUT
problems=$(jget '[
  /^0x(0|[1-9a-f][0-9a-f]*)$/.test(j.number) ? "" : "number " + j.number,
  /^0x[0-9a-f]{64}$/.test(j.hash) ? "" : "hash " + j.hash,
  /^0x[0-9a-f]{64}$/.test(j.parentHash) ? "" : "parentHash",
  /^0x(0|[1-9a-f][0-9a-f]*)$/.test(j.timestamp) ? "" : "timestamp",
  /^0x(0|[1-9a-f][0-9a-f]*)$/.test(j.gasLimit) ? "" : "gasLimit",
  /^0x(0|[1-9a-f][0-9a-f]*)$/.test(j.baseFeePerGas || "") ? "" : "baseFeePerGas (EIP-1559 detection)",
  /^0x[0-9a-f]{512}$/.test(j.logsBloom) ? "" : "logsBloom (256 bytes)",
  /^0x[0-9a-fA-F]{40}$/.test(j.miner) ? "" : "miner",
  Array.isArray(j.transactions) ? "" : "transactions",
].filter(Boolean).join(", ")' <<<"$BLOCK_JSON")
[ -z "$problems" ] || fail "bad or missing block fields: $problems
$BLOCK_JSON"
START_BLOCK=$(jget 'parseInt(j.number, 16)' <<<"$BLOCK_JSON")
pass "number $START_BLOCK, gasLimit $(jget 'parseInt(j.gasLimit, 16)' <<<"$BLOCK_JSON")"

step "dev accounts (mnemonic) and cast balance"
for i in 0 1 2 3 4 5 6 7 8 9; do
  run cast wallet address --mnemonic "$MNEMONIC" --mnemonic-index "$i"
  addr=$OUT
  run cast balance "$addr" "${R[@]}"
  [ "$(big "$OUT > 0")" = true ] || fail "dev account $i ($addr) has no balance"
done
expect_eq "dev account 0 from mnemonic" "$(lower "$(cast wallet address --private-key $KEY0)")" "$(lower $ADDR0)"
run cast balance "$ADDR9" "${R[@]}"
expect_eq "balance of untouched dev account 9 ($ADDR9) in wei" "$OUT" "$DEV_BALANCE"
pass "10 accounts funded, account 9 has exactly 10000 ETH"

# ---------------------------------------------------------------------------------------------
step "forge build"
run forge build
for c in Counter.sol/Counter Token.sol/Token; do
  [ -s "out/$c.json" ] || fail "artefact out/$c.json missing after forge build
$OUT"
done
COUNTER_RUNTIME=$(jget 'j.deployedBytecode.object' <out/Counter.sol/Counter.json)
[ "${#COUNTER_RUNTIME}" -gt 100 ] || fail "Counter artefact has no runtime bytecode"
pass "solc $(solc --version | sed -n 's/^Version: //p')"

step "forge create Counter --broadcast"
run_stdout forge create src/Counter.sol:Counter --broadcast --json "${R[@]}" --private-key "$KEY0"
CREATE_JSON=$OUT
COUNTER=$(jget 'j.deployedTo' <<<"$CREATE_JSON")
CREATE_TX=$(jget 'j.transactionHash' <<<"$CREATE_JSON")
[[ "$COUNTER" =~ ^0x[0-9a-fA-F]{40}$ ]] || fail "no deployedTo in forge create output: $CREATE_JSON"
[[ "$CREATE_TX" =~ ^0x[0-9a-f]{64}$ ]] || fail "no transactionHash in forge create output: $CREATE_JSON"
expect_eq "deployer" "$(lower "$(jget 'j.deployer' <<<"$CREATE_JSON")")" "$(lower $ADDR0)"
run_stdout cast receipt "$CREATE_TX" --json "${R[@]}"
expect_eq "create receipt status" "$(jget 'j.status' <<<"$OUT")" "0x1"
expect_eq "create receipt contractAddress" "$(jget 'j.contractAddress' <<<"$OUT")" "$(lower "$COUNTER")"
expect_eq "create receipt to" "$(jget 'j.to' <<<"$OUT")" "null"
run cast code "$COUNTER" "${R[@]}"
expect_eq "deployed runtime code (eth_getCode) vs artefact" "$OUT" "$COUNTER_RUNTIME"
pass "$COUNTER"

step "cast send setNumber (event)"
run_stdout cast send "$COUNTER" "setNumber(uint256)" 1337 --json "${R[@]}" --private-key "$KEY0"
SEND_JSON=$OUT
SEND_TX=$(jget 'j.transactionHash' <<<"$SEND_JSON")
TOPIC=$(cast sig-event "NumberChanged(address,uint256,uint256)")
expect_eq "receipt status" "$(jget 'j.status' <<<"$SEND_JSON")" "0x1"
expect_eq "number of logs" "$(jget 'j.logs.length' <<<"$SEND_JSON")" "1"
expect_eq "log address" "$(jget 'j.logs[0].address.toLowerCase()' <<<"$SEND_JSON")" "$(lower "$COUNTER")"
expect_eq "log topic0" "$(jget 'j.logs[0].topics[0]' <<<"$SEND_JSON")" "$TOPIC"
expect_eq "log topic1 (caller)" "$(jget 'j.logs[0].topics[1]' <<<"$SEND_JSON")" "0x000000000000000000000000$(lower "${ADDR0#0x}")"
expect_eq "log topic2 (oldValue)" "$(jget 'j.logs[0].topics[2]' <<<"$SEND_JSON")" "0x$(printf '%064x' 0)"
expect_eq "log data (newValue)" "$(jget 'j.logs[0].data' <<<"$SEND_JSON")" "0x$(printf '%064x' 1337)"
expect_eq "log removed" "$(jget 'j.logs[0].removed' <<<"$SEND_JSON")" "false"
pass "$SEND_TX"

step "cast call number()"
run cast call "$COUNTER" "number()(uint256)" "${R[@]}"
expect_eq "Counter.number()" "$(num "$OUT")" "1337"
pass "1337"

step "cast receipt"
run cast receipt "$SEND_TX" status "${R[@]}"
case "$OUT" in 1|true|"1 (success)") ;; *) fail "cast receipt status: expected success, got '$OUT'" ;; esac
run_stdout cast receipt "$SEND_TX" --json "${R[@]}"
problems=$(jget '[
  j.status === "0x1" ? "" : "status " + j.status,
  j.transactionHash === "'"$SEND_TX"'" ? "" : "transactionHash",
  /^0x[0-9a-f]{64}$/.test(j.blockHash) ? "" : "blockHash",
  /^0x(0|[1-9a-f][0-9a-f]*)$/.test(j.blockNumber) ? "" : "blockNumber",
  /^0x(0|[1-9a-f][0-9a-f]*)$/.test(j.gasUsed) ? "" : "gasUsed",
  /^0x(0|[1-9a-f][0-9a-f]*)$/.test(j.effectiveGasPrice) ? "" : "effectiveGasPrice",
  /^0x(0|[1-9a-f][0-9a-f]*)$/.test(j.cumulativeGasUsed) ? "" : "cumulativeGasUsed",
  /^0x(0|[1-9a-f][0-9a-f]*)$/.test(j.transactionIndex) ? "" : "transactionIndex",
  j.type === "0x2" ? "" : "type (cast sends EIP-1559 txs) " + j.type,
  j.contractAddress === null ? "" : "contractAddress must be null for a call",
  j.from === "'"$(lower $ADDR0)"'" ? "" : "from " + j.from,
  /^0x[0-9a-f]{512}$/.test(j.logsBloom) && /[1-9a-f]/.test(j.logsBloom.slice(2)) ? "" : "logsBloom empty although the tx has a log",
  j.logs.length === 1 && j.logs[0].logIndex !== undefined && j.logs[0].blockHash === j.blockHash ? "" : "logs[0] fields",
].filter(Boolean).join(", ")' <<<"$OUT")
[ -z "$problems" ] || fail "receipt: $problems
$OUT"
SEND_BLOCK=$(jget 'j.blockNumber' <<<"$OUT")
run_stdout cast block "$SEND_BLOCK" --json "${R[@]}"
expect_eq "tx listed in its block" "$(jget 'j.transactions.includes("'"$SEND_TX"'")' <<<"$OUT")" "true"
pass "status 1, block $((SEND_BLOCK))"

step "reverting calls"
run_fails cast call "$COUNTER" "checkBelow(uint256)(uint256)" 5 "${R[@]}"
[[ "$OUT" == *"Counter: number not below limit"* ]] || fail "revert reason missing from cast's error:
$OUT"
[[ "$OUT" == *"08c379a0"* ]] || fail "Error(string) revert data (0x08c379a0...) missing from cast's error:
$OUT"
run_fails cast call "$COUNTER" "setNumber(uint256)" 2000000000 "${R[@]}"
TOO_LARGE=$(cast sig "TooLarge(uint256,uint256)")
[[ "$OUT" == *"${TOO_LARGE#0x}"* ]] || fail "custom error TooLarge ($TOO_LARGE) data missing from cast's error:
$OUT"
run cast call "$COUNTER" "checkBelow(uint256)(uint256)" 2000 "${R[@]}"
expect_eq "checkBelow(2000)" "$(num "$OUT")" "1337"
pass "Error(string) and custom error data returned"

step "value transfer and cast balance"
FRESH=$(cast to-check-sum-address "0x$(cast keccak "taochain-foundry-$$-$(date +%s%N)" | cut -c27-66)")
run cast balance "$FRESH" "${R[@]}"
expect_eq "balance of a fresh address" "$OUT" "0"
run cast balance "$ADDR0" "${R[@]}"
BEFORE=$OUT
VALUE=123456789000000007
run_stdout cast send "$FRESH" --value "$VALUE" --json "${R[@]}" --private-key "$KEY0"
expect_eq "transfer status" "$(jget 'j.status' <<<"$OUT")" "0x1"
FEE=$(big "$(jget 'j.gasUsed' <<<"$OUT") * $(jget 'j.effectiveGasPrice' <<<"$OUT")")
run cast balance "$FRESH" "${R[@]}"
expect_eq "recipient balance" "$OUT" "$VALUE"
run cast balance "$ADDR0" "${R[@]}"
expect_eq "sender balance = before - value - gasUsed*effectiveGasPrice" "$OUT" "$(big "$BEFORE - $VALUE - $FEE")"
pass "$VALUE wei to $FRESH, fee $FEE wei"

# ---------------------------------------------------------------------------------------------
step "forge script Deploy.s.sol --broadcast"
run cast nonce "$ADDR0" "${R[@]}"
NONCE_BEFORE=$OUT
rm -rf "broadcast/Deploy.s.sol/$EXPECT_CHAIN_ID"
run forge script script/Deploy.s.sol --broadcast "${R[@]}" --private-key "$KEY0"
SCRIPT_OUT=$OUT
RUN_JSON="broadcast/Deploy.s.sol/$EXPECT_CHAIN_ID/run-latest.json"
[ -s "$RUN_JSON" ] || fail "$RUN_JSON not written
$SCRIPT_OUT"
[[ "$SCRIPT_OUT" == *"ONCHAIN EXECUTION COMPLETE & SUCCESSFUL"* ]] || fail "forge script did not report success:
$SCRIPT_OUT"
problems=$(jget '(() => {
  const p = [], txs = j.transactions, rcs = j.receipts;
  if (txs.length !== 6) p.push("expected 6 transactions, got " + txs.length);
  txs.forEach((t, i) => {
    if (parseInt(t.transaction.nonce, 16) !== '"$NONCE_BEFORE"' + i) p.push("tx " + i + " nonce " + t.transaction.nonce);
    const rc = rcs.find(r => r.transactionHash === t.hash);
    if (!rc) p.push("no receipt for tx " + i + " " + t.hash);
    else if (rc.status !== "0x1") p.push("tx " + i + " status " + rc.status);
  });
  if (rcs.length !== txs.length) p.push(rcs.length + " receipts for " + txs.length + " txs");
  return p.join("; ");
})()' <"$RUN_JSON")
[ -z "$problems" ] || fail "broadcast: $problems"
S_COUNTER=$(jget 'j.returns.counter.value' <"$RUN_JSON")
S_TOKEN=$(jget 'j.returns.token.value' <"$RUN_JSON")
S_BLOCKS=$(jget '[...new Set(j.receipts.map(r => parseInt(r.blockNumber, 16)))].sort((a, b) => a - b).join(",")' <"$RUN_JSON")
run cast nonce "$ADDR0" "${R[@]}"
expect_eq "nonce after the script" "$OUT" "$((NONCE_BEFORE + 6))"
pass "6 txs, nonces $NONCE_BEFORE..$((NONCE_BEFORE + 5)), mined in block(s) $S_BLOCKS"

step "state after forge script"
run cast call "$S_COUNTER" "number()(uint256)" "${R[@]}"
expect_eq "Counter.number() after setNumber(41)+increment()" "$(num "$OUT")" "42"
run cast call "$S_TOKEN" "balanceOf(address)(uint256)" "$RECIPIENT" "${R[@]}"
expect_eq "Token.balanceOf(RECIPIENT)" "$(num "$OUT")" "1234"
run cast call "$S_TOKEN" "allowance(address,address)(uint256)" "$ADDR0" "$RECIPIENT" "${R[@]}"
expect_eq "Token.allowance(deployer, RECIPIENT)" "$(num "$OUT")" "5678"
run cast call "$S_TOKEN" "balanceOf(address)(uint256)" "$ADDR0" "${R[@]}"
expect_eq "Token.balanceOf(deployer)" "$(num "$OUT")" "$(big "1000000 * 10**18 - 1234")"
run cast call "$S_TOKEN" "name()(string)" "${R[@]}"
expect_eq "Token.name()" "$OUT" '"Test Token"'
pass "counter 42, token balances and allowance as expected"

step "cast logs (eth_getLogs by address and topic)"
FIRST_BLOCK=${S_BLOCKS%%,*}
run_stdout cast logs --json --from-block "$FIRST_BLOCK" --to-block latest --address "$S_TOKEN" \
  "Transfer(address,address,uint256)" "${R[@]}"
LOGS_JSON=$OUT
TRANSFER=$(cast sig-event "Transfer(address,address,uint256)")
problems=$(jget '(() => {
  const p = [];
  if (j.length !== 2) p.push("expected 2 Transfer logs (mint + transfer), got " + j.length);
  const pad = a => "0x" + a.slice(2).toLowerCase().padStart(64, "0");
  const mint = j[0] || {}, xfer = j[1] || {};
  if ((mint.topics || [])[0] !== "'"$TRANSFER"'") p.push("topic0 " + (mint.topics || [])[0]);
  if ((mint.topics || [])[1] !== pad("0x0")) p.push("mint from");
  if (BigInt(mint.data || 0) !== 10n ** 24n) p.push("mint value " + mint.data);
  if ((xfer.topics || [])[2] !== pad("'"$RECIPIENT"'")) p.push("transfer to " + (xfer.topics || [])[2]);
  if (BigInt(xfer.data || 0) !== 1234n) p.push("transfer value " + xfer.data);
  return p.join("; ");
})()' <<<"$LOGS_JSON")
[ -z "$problems" ] || fail "logs: $problems
$LOGS_JSON"
pass "mint and transfer found"

step "cast block latest (after)"
run cast block latest --field number "${R[@]}"
LAST=$(num "$OUT")
LAST_SCRIPT_BLOCK=${S_BLOCKS##*,}
[ "$LAST" -ge "$LAST_SCRIPT_BLOCK" ] || fail "latest block $LAST is below the script's last block $LAST_SCRIPT_BLOCK"
[ "$LAST" -gt "$START_BLOCK" ] || fail "chain did not advance: $START_BLOCK -> $LAST"
pass "block $START_BLOCK -> $LAST"

trap - ERR
echo "foundry: $PASSED passed, 0 failed"
