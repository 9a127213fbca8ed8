// viem 2 against an anvil-compatible node: RPC_URL=http://... WS_URL=ws://... node viem.mjs
//
// Uses dev accounts 3 and 4 (ethers.mjs uses 1 and 2, Foundry uses 0; 9 is never touched).
// Every tx carries an explicit nonce. viem first tries eth_fillTransaction when it prepares a tx
// and falls back to the classic calls if the node answers -32601 (method not found).
// Prints one summary line on stdout; exit 0 only if every check passed.
import {
  BaseError, ContractFunctionRevertedError, createPublicClient, createWalletClient, decodeErrorResult,
  defineChain, getAddress, getAbiItem, http, pad, parseAbiItem, parseEther, parseEventLogs, webSocket,
  encodeFunctionData,
} from 'viem';
import { blake2b } from '@noble/hashes/blake2b';
import { readFileSync } from 'node:fs';
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import {
  Checks, DEV0, DEV_BALANCE, MNEMONIC, UNTOUCHED_INDEX, compileContracts, config, deferred, expect,
  expectEq, expectRevertRpc, rawRpc, sleep, withTimeout,
} from './lib/common.mjs';

const cfg = config('viem');
const t = new Checks('viem', cfg.totalTimeoutMs);

const chain = defineChain({
  id: Number(cfg.chainId),
  name: 'taochain dev (anvil-compatible)',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [cfg.rpcUrl], webSocket: [cfg.wsUrl] } },
});
const client = createPublicClient({ chain, transport: http(cfg.rpcUrl), pollingInterval: 200 });
const dev = i => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const carol = dev(3);
const dave = dev(4);
const wallet = createWalletClient({ chain, account: carol, transport: http(cfg.rpcUrl), pollingInterval: 200 });

const nonces = new Map();
async function nextNonce(address) {
  if (!nonces.has(address)) nonces.set(address, await client.getTransactionCount({ address, blockTag: 'pending' }));
  const n = nonces.get(address);
  nonces.set(address, n + 1);
  return n;
}
async function mined(hashPromise, what) {
  const hash = await hashPromise;
  const rc = await client.waitForTransactionReceipt({ hash, timeout: 60_000, pollingInterval: 200 });
  expectEq(`${what} receipt status`, rc.status, 'success');
  return rc;
}
/** Finds the ContractFunctionRevertedError inside a viem error chain. */
function revertOf(e) {
  const found = e instanceof BaseError ? e.walk(x => x instanceof ContractFunctionRevertedError) : null;
  if (!found) throw new Error(`expected a ContractFunctionRevertedError, got ${e && e.name}: ${e && e.shortMessage || e}`);
  return found;
}

const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');
let artefacts, counterAddr, tokenAddr;

await t.check('chain id', async () => {
  expectEq('getChainId()', await client.getChainId(), Number(cfg.chainId));
  const raw = await rawRpc(cfg.rpcUrl, 'eth_chainId', []);
  expectEq('eth_chainId', raw.result, '0x' + cfg.chainId.toString(16));
  return String(cfg.chainId);
});

await t.check('dev accounts from the mnemonic', async () => {
  expectEq('account 0 address', dev(0).address, DEV0);
  for (let i = 0; i < 10; i++) {
    const bal = await client.getBalance({ address: dev(i).address });
    expect(bal > 0n, `dev account ${i} (${dev(i).address}) has no balance`);
  }
  expectEq(`balance of untouched dev account ${UNTOUCHED_INDEX}`, await client.getBalance({ address: dev(UNTOUCHED_INDEX).address }), DEV_BALANCE);
  return '10 funded, account 9 = 10000 ETH';
});

