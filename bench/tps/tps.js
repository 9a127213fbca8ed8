#!/usr/bin/env node
// taochain bench/tps — throughput harness for any Ethereum JSON-RPC endpoint (taochain, anvil).
// Driven by bench/run-vs-anvil.sh for side-by-side figures; bench/tps/run.sh runs it alone.
// Pre-signs N transactions (plain transfers or ERC-20 transfers of a token it deploys, compiled
// with the npm `solc` package at setup time), sends them, waits until every one is mined, and
// prints ONE JSON line: sent/s, mined tx/s, p50/p99 inclusion latency, blocks used, failures.
//
//   node tps.js --rpc http://127.0.0.1:8545 --key 0x<funded key> [--mode transfer|erc20]
//               [--n 1000] [--senders 1] [--concurrency 16] [--batch 0] [--timeout 300]
//               [--poll-ms 50] [--evm-version paris] [--label text] [--mine-once]
//
// --mine-once measures block building instead: after setup it turns automatic mining off
// (evm_setAutomine false, evm_setIntervalMining 0), sends all N transactions into the pool,
// then times one evm_mine call (block_build_ms, block_tx_per_s). Use a block gas limit large
// enough for all N, and compare nodes with the same gas limit.
//
// Latency = time from the moment eth_sendRawTransaction returned to the moment the harness saw
// the block containing the tx (block polling every --poll-ms). mined_tx_per_s = mined txs /
// (first send start -> last tx seen mined). Signing happens before the clock starts.
'use strict';
const { ethers } = require('ethers');
const { compileToken } = require('./compile');

function parseArgs(argv) {
  const a = { mode: 'transfer', n: 1000, senders: 1, concurrency: 16, batch: 0, timeout: 300, pollMs: 50, evmVersion: process.env.EVM_VERSION || 'paris' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]; const v = () => argv[++i];
    if (k === '--rpc') a.rpc = v();
    else if (k === '--key') a.key = v();
    else if (k === '--mode') a.mode = v();
    else if (k === '--n') a.n = Number(v());
    else if (k === '--senders') a.senders = Number(v());
    else if (k === '--concurrency') a.concurrency = Number(v());
    else if (k === '--batch') a.batch = Number(v());
    else if (k === '--timeout') a.timeout = Number(v());
    else if (k === '--poll-ms') a.pollMs = Number(v());
    else if (k === '--evm-version') a.evmVersion = v();
    else if (k === '--label') a.label = v();
    else if (k === '--mine-once') a.mineOnce = true;
    else if (k === '-h' || k === '--help') a.help = true;
    else throw new Error('unknown argument ' + k);
  }
  a.rpc = a.rpc || process.env.RPC_URL; a.key = a.key || process.env.PRIVATE_KEY;
  return a;
}
const args = parseArgs(process.argv.slice(2));
if (args.help || !args.rpc || !args.key || !['transfer', 'erc20'].includes(args.mode)) {
  console.error(require('fs').readFileSync(__filename, 'utf8').split('\n').slice(1).filter((l, i, a) => a.slice(0, i + 1).every(x => x.startsWith('//'))).map(l => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(args.help ? 0 : 2);
}
const log = (...m) => console.error('[tps]', ...m);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const now = () => performance.now();

let rid = 1;
async function rpcBody(body) {
  const res = await fetch(args.rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}
async function rpc(method, params = []) {
  const r = await rpcBody({ jsonrpc: '2.0', id: rid++, method, params });
  if (r.error) { const e = new Error(`${method}: ${r.error.code} ${r.error.message}`); e.rpc = r.error; throw e; }
  return r.result;
}
async function waitReceipt(hash, timeoutS = 120) {
  const end = Date.now() + timeoutS * 1000;
  for (;;) {
    const r = await rpc('eth_getTransactionReceipt', [hash]);
    if (r) return r;
    if (Date.now() > end) throw new Error('receipt timeout ' + hash);
    await sleep(100);
  }
}
async function pool(items, conc, fn) {
  let i = 0; const out = new Array(items.length);
  await Promise.all(Array.from({ length: Math.min(conc, items.length) }, async () => {
    while (i < items.length) { const k = i++; out[k] = await fn(items[k], k); }
  }));
  return out;
}
const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))] : null;

