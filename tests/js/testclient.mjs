// Every action of viem's test client (`createTestClient({ mode: 'anvil' })`, viem 2.57.20: the 30
// files of viem/_esm/actions/test) against `taochain --dev`, each a named check of its effect:
//   RPC_URL=http://... WS_URL=ws://... node testclient.mjs
// then a traced stake through 0x805 decoded with viem (callTracer withLog, prestateTracer
// diffMode) and an eth_simulateV1 bundle. Prints one summary line.
//
// Refused by design, each checked to fail with the JSON-RPC error below:
//   setCoinbase        -32601 Method not found: blocks are authored by the PoA authority.
//   setMinGasPrice     -32602 (as anvil under EIP-1559): use setNextBlockBaseFeePerGas.
//   setRpcUrl          -32601 Method not found: no forking.
//   setLoggingEnabled  -32601 Method not found: logging is set with RUST_LOG at start.
//   reset              viem's `reset` always sends `{forking: {...}}` and the node refuses
//                      forking with -32602; the reset to genesis is `anvil_reset` with no
//                      parameters, driven here through `client.request`.
// sendUnsignedTransaction is eth_sendTransaction under anvil's name: it sends as an impersonated
// account (and is refused for an address that is neither a dev account nor impersonated).
//
// The prestate check expects the AlphaPools contract (0x..0b05) to change, i.e. the default
// Solidity pool engine; under `--pool-engine native` that check fails (the pools live natively).
//
// Accounts: dev 1 owns the subnet, 2 validates, 3 is the simulation user, 5 deposits in the vault.
import {
  createPublicClient, createTestClient, createWalletClient, decodeEventLog, decodeFunctionData, defineChain,
  getAddress, http, parseEther, parseEventLogs,
} from 'viem';
import { blake2b } from '@noble/hashes/blake2b';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mnemonicToAccount } from 'viem/accounts';
import { Checks, MNEMONIC, config, expect, expectEq, rawRpc, sleep } from './lib/common.mjs';

const cfg = config('testclient');
const t = new Checks('testclient', cfg.totalTimeoutMs);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artefact = name => JSON.parse(readFileSync(join(root, 'contracts', 'artifacts', `${name}.json`), 'utf8')).abi;
const iface = name => JSON.parse(readFileSync(join(root, 'contracts', 'interfaces', `${name}.json`), 'utf8'));

const chain = defineChain({
  id: Number(cfg.chainId), name: 'taochain dev', nativeCurrency: { name: 'TAO', symbol: 'TAO', decimals: 18 },
  rpcUrls: { default: { http: [cfg.rpcUrl] } },
});
const transport = http(cfg.rpcUrl);
const client = createPublicClient({ chain, transport, pollingInterval: 100 });
const test = createTestClient({ chain, mode: 'anvil', transport, pollingInterval: 100 });
const dev = i => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const walletOf = i => createWalletClient({ chain, account: dev(i), transport, pollingInterval: 100 });
const idOf = address => {
  const bytes = new Uint8Array([...new TextEncoder().encode('evm:'), ...Buffer.from(address.slice(2), 'hex')]);
  return '0x' + Buffer.from(blake2b(bytes, { dkLen: 32 })).toString('hex');
};

