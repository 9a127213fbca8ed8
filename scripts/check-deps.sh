#!/usr/bin/env bash
# scripts/check-deps.sh — the pure crates stay pure. tao-primitives, tao-economics, tao-yuma and
# gpu-task (the gpu-worker's task, shared by miners, validators and any dispute check) must not
# link a database, a VM, a trie, an async runtime or a WASM engine (through any normal
# dependency), so the sdk, gpu-worker and an auditor's notebook can use them alone.
# taochain-sdk (the client library and the `tao` CLI) may use an async runtime and an RPC
# client, but never a database, a VM or a WASM engine: a client links none of the node.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

forbidden='^(redb|revm[a-z-]*|alloy-trie|tokio|wasmtime[a-z-]*|jsonrpsee[a-z-]*|alloy) '
status=0
for krate in tao-primitives tao-economics tao-yuma gpu-task; do
  tree=$(cargo tree -e normal -p "$krate" --prefix none --format '{p}' | sort -u)
  bad=$(grep -E "$forbidden" <<<"$tree" || true)
  if [[ -n "$bad" ]]; then
    echo "error: $krate depends on forbidden crates:" >&2
    echo "$bad" >&2
    status=1
  else
    echo "$krate: $(wc -l <<<"$tree") crates, none of redb/revm/alloy-trie/tokio/wasmtime/jsonrpsee"
  fi
done
client_forbidden='^(redb|revm[a-z-]*|wasmtime[a-z-]*|tao-store|evm-host|precompiles|wasm-host) '
for krate in taochain-sdk; do
  tree=$(cargo tree -e normal -p "$krate" --prefix none --format '{p}' | sort -u)
  bad=$(grep -E "$client_forbidden" <<<"$tree" || true)
  if [[ -n "$bad" ]]; then
    echo "error: $krate depends on forbidden crates:" >&2
    echo "$bad" >&2
    status=1
  else
    echo "$krate: $(wc -l <<<"$tree") crates, none of redb/revm/wasmtime or the node's crates"
  fi
done
# wasm-host sits below evm-host (evm-host ──> wasm-host ──> chain-core): it must not link revm.
if cargo tree -e normal -p wasm-host --prefix none --format '{p}' | grep -Eq '^revm'; then
  echo "error: wasm-host depends on revm" >&2
  status=1
else
  echo "wasm-host: no revm"
fi
exit $status