await t.check('value transfer: exact balance change', async () => {
  const value = parseEther('2.25') + 11n;
  const [cBefore, dBefore] = await Promise.all([client.getBalance({ address: carol.address }), client.getBalance({ address: dave.address })]);
  const rc = await mined(wallet.sendTransaction({ to: dave.address, value, nonce: await nextNonce(carol.address) }), 'transfer');
  const fee = rc.gasUsed * rc.effectiveGasPrice;
  expectEq('gasUsed of a plain transfer', rc.gasUsed, 21000n);
  const [cAfter, dAfter] = await Promise.all([client.getBalance({ address: carol.address }), client.getBalance({ address: dave.address })]);
  expectEq('sender balance (before - value - gasUsed*effectiveGasPrice)', cAfter, cBefore - value - fee);
  expectEq('recipient balance (before + value)', dAfter, dBefore + value);
  expectEq('sender balance at the receipt block', await client.getBalance({ address: carol.address, blockNumber: rc.blockNumber }), cAfter);
  expectEq('sender balance at the block before', await client.getBalance({ address: carol.address, blockNumber: rc.blockNumber - 1n }), cBefore);
  // A transfer to a brand-new account.
  const fresh = privateKeyToAccount(generatePrivateKey()).address;
  await mined(wallet.sendTransaction({ to: fresh, value: 12345n, nonce: await nextNonce(carol.address) }), 'transfer to a new account');
  expectEq('balance of the new account', await client.getBalance({ address: fresh }), 12345n);
  return `${value} wei, fee ${fee} wei, block ${rc.blockNumber}`;
});

await t.check('deploy Counter and Token', async () => {
  artefacts = compileContracts(cfg.evmVersion);
  const crc = await mined(wallet.deployContract({ abi: artefacts.Counter.abi, bytecode: artefacts.Counter.bytecode, nonce: await nextNonce(carol.address) }), 'Counter deployment');
  counterAddr = crc.contractAddress;
  expect(counterAddr, 'receipt has no contractAddress');
  const trc = await mined(wallet.deployContract({
    abi: artefacts.Token.abi, bytecode: artefacts.Token.bytecode, args: ['Viem Token', 'VTK', 10n ** 24n], nonce: await nextNonce(carol.address),
  }), 'Token deployment');
  tokenAddr = trc.contractAddress;
  expectEq('Counter runtime code', await client.getCode({ address: counterAddr }), artefacts.Counter.deployedBytecode);
  return `Counter ${counterAddr}, Token ${tokenAddr}`;
});

await t.check('view calls', async () => {
  const read = (address, abi, functionName, args = []) => client.readContract({ address, abi, functionName, args });
  const C = artefacts.Counter.abi, T = artefacts.Token.abi;
  expectEq('Counter.number()', await read(counterAddr, C, 'number'), 0n);
  await mined(wallet.writeContract({ address: counterAddr, abi: C, functionName: 'setNumber', args: [31337n], nonce: await nextNonce(carol.address) }), 'setNumber');
  expectEq('Counter.number() after setNumber(31337)', await read(counterAddr, C, 'number'), 31337n);
  expectEq('Token.symbol()', await read(tokenAddr, T, 'symbol'), 'VTK');
  expectEq('Token.totalSupply()', await read(tokenAddr, T, 'totalSupply'), 10n ** 24n);
  expectEq('Token.balanceOf(deployer)', await read(tokenAddr, T, 'balanceOf', [carol.address]), 10n ** 24n);
  return 'number 31337, token metadata ok';
});

await t.check('events via eth_getLogs (address + topics)', async () => {
  const rc = await mined(wallet.writeContract({
    address: tokenAddr, abi: artefacts.Token.abi, functionName: 'transfer', args: [dave.address, 600n], nonce: await nextNonce(carol.address),
  }), 'token.transfer');
  expectEq('logs in receipt', rc.logs.length, 1);
  const logs = await client.getLogs({ address: tokenAddr, event: transferEvent, args: { from: carol.address, to: dave.address }, fromBlock: rc.blockNumber, toBlock: rc.blockNumber });
  expectEq('matching logs', logs.length, 1);
  expectEq('from', logs[0].args.from, carol.address);
  expectEq('to', logs[0].args.to, dave.address);
  expectEq('value', logs[0].args.value, 600n);
  expectEq('log transactionHash', logs[0].transactionHash, rc.transactionHash);
  expectEq('log topic1 (raw)', logs[0].topics[1], pad(carol.address.toLowerCase()));
  const none = await client.getLogs({ address: tokenAddr, event: transferEvent, args: { to: counterAddr }, fromBlock: rc.blockNumber, toBlock: rc.blockNumber });
  expectEq('logs for a non-matching topic filter', none.length, 0);
  const all = await client.getContractEvents({ address: tokenAddr, abi: artefacts.Token.abi, eventName: 'Transfer', fromBlock: 0n, toBlock: 'latest' });
  expectEq('Transfer events of the token since block 0 (mint + transfer)', all.length, 2);
  return `Transfer ${carol.address.slice(0, 8)}.. -> ${dave.address.slice(0, 8)}.. 600`;
});