const STAKING = '0x0000000000000000000000000000000000000805';
const SUBNET = '0x0000000000000000000000000000000000000803';
const NEURON = '0x0000000000000000000000000000000000000804';
const NATIVE = '0x0000000000000000000000000000000000000b00';
const POOLS = '0x0000000000000000000000000000000000000b05';
const abi = {
  staking: iface('IStaking'), subnet: iface('ISubnet'), neuron: iface('INeuron'),
  wtao: artefact('WTAO'), vaultFactory: artefact('DelegationVaultFactory'), vault: artefact('DelegationVault'),
};
const read = (address, a, functionName, args = []) => client.readContract({ address, abi: a, functionName, args });
const receipt = hash => client.waitForTransactionReceipt({ hash, timeout: 30_000, pollingInterval: 100 });
async function send(i, address, a, functionName, args = [], value = 0n) {
  const rc = await receipt(await walletOf(i).writeContract({ address, abi: a, functionName, args, value }));
  expectEq(`${functionName} receipt status`, rc.status, 'success');
  return rc;
}
const rpc = async (method, params) => {
  const r = await rawRpc(cfg.rpcUrl, method, params);
  if (r.error) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.result;
};
/** Runs a viem action that must fail with JSON-RPC error `code`; returns the message. */
async function refused(what, fn, code, pattern) {
  let err;
  try { await fn(); } catch (e) { err = e; }
  expect(err, `${what} succeeded; it must be refused`);
  const found = err.walk ? err.walk(x => x && typeof x.code === 'number') : err;
  expectEq(`${what} error code`, found && found.code, code);
  const msg = (found.details || found.shortMessage || found.message || '');
  if (pattern) expect(pattern.test(msg), `${what} error message: ${msg}`);
  return `${code} ${msg.split('\n')[0]}`;
}
const head = () => client.getBlock({ blockTag: 'latest' });
const fresh = n => getAddress('0x' + n.toString(16).padStart(40, '0'));

await t.check('mine: 3 blocks', async () => {
  const before = await client.getBlockNumber({ cacheTime: 0 });
  await test.mine({ blocks: 3 });
  expectEq('block number', await client.getBlockNumber({ cacheTime: 0 }), before + 3n);
  return `${before} -> ${before + 3n}`;
});

await t.check('setBalance then getBalance', async () => {
  const a = fresh(0xbabe01n);
  await test.setBalance({ address: a, value: 123_456_789_000_000_000_123n });
  expectEq('balance', await client.getBalance({ address: a }), 123_456_789_000_000_000_123n);
});

await t.check('setCode then getCode', async () => {
  const a = fresh(0xbabe02n);
  const code = '0x602a60005260206000f3'; // returns 42
  await test.setCode({ address: a, bytecode: code });
  expectEq('code', await client.getCode({ address: a }), code);
  expectEq('eth_call returns 42', BigInt((await client.call({ to: a })).data), 42n);
});

await t.check('setNonce then getTransactionCount', async () => {
  const a = fresh(0xbabe03n);
  await test.setNonce({ address: a, nonce: 77 });
  expectEq('nonce', await client.getTransactionCount({ address: a }), 77);
});

await t.check('setStorageAt then getStorageAt', async () => {
  const a = fresh(0xbabe02n);
  const v = '0x00000000000000000000000000000000000000000000000000000000deadbeef';
  await test.setStorageAt({ address: a, index: 5, value: v });
  expectEq('slot 5', await client.getStorageAt({ address: a, slot: '0x5' }), v);
});

await t.check('impersonateAccount: an address without a key sends; stopImpersonatingAccount ends it', async () => {
  const who = fresh(0xfeed01n), to = fresh(0xfeed02n);
  await test.setBalance({ address: who, value: parseEther('5') });
  const w = createWalletClient({ chain, account: who, transport });
  let before = false;
  try { await w.sendTransaction({ to, value: 1n }); } catch { before = true; }
  expect(before, 'an address without a key sent before impersonation');
  await test.impersonateAccount({ address: who });
  const rc = await receipt(await w.sendTransaction({ to, value: 1_000n }));
  expectEq('status', rc.status, 'success');
  expectEq('from', getAddress(rc.from), who);
  expectEq('recipient balance', await client.getBalance({ address: to }), 1_000n);
  await test.stopImpersonatingAccount({ address: who });
  let failed = false;
  try { await w.sendTransaction({ to, value: 1n }); } catch { failed = true; }
  expect(failed, 'sending after stopImpersonatingAccount succeeded');
  return `tx ${rc.transactionHash}`;
});

await t.check('sendUnsignedTransaction: from an impersonated address; refused from any other', async () => {
  const who = fresh(0xfeed03n), to = fresh(0xfeed04n);
  await test.setBalance({ address: who, value: parseEther('1') });
  let refusedBefore = false;
  try { await test.sendUnsignedTransaction({ from: who, to, value: 5n }); } catch { refusedBefore = true; }
  expect(refusedBefore, 'an address that is not impersonated sent an unsigned transaction');
  await test.impersonateAccount({ address: who });
  const rc = await receipt(await test.sendUnsignedTransaction({ from: who, to, value: 7_000n }));
  await test.stopImpersonatingAccount({ address: who });
  expectEq('status', rc.status, 'success');
  expectEq('from', getAddress(rc.from), who);
  expectEq('recipient balance', await client.getBalance({ address: to }), 7_000n);
  return `tx ${rc.transactionHash}`;
});