(async () => {
  const chainId = BigInt(await rpc('eth_chainId'));
  const clientVersion = await rpc('web3_clientVersion').catch(() => null);
  const main = new ethers.Wallet(args.key);
  const latest = await rpc('eth_getBlockByNumber', ['latest', false]);
  const baseFee = BigInt(latest.baseFeePerGas || 0);
  let tip = 1_000_000_000n;
  try { tip = BigInt(await rpc('eth_maxPriorityFeePerGas')); } catch { /* legacy node */ }
  const gasPrice = BigInt(await rpc('eth_gasPrice'));
  const maxFee = (baseFee > 0n ? baseFee * 4n : gasPrice * 2n) + tip;
  const fees = latest.baseFeePerGas !== undefined ? { type: 2, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip } : { type: 0, gasPrice: gasPrice * 2n };
  const nonces = new Map();
  const nextNonce = async w => {
    if (!nonces.has(w.address)) nonces.set(w.address, Number(BigInt(await rpc('eth_getTransactionCount', [w.address, 'pending']))));
    const n = nonces.get(w.address); nonces.set(w.address, n + 1); return n;
  };
  async function sendNow(w, tx) {
    const raw = await w.signTransaction({ chainId, nonce: await nextNonce(w), ...fees, ...tx });
    return rpc('eth_sendRawTransaction', [raw]);
  }

  // ---- setup: token + sender accounts (not timed)
  let token = null; let transferGas = 21000n; const iface = new ethers.Interface(['function transfer(address,uint256) returns (bool)']);
  if (args.mode === 'erc20') {
    const t = compileToken({ evmVersion: args.evmVersion });
    log(`compiled token with solc ${t.solcVersion} (evm ${t.evmVersion}), deploying`);
    const data = t.bytecode + ethers.AbiCoder.defaultAbiCoder().encode(['uint256'], [10n ** 30n]).slice(2);
    const est = BigInt(await rpc('eth_estimateGas', [{ from: main.address, data }]));
    const rc = await waitReceipt(await sendNow(main, { data, gasLimit: est * 13n / 10n }));
    if (rc.status !== '0x1') throw new Error('token deploy failed');
    token = rc.contractAddress;
    log('token at', token);
  }
  const senders = [main];
  for (let i = 1; i < args.senders; i++) senders.push(new ethers.Wallet(ethers.keccak256(ethers.concat([args.key, ethers.toBeHex(i, 32)]))));
  if (senders.length > 1) {
    const perSender = BigInt(Math.ceil(args.n / senders.length) + 1);
    const need = perSender * (maxFee * 100000n + 1n) + 10n ** 16n;
    const hs = [];
    for (const s of senders.slice(1)) {
      hs.push(await sendNow(main, { to: s.address, value: need, gasLimit: 21000n }));
      if (token) hs.push(await sendNow(main, { to: token, data: iface.encodeFunctionData('transfer', [s.address, perSender * 10n]), gasLimit: 100000n }));
    }
    for (const h of hs) { const rc = await waitReceipt(h); if (rc.status !== '0x1') throw new Error('funding failed'); }
    log(`funded ${senders.length - 1} extra senders`);
  }
  if (token) {
    const probe = ethers.Wallet.createRandom().address;
    transferGas = BigInt(await rpc('eth_estimateGas', [{ from: main.address, to: token, data: iface.encodeFunctionData('transfer', [probe, 1n]) }])) * 12n / 10n;
  }

  // ---- pre-sign N transactions, round-robin over senders (nonce order kept per sender)
  const recipients = Array.from({ length: 256 }, () => ethers.Wallet.createRandom().address);
  const txs = [];
  for (let i = 0; i < args.n; i++) {
    const w = senders[i % senders.length];
    const to = recipients[i % recipients.length];
    const body = token ? { to: token, data: iface.encodeFunctionData('transfer', [to, 1n]), gasLimit: transferGas } : { to, value: 1n, gasLimit: 21000n };
    const raw = await w.signTransaction({ chainId, nonce: await nextNonce(w), ...fees, ...body });
    txs.push({ raw, hash: ethers.keccak256(raw), sentAt: null, ackAt: null, minedAt: null, block: null, err: null });
  }
  const byHash = new Map(txs.map(t => [t.hash, t]));
  const startBlock = BigInt(await rpc('eth_blockNumber'));
  log(`pre-signed ${txs.length} ${args.mode} txs from ${senders.length} sender(s); start block ${startBlock}`);

  // ---- block watcher (runs concurrently with sending). Uses one JSON-RPC batch per <=64 blocks;
  // falls back to concurrent single requests if the node does not answer batches.
  let batchOk = true;
  async function fetchBlocks(nums) {
    if (batchOk && nums.length > 1) {
      try {
        const base = rid; rid += nums.length;
        const res = await rpcBody(nums.map((n, j) => ({ jsonrpc: '2.0', id: base + j, method: 'eth_getBlockByNumber', params: ['0x' + n.toString(16), false] })));
        if (Array.isArray(res)) { const m = new Map(res.map(r => [r.id, r.result || null])); return nums.map((_, j) => m.get(base + j) || null); }
      } catch { /* fall through */ }
      batchOk = false; log('batch requests not supported; falling back to single requests');
    }
    return pool(nums, 8, n => rpc('eth_getBlockByNumber', ['0x' + n.toString(16), false]).catch(() => null));
  }
  let scanned = startBlock; let minedCount = 0; let stop = false; const blocks = [];
  const watcher = (async () => {
    while (!stop) {
      let head;
      try { head = BigInt(await rpc('eth_blockNumber')); } catch { await sleep(args.pollMs); continue; }
      while (scanned < head) {
        // fetch up to 64 new blocks concurrently (automine can produce one block per tx)
        const nums = []; for (let n = scanned + 1n; n <= head && nums.length < 64; n++) nums.push(n);
        const got = await fetchBlocks(nums);
        const seen = now();
        let k = 0;
        for (; k < nums.length && got[k]; k++) {
          const b = got[k]; const n = nums[k]; let ours = 0;
          for (const h of b.transactions) { const t = byHash.get(h); if (t && t.minedAt === null) { t.minedAt = seen; t.block = n; ours++; minedCount++; } }
          blocks.push({ number: Number(n), txs: b.transactions.length, ours, gasUsed: Number(BigInt(b.gasUsed)), timestamp: Number(BigInt(b.timestamp)) });
          scanned = n;
        }
        if (k < nums.length) break;
      }
      if (minedCount >= txs.length) break;
      await sleep(args.pollMs);
    }
  })();

  if (args.mineOnce) {
    await rpc('evm_setAutomine', [false]);
    await rpc('evm_setIntervalMining', [0]).catch(() => null);
    log('automatic mining off');
  }

  // ---- send phase
  const t0 = now();
  if (args.batch > 0) {
    const chunks = [];
    for (let i = 0; i < txs.length; i += args.batch) chunks.push(txs.slice(i, i + args.batch));
    await pool(chunks, args.concurrency, async chunk => {
      const s = now(); chunk.forEach(t => { t.sentAt = s; });
      const base = rid; rid += chunk.length;
      let res;
      try { res = await rpcBody(chunk.map((t, j) => ({ jsonrpc: '2.0', id: base + j, method: 'eth_sendRawTransaction', params: [t.raw] }))); }
      catch (e) { chunk.forEach(t => { t.err = String(e.message || e); }); return; }
      const a = now(); const m = new Map((Array.isArray(res) ? res : [res]).map(r => [r.id, r]));
      chunk.forEach((t, j) => { const r = m.get(base + j); t.ackAt = a; if (!r || r.error) t.err = r ? `${r.error.code} ${r.error.message}` : 'no response'; });
    });
  } else {
    await pool(txs, args.concurrency, async t => {
      t.sentAt = now();
      try { const h = await rpc('eth_sendRawTransaction', [t.raw]); if (h !== t.hash) t.err = 'hash mismatch ' + h; }
      catch (e) { t.err = String(e.message || e); }
      t.ackAt = now();
    });
  }
  const tSent = now();
  const accepted = txs.filter(t => !t.err);
  log(`sent ${txs.length} in ${((tSent - t0) / 1000).toFixed(2)}s, accepted ${accepted.length}`);
  if (accepted.length < txs.length) log('first send errors:', [...new Set(txs.filter(t => t.err).map(t => t.err))].slice(0, 3));

  let mineMs = null;
  if (args.mineOnce) {
    const m0 = now();
    await rpc('evm_mine', []);
    mineMs = now() - m0;
    log(`evm_mine returned after ${mineMs.toFixed(1)} ms`);
    await rpc('evm_setAutomine', [true]).catch(() => null);
  }

  // ---- wait for all accepted txs to be mined
  const deadline = Date.now() + args.timeout * 1000;
  while (txs.filter(t => t.minedAt !== null).length < accepted.length && Date.now() < deadline) await sleep(args.pollMs);
  stop = true; await watcher;
  const mined = txs.filter(t => t.minedAt !== null);
  const tLast = mined.length ? Math.max(...mined.map(t => t.minedAt)) : now();

  // ---- verify receipts (status) for every mined tx
  let failedStatus = 0; let gasUsedTotal = 0n;
  await pool(mined, 16, async t => {
    const rc = await rpc('eth_getTransactionReceipt', [t.hash]);
    if (!rc || rc.status !== '0x1') failedStatus++; else gasUsedTotal += BigInt(rc.gasUsed);
  });
  const lat = mined.map(t => t.minedAt - t.ackAt).sort((x, y) => x - y);
  const ourBlocks = blocks.filter(b => b.ours > 0);
  const span = ourBlocks.length > 1 ? ourBlocks[ourBlocks.length - 1].timestamp - ourBlocks[0].timestamp : 0;
  const out = {
    label: args.label || null, rpc: args.rpc, client: clientVersion, chain_id: Number(chainId), mode: args.mode,
    n: txs.length, senders: senders.length, concurrency: args.concurrency, batch: args.batch,
    accepted: accepted.length, rejected: txs.length - accepted.length, mined: mined.length, failed_status: failedStatus,
    send_s: +((tSent - t0) / 1000).toFixed(3), sent_per_s: +(txs.length / ((tSent - t0) / 1000)).toFixed(1),
    total_s: +((tLast - t0) / 1000).toFixed(3), mined_tx_per_s: +(mined.length / ((tLast - t0) / 1000)).toFixed(1),
    p50_ms: lat.length ? +pct(lat, 50).toFixed(1) : null, p99_ms: lat.length ? +pct(lat, 99).toFixed(1) : null, max_ms: lat.length ? +lat[lat.length - 1].toFixed(1) : null,
    blocks: ourBlocks.length, max_txs_per_block: ourBlocks.reduce((m, b) => Math.max(m, b.ours), 0),
    block_ts_span_s: span, avg_gas_per_tx: mined.length ? Number(gasUsedTotal / BigInt(Math.max(1, mined.length - failedStatus))) : null,
    timed_out: mined.length < accepted.length,
  };
  if (args.mineOnce) { out.block_build_ms = +mineMs.toFixed(1); out.block_tx_per_s = +(accepted.length / (mineMs / 1000)).toFixed(1); }
  console.log(JSON.stringify(out));
  process.exit(out.timed_out || out.rejected || out.failed_status ? 1 : 0);
})().catch(e => { console.error('[tps] fatal:', e); process.exit(2); });