await t.check('WebSocket subscriptions (watchContractEvent, watchBlocks)', async () => {
  const ws = createPublicClient({ chain, transport: webSocket(cfg.wsUrl, { timeout: 10_000 }) });
  t.onExit(async () => (await ws.transport.getRpcClient()).close());
  expectEq('chain id over WebSocket', await withTimeout(ws.getChainId(), 10_000, 'WebSocket eth_chainId'), Number(cfg.chainId));
  const target = privateKeyToAccount(generatePrivateKey()).address;
  const gotEvent = deferred();
  const gotBlock = deferred();
  const startBlock = await client.getBlockNumber();
  const unwatchEvent = ws.watchContractEvent({
    address: tokenAddr, abi: artefacts.Token.abi, eventName: 'Transfer', args: { to: target },
    onLogs: logs => gotEvent.resolve(logs), onError: e => gotEvent.reject(e),
  });
  const unwatchBlocks = ws.watchBlocks({
    onBlock: b => { if (b.number > startBlock) gotBlock.resolve(b); }, onError: e => gotBlock.reject(e),
  });
  t.onExit(() => { unwatchEvent(); unwatchBlocks(); });
  // The subscriptions are set up asynchronously; give the node a moment to register them.
  await ws.getBlockNumber();
  await sleep(300);
  const rc = await mined(wallet.writeContract({
    address: tokenAddr, abi: artefacts.Token.abi, functionName: 'transfer', args: [target, 888n], nonce: await nextNonce(carol.address),
  }), 'token.transfer (ws)');
  const logs = await withTimeout(gotEvent.promise, cfg.eventTimeoutMs, 'the Transfer event over eth_subscribe("logs")');
  expectEq('ws logs delivered', logs.length, 1);
  expectEq('ws event name', logs[0].eventName, 'Transfer');
  expectEq('ws event from', logs[0].args.from, carol.address);
  expectEq('ws event to', logs[0].args.to, target);
  expectEq('ws event value', logs[0].args.value, 888n);
  expectEq('ws event tx hash', logs[0].transactionHash, rc.transactionHash);
  const block = await withTimeout(gotBlock.promise, cfg.eventTimeoutMs, 'a new block over eth_subscribe("newHeads")');
  expect(/^0x[0-9a-f]{64}$/.test(block.hash), `newHeads block hash ${block.hash}`);
  expect(block.baseFeePerGas !== null && block.baseFeePerGas !== undefined, 'newHeads block has no baseFeePerGas');
  unwatchEvent();
  unwatchBlocks();
  return `event in block ${rc.blockNumber}, newHeads ${block.number}`;
});

await t.check('reverting eth_call: code 3 and decodable revert data', async () => {
  const C = artefacts.Counter.abi;
  // 1. Raw JSON-RPC: Error(string) and a custom error; eth_estimateGas too
  const r1 = await expectRevertRpc(cfg.rpcUrl, 'eth_call', { from: carol.address, to: counterAddr, data: encodeFunctionData({ abi: C, functionName: 'checkBelow', args: [5n] }) });
  const d1 = decodeErrorResult({ abi: C, data: r1.data });
  expectEq('decoded Error(string)', `${d1.errorName}: ${d1.args[0]}`, 'Error: Counter: number not below limit');
  const bad = { from: carol.address, to: counterAddr, data: encodeFunctionData({ abi: C, functionName: 'setNumber', args: [2_000_000_000n] }) };
  const r2 = await expectRevertRpc(cfg.rpcUrl, 'eth_call', bad);
  const d2 = decodeErrorResult({ abi: C, data: r2.data });
  expectEq('decoded custom error', `${d2.errorName}(${d2.args.join(',')})`, 'TooLarge(2000000000,1000000000)');
  const r3 = await expectRevertRpc(cfg.rpcUrl, 'eth_estimateGas', bad);
  expectEq('eth_estimateGas revert data', r3.data, r2.data);
  // 2. Through viem: readContract / simulateContract must surface the decoded revert
  try {
    await client.readContract({ address: counterAddr, abi: C, functionName: 'checkBelow', args: [5n] });
    throw new Error('checkBelow(5) did not revert');
  } catch (e) {
    expectEq('viem revert reason', revertOf(e).reason, 'Counter: number not below limit');
  }
  try {
    await client.simulateContract({ account: carol, address: counterAddr, abi: C, functionName: 'setNumber', args: [2_000_000_000n] });
    throw new Error('setNumber(2e9) did not revert');
  } catch (e) {
    const r = revertOf(e);
    expectEq('viem custom error name', r.data && r.data.errorName, 'TooLarge');
    expectEq('viem custom error args', r.data.args, [2_000_000_000n, 1_000_000_000n]);
  }
  return `"${d1.args[0]}", TooLarge(2e9,1e9)`;
});