await t.check('setAutomine(false), getAutomine, txpool status/content/inspect, dropTransaction', async () => {
  expectEq('automine at start', await test.getAutomine(), true);
  await test.setAutomine(false);
  expectEq('automine after setAutomine(false)', await test.getAutomine(), false);
  const w = walletOf(3);
  const h1 = await w.sendTransaction({ to: fresh(0xcafe01n), value: 11n });
  const h2 = await w.sendTransaction({ to: fresh(0xcafe02n), value: 22n });
  const status = await test.getTxpoolStatus();
  expectEq('txpool_status pending', status.pending, 2);
  const content = await test.getTxpoolContent();
  const mine = content.pending[dev(3).address] || content.pending[dev(3).address.toLowerCase()];
  expect(mine, `txpool_content has no entry for dev 3: ${Object.keys(content.pending)}`);
  const hashes = Object.values(mine).map(tx => tx.hash);
  expect(hashes.includes(h1) && hashes.includes(h2), `txpool_content hashes ${hashes}`);
  const inspect = await test.inspectTxpool();
  const lines = Object.values(inspect.pending[dev(3).address] || inspect.pending[dev(3).address.toLowerCase()] || {});
  expect(lines.some(l => /11 wei/.test(l)), `txpool_inspect: ${JSON.stringify(lines)}`);
  await test.dropTransaction({ hash: h2 });
  expectEq('pending after dropTransaction', (await test.getTxpoolStatus()).pending, 1);
  await test.mine({ blocks: 1 });
  expectEq('tx 1 mined', (await receipt(h1)).status, 'success');
  expectEq('pool empty', (await test.getTxpoolStatus()).pending, 0);
  expectEq('dropped tx never paid', await client.getBalance({ address: fresh(0xcafe02n) }), 0n);
  await test.setAutomine(true);
  expectEq('automine back on', await test.getAutomine(), true);
});

await t.check('setIntervalMining: blocks without transactions, then off', async () => {
  await test.setAutomine(false);
  const before = await client.getBlockNumber({ cacheTime: 0 });
  await test.setIntervalMining({ interval: 1 });
  await sleep(2500);
  const during = await client.getBlockNumber({ cacheTime: 0 });
  await test.setIntervalMining({ interval: 0 });
  expect(during >= before + 2n, `interval mining made ${during - before} blocks in 2.5 s`);
  const stopped = await client.getBlockNumber({ cacheTime: 0 });
  await sleep(1500);
  expectEq('no blocks after interval 0', await client.getBlockNumber({ cacheTime: 0 }), stopped);
  await test.setAutomine(true);
  return `${during - before} blocks in 2.5 s`;
});

await t.check('snapshot, change, revert restores the balance', async () => {
  const a = fresh(0xbabe04n);
  await test.setBalance({ address: a, value: 1_000n });
  const id = await test.snapshot();
  const n = await client.getBlockNumber({ cacheTime: 0 });
  await test.setBalance({ address: a, value: 9_999n });
  await test.mine({ blocks: 2 });
  expectEq('changed', await client.getBalance({ address: a }), 9_999n);
  await test.revert({ id });
  expectEq('balance after revert', await client.getBalance({ address: a }), 1_000n);
  expectEq('block number after revert', await client.getBlockNumber({ cacheTime: 0 }), n);
  return `snapshot ${id}`;
});

await t.check('increaseTime moves the next block timestamp', async () => {
  const before = (await head()).timestamp;
  await test.increaseTime({ seconds: 1000 });
  await test.mine({ blocks: 1 });
  const after = (await head()).timestamp;
  expect(after >= before + 1000n && after < before + 1100n, `timestamp ${before} -> ${after}`);
  return `+${after - before} s`;
});

await t.check('setNextBlockTimestamp is exact', async () => {
  const target = (await head()).timestamp + 5000n;
  await test.setNextBlockTimestamp({ timestamp: target });
  await test.mine({ blocks: 1 });
  expectEq('timestamp', (await head()).timestamp, target);
});

await t.check('setBlockTimestampInterval / removeBlockTimestampInterval', async () => {
  await test.setBlockTimestampInterval({ interval: 10 });
  const t0 = (await head()).timestamp;
  await test.mine({ blocks: 1 });
  const t1 = (await head()).timestamp;
  await test.mine({ blocks: 1 });
  const t2 = (await head()).timestamp;
  expectEq('first step', t1 - t0, 10n);
  expectEq('second step', t2 - t1, 10n);
  await test.removeBlockTimestampInterval();
  await test.mine({ blocks: 1 });
  const t3 = (await head()).timestamp;
  // Back on the wall clock, which the head ran ahead of above: the step is no longer 10 s.
  expect(t3 >= t2 && t3 - t2 < 10n, `interval still applied: ${t2} -> ${t3}`);
  return `${t0} -> ${t1} -> ${t2} -> ${t3}`;
});

await t.check('setBlockGasLimit', async () => {
  await test.setBlockGasLimit({ gasLimit: 45_000_000n });
  await test.mine({ blocks: 1 });
  expectEq('gasLimit', (await head()).gasLimit, 45_000_000n);
});

await t.check('setNextBlockBaseFeePerGas', async () => {
  await test.setNextBlockBaseFeePerGas({ baseFeePerGas: 3_000_000_007n });
  await test.mine({ blocks: 1 });
  expectEq('baseFeePerGas', (await head()).baseFeePerGas, 3_000_000_007n);
});

await t.check('refused by design: setMinGasPrice, setCoinbase, setRpcUrl, setLoggingEnabled, reset with forking', async () => {
  const out = [];
  out.push(await refused('setMinGasPrice', () => test.setMinGasPrice({ gasPrice: 1n }), -32602, /EIP-1559/));
  out.push(await refused('setCoinbase', () => test.setCoinbase({ address: fresh(1n) }), -32601));
  out.push(await refused('setRpcUrl', () => test.setRpcUrl('http://127.0.0.1:1'), -32601));
  out.push(await refused('setLoggingEnabled', () => test.setLoggingEnabled(false), -32601));
  out.push(await refused('reset (viem sends forking)', () => test.reset(), -32602, /forking/));
  return out.join('; ');
});

// --- state dumps with native state -----------------------------------------------------------
let netuid, stake, oldBlock;
const validator = () => idOf(dev(2).address);
const stakeOf = (hot, cold, n) => read(STAKING, abi.staking, 'getStake', [hot, cold, BigInt(n)]);
const subnetRow = async n => (await rpc('tao_subnets', [])).find(r => r.netuid === n);

await t.check('stake 1 TAO through 0x805 on a new subnet', async () => {
  oldBlock = await head();
  const rc = await send(1, SUBNET, abi.subnet, 'registerNetwork', [idOf(dev(1).address)]);
  [{ args: { netuid } }] = parseEventLogs({ abi: abi.subnet, logs: rc.logs, eventName: 'NetworkRegistered' });
  netuid = Number(netuid);
  await send(2, NEURON, abi.neuron, 'burnedRegister', [netuid, validator()]);
  const rc2 = await send(2, STAKING, abi.staking, 'addStake', [validator(), 10n ** 9n, BigInt(netuid)]);
  const [added] = parseEventLogs({ abi: abi.staking, logs: rc2.logs, eventName: 'StakeAdded' });
  stake = await stakeOf(validator(), validator(), netuid);
  expect(stake >= added.args.alphaRao && added.args.alphaRao > 0n, `stake ${stake}, bought ${added.args.alphaRao}`);
  return `netuid ${netuid}, stake ${stake} alpha-RAO`;
});