// taochain's precompiles emit events (the real Bittensor chain emits none). A subnet, a neuron,
// a stake and weights, sent through viem; each receipt's events decoded with parseEventLogs and
// the ABI JSON generated in contracts/interfaces. Skipped on nodes without the precompiles
// (plain anvil); the Rust clients test fails if it is skipped on taochain.
const IFACES = new URL('../../contracts/interfaces/', import.meta.url);
const abiOf = name => JSON.parse(readFileSync(new URL(`${name}.json`, IFACES), 'utf8'));
/** The 32-byte twin of an EVM address, as Bittensor's tools compute it: blake2b-256("evm:" ‖ address). */
const twin = address => '0x' + Buffer.from(blake2b(new Uint8Array([...Buffer.from('evm:'), ...Buffer.from(address.slice(2), 'hex')]), { dkLen: 32 })).toString('hex');

await t.check('precompile events in receipts (subnet, registration, stake, weights) decoded with the interface ABIs', async () => {
  const SUBNET = '0x0000000000000000000000000000000000000803';
  const NEURON = '0x0000000000000000000000000000000000000804';
  const STAKING = '0x0000000000000000000000000000000000000805';
  if ((await client.getCode({ address: STAKING })) === '0x') return 'skipped: no staking precompile on this node';
  const [IStaking, INeuron, ISubnet] = ['IStaking', 'INeuron', 'ISubnet'].map(abiOf);
  const coldkey = twin(carol.address);
  const hotkey = twin(dave.address);
  const daveWallet = createWalletClient({ chain, account: dave, transport: http(cfg.rpcUrl), pollingInterval: 200 });
  const send = async (w, from, address, abi, functionName, args, what) => {
    const before = await client.getBalance({ address: from.address });
    const rc = await mined(w.writeContract({ address, abi, functionName, args, nonce: await nextNonce(from.address) }), what);
    const after = await client.getBalance({ address: from.address });
    return { rc, spentWei: before - after - rc.gasUsed * rc.effectiveGasPrice };
  };
  /** The one `eventName` event of a receipt, emitted by `address`, decoded with `abi`. */
  const only = (rc, abi, address, eventName) => {
    const logs = parseEventLogs({ abi, logs: rc.logs, eventName });
    expectEq(`${eventName} events in the receipt`, logs.length, 1);
    expectEq(`${eventName} emitted by`, getAddress(logs[0].address), getAddress(address));
    return logs[0].args;
  };
  const RAO = 1_000_000_000n;

  // A subnet owned by carol's twin, which is also its owner hotkey.
  const reg = await send(wallet, carol, SUBNET, ISubnet, 'registerNetwork', [coldkey], 'registerNetwork');
  const net = only(reg.rc, ISubnet, SUBNET, 'NetworkRegistered');
  expectEq('NetworkRegistered.coldkey', net.coldkey, coldkey);
  expectEq('NetworkRegistered.hotkey', net.hotkey, coldkey);
  expectEq('NetworkRegistered.lockRao (the lock that left the balance)', net.lockRao * RAO, reg.spentWei);
  const netuid = net.netuid;

  // Dave's twin registered as a neuron, carol paying the burn.
  const nr = await send(wallet, carol, NEURON, INeuron, 'burnedRegister', [netuid, hotkey], 'burnedRegister');
  const neuron = only(nr.rc, INeuron, NEURON, 'NeuronRegistered');
  expectEq('NeuronRegistered (coldkey, hotkey, netuid)', [neuron.coldkey, neuron.hotkey, neuron.netuid], [coldkey, hotkey, netuid]);
  expectEq('NeuronRegistered.burnRao', neuron.burnRao * RAO, nr.spentWei);
  expectEq('NeuronRegistered.uid', neuron.uid, 1);

  // Carol stakes 10 TAO on dave's hotkey.
  const st = await send(wallet, carol, STAKING, IStaking, 'addStake', [hotkey, 10n * RAO, BigInt(netuid)], 'addStake');
  const added = only(st.rc, IStaking, STAKING, 'StakeAdded');
  expectEq('StakeAdded (coldkey, hotkey, netuid)', [added.coldkey, added.hotkey, added.netuid], [coldkey, hotkey, netuid]);
  expectEq('StakeAdded.taoRao', added.taoRao, 10n * RAO);
  expectEq('StakeAdded.taoRao in wei is what left the balance', added.taoRao * RAO, st.spentWei);
  const stake = await client.readContract({ address: STAKING, abi: IStaking, functionName: 'getStake', args: [hotkey, coldkey, BigInt(netuid)] });
  expectEq('StakeAdded.alphaRao equals getStake', added.alphaRao, stake);
  // eth_getLogs filtered on the indexed coldkey and netuid finds it.
  const filtered = await client.getLogs({
    address: STAKING, event: getAbiItem({ abi: IStaking, name: 'StakeAdded' }), args: { coldkey, netuid },
    fromBlock: st.rc.blockNumber, toBlock: st.rc.blockNumber,
  });
  expectEq('StakeAdded by eth_getLogs on (coldkey, netuid)', filtered.length, 1);
  expectEq('eth_getLogs tx hash', filtered[0].transactionHash, st.rc.transactionHash);

  // Weights: commit-reveal off (the owner's setter is reported too), past the rate limit, then
  // dave sets weights as its own hotkey.
  const cr = await send(wallet, carol, SUBNET, ISubnet, 'setCommitRevealWeightsEnabled', [netuid, false], 'setCommitRevealWeightsEnabled');
  const hp = only(cr.rc, ISubnet, SUBNET, 'HyperparameterSet');
  expectEq('HyperparameterSet', [hp.coldkey, hp.netuid, hp.name, hp.value], [coldkey, netuid, 'commit_reveal_weights_enabled', 0n]);
  for (let i = 0; i < 6; i++) await rawRpc(cfg.rpcUrl, 'evm_mine', []);
  const ws = await send(daveWallet, dave, NEURON, INeuron, 'setWeights', [netuid, [neuron.uid], [65535], 0n], 'setWeights');
  const set = only(ws.rc, INeuron, NEURON, 'WeightsSet');
  expectEq('WeightsSet', [set.hotkey, set.netuid, set.uids, set.values, set.versionKey], [hotkey, netuid, [neuron.uid], [65535], 0n]);
  return `subnet ${netuid}, uid ${neuron.uid}, stake ${added.taoRao} RAO -> ${added.alphaRao} alpha-RAO, weights in block ${ws.rc.blockNumber}`;
});

await t.check('simulateCalls (eth_simulateV1): the second call sees the write of the first, nothing is mined', async () => {
  const C = artefacts.Counter.abi;
  const before = await client.getBlockNumber();
  const { results } = await client.simulateCalls({
    account: carol.address,
    calls: [
      { to: counterAddr, abi: C, functionName: 'setNumber', args: [4242n] },
      { to: counterAddr, abi: C, functionName: 'number' },
    ],
  });
  expectEq('two results', results.length, 2);
  expectEq('setNumber status', results[0].status, 'success');
  expectEq('number() after setNumber in the bundle', results[1].result, 4242n);
  expectEq('nothing mined', await client.getBlockNumber(), before);
  expectEq('on-chain number unchanged', await client.readContract({ address: counterAddr, abi: C, functionName: 'number' }), 31337n);
  return `gas ${results[0].gasUsed} + ${results[1].gasUsed}`;
});

await t.check('nonce after the run', async () => {
  const onChain = await client.getTransactionCount({ address: carol.address, blockTag: 'latest' });
  expectEq('carol nonce (latest) matches the nonces used', onChain, nonces.get(carol.address));
  expectEq('checksummed address', getAddress(carol.address.toLowerCase()), carol.address);
  return String(onChain);
});

await t.done();