await t.check('dumpState -> reset -> loadState restores balances, stake, pool reserves, block history', async () => {
  const who = dev(2).address;
  const balance = await client.getBalance({ address: who });
  const row = await subnetRow(netuid);
  expect(BigInt(row.tao_in_rao) > 0n, `pool has no TAO: ${JSON.stringify(row)}`);
  const number = await client.getBlockNumber({ cacheTime: 0 });
  const dump = await test.dumpState();
  expect(/^0x[0-9a-f]+$/i.test(dump) && dump.length > 100, 'dump is not hex');

  await test.request({ method: 'anvil_reset', params: [] });
  expectEq('block number after reset', await client.getBlockNumber({ cacheTime: 0 }), 0n);
  expect(!(await subnetRow(netuid)), 'the subnet survived the reset');
  expect((await client.getBalance({ address: who })) !== balance, 'balance unchanged by reset');

  await test.loadState({ state: dump });
  expectEq('block number after loadState', await client.getBlockNumber({ cacheTime: 0 }), number);
  expectEq('balance', await client.getBalance({ address: who }), balance);
  expectEq('stake', await stakeOf(validator(), validator(), netuid), stake);
  const row2 = await subnetRow(netuid);
  for (const k of ['tao_in_rao', 'alpha_in', 'alpha_out', 'price_e18']) expectEq(`tao_subnets.${k}`, row2[k], row[k]);
  const again = await client.getBlock({ blockHash: oldBlock.hash });
  expectEq('old block by hash', again.number, oldBlock.number);
  expectEq('old block state root', again.stateRoot, oldBlock.stateRoot);
  await test.mine({ blocks: 1 });
  expectEq('mines on after loadState', await client.getBlockNumber({ cacheTime: 0 }), number + 1n);
  return `${(dump.length - 2) / 2} bytes, head ${number}, tao_in ${row.tao_in_rao}`;
});

// --- tracers -------------------------------------------------------------------------------
let traceHash, vault;
await t.check('a vault deposit stakes through 0x805', async () => {
  const contracts = await rpc('tao_contracts', []);
  const factory = getAddress(contracts.find(r => r.name === 'DelegationVaultFactory').address);
  await send(5, factory, abi.vaultFactory, 'create', [validator(), netuid]);
  vault = await read(factory, abi.vaultFactory, 'vaultFor', [validator(), netuid]);
  const rc = await send(5, vault, abi.vault, 'depositTao', [dev(5).address, 1n], parseEther('2'));
  traceHash = rc.transactionHash;
  return `vault ${vault}, tx ${traceHash}`;
});

await t.check('callTracer withLog: the 0x805 frame decodes with viem and carries `decoded`', async () => {
  const trace = await test.request({ method: 'debug_traceTransaction', params: [traceHash, { tracer: 'callTracer', tracerConfig: { withLog: true } }] });
  expectEq('top frame to', getAddress(trace.to), vault);
  const frames = [];
  const walk = f => { frames.push(f); (f.calls || []).forEach(walk); };
  walk(trace);
  const at805 = frames.filter(x => x.to && x.to.toLowerCase() === STAKING);
  const calls = at805.map(x => decodeFunctionData({ abi: abi.staking, data: x.input }));
  const i = calls.findIndex(c => c.functionName === 'addStake');
  expect(i >= 0, `no addStake among the 0x805 frames: ${calls.map(c => c.functionName)}`);
  const f = at805[i], { args } = calls[i];
  for (const [j, x] of at805.entries()) {
    expectEq(`frame ${j} decoded.function`, x.decoded && x.decoded.function.split('(')[0], calls[j].functionName);
  }
  expectEq('hotkey', args[0], validator());
  expectEq('amount (RAO)', args[1], 2n * 10n ** 9n);
  expectEq('netuid', args[2], BigInt(netuid));
  expectEq('frame from', getAddress(f.from), vault);
  expectEq('decoded.interface', f.decoded.interface, 'IStaking');
  expectEq('decoded.function', f.decoded.function, 'addStake(bytes32,uint256,uint256)');
  // `decoded.inputs` is keyed by the ABI's parameter names (decimal strings for numbers).
  const names = abi.staking.find(x => x.type === 'function' && x.name === 'addStake').inputs.map(p => p.name);
  expectEq('decoded.inputs keys', Object.keys(f.decoded.inputs).sort(), [...names].sort());
  names.forEach((n, j) => expectEq(`decoded.inputs.${n}`, f.decoded.inputs[n], typeof args[j] === 'bigint' ? args[j].toString() : args[j]));
  const logs = frames.flatMap(x => x.logs || []);
  const staked = logs.filter(l => l.address.toLowerCase() === STAKING)
    .map(l => decodeEventLog({ abi: abi.staking, data: l.data, topics: l.topics }));
  const ev = staked.find(e => e.eventName === 'StakeAdded');
  expect(ev, `no StakeAdded log in the trace: ${JSON.stringify(logs)}`);
  expectEq('StakeAdded.coldkey', ev.args.coldkey, idOf(vault));
  expectEq('StakeAdded.taoRao', ev.args.taoRao, 2n * 10n ** 9n);
  return `${frames.length} frames, ${logs.length} logs; alpha ${ev.args.alphaRao}`;
});

await t.check('prestateTracer diffMode: native account 0x..0b00 and AlphaPools 0x..0b05 storage change', async () => {
  const d = await test.request({ method: 'debug_traceTransaction', params: [traceHash, { tracer: 'prestateTracer', tracerConfig: { diffMode: true } }] });
  const lc = o => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
  const pre = lc(d.pre), post = lc(d.post);
  expect(post[NATIVE], `0x..0b00 not in post: ${Object.keys(post)}`);
  const changed = a => {
    const s0 = (pre[a] && pre[a].storage) || {}, s1 = (post[a] && post[a].storage) || {};
    return Object.keys(s1).filter(k => s0[k] !== s1[k]).length;
  };
  expect(JSON.stringify(pre[NATIVE]) !== JSON.stringify(post[NATIVE]), '0x..0b00 unchanged');
  const pools = changed(POOLS);
  expect(pools > 0, `AlphaPools storage unchanged: pre ${JSON.stringify(pre[POOLS])} post ${JSON.stringify(post[POOLS])}`);
  return `0b00 changed (${changed(NATIVE)} slots), 0b05 ${pools} slots`;
});

// --- eth_simulateV1 -------------------------------------------------------------------------
await t.check('simulateCalls: approve + transfer of WTAO after a deposit', async () => {
  const contracts = await rpc('tao_contracts', []);
  const wtao = getAddress(contracts.find(r => r.name === 'WTAO').address);
  const me = dev(3).address, spender = dev(4).address;
  await send(3, wtao, abi.wtao, 'deposit', [], parseEther('3'));
  const bal = await read(wtao, abi.wtao, 'balanceOf', [me]);
  const { results } = await client.simulateCalls({
    account: me,
    calls: [
      { to: wtao, abi: abi.wtao, functionName: 'approve', args: [spender, parseEther('1')] },
      { to: wtao, abi: abi.wtao, functionName: 'transfer', args: [spender, bal] },
    ],
  });
  expectEq('two results', results.length, 2);
  expectEq('approve status', results[0].status, 'success');
  expectEq('approve result', results[0].result, true);
  expectEq('transfer status', results[1].status, 'success');
  expectEq('transfer result', results[1].result, true);
  const [appr] = parseEventLogs({ abi: abi.wtao, logs: results[0].logs, eventName: 'Approval' });
  expectEq('Approval value', appr.args.value ?? appr.args.wad ?? Object.values(appr.args)[2], parseEther('1'));
  // Over-spending after the whole balance moved: the second call sees the first's state.
  const { results: r2 } = await client.simulateCalls({
    account: me,
    calls: [
      { to: wtao, abi: abi.wtao, functionName: 'transfer', args: [spender, bal] },
      { to: wtao, abi: abi.wtao, functionName: 'transfer', args: [spender, 1n] },
    ],
  });
  expectEq('first transfer', r2[0].status, 'success');
  expectEq('second transfer fails on the moved balance', r2[1].status, 'failure');
  expectEq('nothing was sent: balance', await read(wtao, abi.wtao, 'balanceOf', [me]), bal);
  expectEq('nothing was sent: allowance', await read(wtao, abi.wtao, 'allowance', [me, spender]), 0n);
  return `gas ${results.map(r => r.gasUsed).join(', ')}`;
});

await t.done();
