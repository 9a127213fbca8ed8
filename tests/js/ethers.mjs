// ethers v6 against an anvil-compatible node: RPC_URL=http://... WS_URL=ws://... node ethers.mjs
//
// Uses dev accounts 1 and 2 (viem.mjs uses 3 and 4, Foundry uses 0; 9 is never touched).
// The HTTP provider runs with cacheTimeout -1 and every tx carries an explicit nonce: ethers'
// 250 ms response cache could otherwise hand out a stale `pending` nonce on an instant-mining node.
// Prints one summary line on stdout; exit 0 only if every check passed.
import {
  AbiCoder, ContractFactory, Contract, HDNodeWallet, Interface, JsonRpcProvider, Mnemonic,
  WebSocketProvider, Wallet, getAddress, id, zeroPadValue, parseEther,
} from 'ethers';
import {
  Checks, DEV0, DEV_BALANCE, MNEMONIC, UNTOUCHED_INDEX, compileContracts, config, deferred, expect,
  expectEq, expectRevertRpc, rawRpc, sleep, withTimeout,
} from './lib/common.mjs';
// @noble/hashes comes with ethers (its own pinned dependency).
import { blake2b } from '@noble/hashes/blake2b';

const cfg = config('ethers');
const t = new Checks('ethers', cfg.totalTimeoutMs);

const provider = new JsonRpcProvider(cfg.rpcUrl, undefined, { cacheTimeout: -1, pollingInterval: 200 });
const mnemonic = Mnemonic.fromPhrase(MNEMONIC);
const devWallet = i => HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`);
const alice = devWallet(1).connect(provider);
const bob = devWallet(2).connect(provider);

// Explicit nonce bookkeeping per sender.
const nonces = new Map();
async function nextNonce(wallet) {
  if (!nonces.has(wallet.address)) nonces.set(wallet.address, await provider.getTransactionCount(wallet.address, 'pending'));
  const n = nonces.get(wallet.address);
  nonces.set(wallet.address, n + 1);
  return n;
}
async function mined(txPromise, what) {
  const tx = await txPromise;
  const rc = await withTimeout(tx.wait(), 60_000, `receipt of ${what}`);
  expectEq(`${what} receipt status`, rc.status, 1);
  return rc;
}

const TRANSFER_TOPIC = id('Transfer(address,address,uint256)');
let artefacts, counter, token, counterAddr, tokenAddr;

await t.check('chain id', async () => {
  const net = await provider.getNetwork();
  expectEq('getNetwork().chainId', net.chainId, cfg.chainId);
  const raw = await rawRpc(cfg.rpcUrl, 'eth_chainId', []);
  expectEq('eth_chainId', raw.result, '0x' + cfg.chainId.toString(16));
  return String(net.chainId);
});

await t.check('dev accounts from the mnemonic', async () => {
  expectEq('account 0 address', devWallet(0).address, DEV0);
  for (let i = 0; i < 10; i++) {
    const bal = await provider.getBalance(devWallet(i).address);
    expect(bal > 0n, `dev account ${i} (${devWallet(i).address}) has no balance`);
  }
  const untouched = devWallet(UNTOUCHED_INDEX).address;
  expectEq(`balance of untouched dev account ${UNTOUCHED_INDEX}`, await provider.getBalance(untouched), DEV_BALANCE);
  return '10 funded, account 9 = 10000 ETH';
});

await t.check('value transfer: exact balance change', async () => {
  const value = parseEther('1.5') + 7n;
  const [aBefore, bBefore] = await Promise.all([provider.getBalance(alice.address), provider.getBalance(bob.address)]);
  const rc = await mined(alice.sendTransaction({ to: bob.address, value, nonce: await nextNonce(alice) }), 'transfer');
  const fee = rc.gasUsed * rc.gasPrice; // ethers v6: receipt.gasPrice is effectiveGasPrice
  expectEq('gasUsed of a plain transfer', rc.gasUsed, 21000n);
  const [aAfter, bAfter] = await Promise.all([provider.getBalance(alice.address), provider.getBalance(bob.address)]);
  expectEq('sender balance (before - value - gasUsed*effectiveGasPrice)', aAfter, aBefore - value - fee);
  expectEq('recipient balance (before + value)', bAfter, bBefore + value);
  // State at explicit block numbers (MetaMask rewrites "latest" to a block number).
  expectEq('sender balance at the receipt block', await provider.getBalance(alice.address, rc.blockNumber), aAfter);
  expectEq('sender balance at the block before', await provider.getBalance(alice.address, rc.blockNumber - 1), aBefore);
  return `${value} wei, fee ${fee} wei, block ${rc.blockNumber}`;
});

await t.check('deploy Counter and Token', async () => {
  artefacts = compileContracts(cfg.evmVersion);
  const cf = new ContractFactory(artefacts.Counter.abi, artefacts.Counter.bytecode, alice);
  const c = await cf.deploy({ nonce: await nextNonce(alice) });
  const crc = await withTimeout(c.deploymentTransaction().wait(), 60_000, 'Counter deployment');
  expectEq('Counter deploy status', crc.status, 1);
  counterAddr = await c.getAddress();
  expectEq('receipt contractAddress', crc.contractAddress, counterAddr);
  const tf = new ContractFactory(artefacts.Token.abi, artefacts.Token.bytecode, alice);
  const tk = await tf.deploy('Ethers Token', 'ETK', 10n ** 24n, { nonce: await nextNonce(alice) });
  expectEq('Token deploy status', (await withTimeout(tk.deploymentTransaction().wait(), 60_000, 'Token deployment')).status, 1);
  tokenAddr = await tk.getAddress();
  expectEq('Counter runtime code', await provider.getCode(counterAddr), artefacts.Counter.deployedBytecode);
  counter = new Contract(counterAddr, artefacts.Counter.abi, alice);
  token = new Contract(tokenAddr, artefacts.Token.abi, alice);
  return `Counter ${counterAddr}, Token ${tokenAddr} (solc ${artefacts.solcVersion})`;
});

await t.check('view calls', async () => {
  expectEq('Counter.number()', await counter.number(), 0n);
  await mined(counter.setNumber(4242, { nonce: await nextNonce(alice) }), 'setNumber');
  expectEq('Counter.number() after setNumber(4242)', await counter.number(), 4242n);
  expectEq('Token.name()', await token.name(), 'Ethers Token');
  expectEq('Token.decimals()', await token.decimals(), 18n);
  expectEq('Token.balanceOf(deployer)', await token.balanceOf(alice.address), 10n ** 24n);
  return 'number 4242, token metadata ok';
});

await t.check('events via eth_getLogs (address + topics)', async () => {
  const rc = await mined(token.transfer(bob.address, 500n, { nonce: await nextNonce(alice) }), 'token.transfer');
  expectEq('logs in receipt', rc.logs.length, 1);
  const logs = await provider.getLogs({
    address: tokenAddr,
    topics: [TRANSFER_TOPIC, zeroPadValue(alice.address, 32), zeroPadValue(bob.address, 32)],
    fromBlock: rc.blockNumber,
    toBlock: rc.blockNumber,
  });
  expectEq('matching logs', logs.length, 1);
  const ev = token.interface.parseLog(logs[0]);
  expectEq('event name', ev.name, 'Transfer');
  expectEq('from', ev.args.from, alice.address);
  expectEq('to', ev.args.to, bob.address);
  expectEq('value', ev.args.value, 500n);
  expectEq('log transactionHash', logs[0].transactionHash, rc.hash);
  // A filter that must NOT match (wrong `to`).
  const none = await provider.getLogs({ address: tokenAddr, topics: [TRANSFER_TOPIC, null, zeroPadValue(counterAddr, 32)], fromBlock: rc.blockNumber, toBlock: rc.blockNumber });
  expectEq('logs for a non-matching topic filter', none.length, 0);
  // Contract-level query over the whole history of this token: mint + transfer.
  const all = await token.queryFilter(token.filters.Transfer(), 0, 'latest');
  expectEq('Transfer events of the token since block 0', all.length, 2);
  const changed = await counter.queryFilter(counter.filters.NumberChanged(alice.address), 0, 'latest');
  expectEq('NumberChanged events', changed.length, 1);
  expectEq('NumberChanged.newValue', changed[0].args.newValue, 4242n);
  return `Transfer ${alice.address.slice(0, 8)}.. -> ${bob.address.slice(0, 8)}.. 500`;
});

await t.check('WebSocket subscriptions (contract.on, provider.on block)', async () => {
  const ws = new WebSocketProvider(cfg.wsUrl, undefined, { cacheTimeout: -1 });
  t.onExit(() => ws.destroy());
  expectEq('chain id over WebSocket', (await withTimeout(ws.getNetwork(), 10_000, 'WebSocket getNetwork')).chainId, cfg.chainId);
  const wsToken = new Contract(tokenAddr, artefacts.Token.abi, ws);
  const target = Wallet.createRandom().address;
  const gotEvent = deferred();
  const gotBlock = deferred();
  const startBlock = await provider.getBlockNumber();
  // The last listener argument is the ContractEventPayload; its args are the decoded event.
  await wsToken.on(wsToken.filters.Transfer(null, target), (...a) => {
    const ev = a[a.length - 1];
    gotEvent.resolve({ from: ev.args.from, to: ev.args.to, value: ev.args.value, ev });
  });
  await ws.on('block', n => { if (n > startBlock) gotBlock.resolve(n); });
  // eth_subscribe is sent asynchronously by ethers; a round trip on the same socket plus a short
  // pause makes sure the node has registered both subscriptions before the tx is sent.
  await ws.send('eth_blockNumber', []);
  await sleep(300);
  const rc = await mined(token.transfer(target, 777n, { nonce: await nextNonce(alice) }), 'token.transfer (ws)');
  const got = await withTimeout(gotEvent.promise, cfg.eventTimeoutMs, 'the Transfer event over eth_subscribe("logs")');
  expectEq('ws event from', got.from, alice.address);
  expectEq('ws event to', got.to, target);
  expectEq('ws event value', got.value, 777n);
  expectEq('ws event tx hash', got.ev.log.transactionHash, rc.hash);
  const n = await withTimeout(gotBlock.promise, cfg.eventTimeoutMs, 'a new block over eth_subscribe("newHeads")');
  expect(n > startBlock, `block notification ${n} must be above ${startBlock}`);
  await wsToken.removeAllListeners();
  await ws.removeAllListeners();
  return `event in block ${rc.blockNumber}, newHeads ${n}`;
});

await t.check('reverting eth_call: code 3 and decodable revert data', async () => {
  const iface = new Interface(artefacts.Counter.abi);
  // 1. Raw JSON-RPC: Error(string)
  const call = { from: alice.address, to: counterAddr, data: iface.encodeFunctionData('checkBelow', [5]) };
  const r1 = await expectRevertRpc(cfg.rpcUrl, 'eth_call', call);
  expectEq('Error(string) selector', r1.data.slice(0, 10), '0x08c379a0');
  const [reason] = AbiCoder.defaultAbiCoder().decode(['string'], '0x' + r1.data.slice(10));
  expectEq('decoded revert reason', reason, 'Counter: number not below limit');
  // 2. Raw JSON-RPC: custom error, on eth_call and eth_estimateGas
  const bad = { from: alice.address, to: counterAddr, data: iface.encodeFunctionData('setNumber', [2_000_000_000n]) };
  const r2 = await expectRevertRpc(cfg.rpcUrl, 'eth_call', bad);
  const custom = iface.parseError(r2.data);
  expectEq('custom error', `${custom.name}(${custom.args.join(',')})`, 'TooLarge(2000000000,1000000000)');
  const r3 = await expectRevertRpc(cfg.rpcUrl, 'eth_estimateGas', bad);
  expectEq('eth_estimateGas revert data', r3.data, r2.data);
  // 3. Through ethers: the library must decode both
  try {
    await counter.checkBelow(5);
    throw new Error('checkBelow(5) did not revert');
  } catch (e) {
    expectEq('ethers error code', e.code, 'CALL_EXCEPTION');
    expectEq('ethers e.reason', e.reason, 'Counter: number not below limit');
  }
  try {
    await counter.setNumber.staticCall(2_000_000_000n);
    throw new Error('setNumber(2e9) did not revert');
  } catch (e) {
    expectEq('ethers error code', e.code, 'CALL_EXCEPTION');
    expectEq('ethers e.revert.name', e.revert && e.revert.name, 'TooLarge');
  }
  return `"${reason}", TooLarge(2e9,1e9)`;
});

// Bittensor's JS tools derive an EVM address's 32-byte twin (its SS58 "mirror") as
// blake2b-256("evm:" ‖ address); taochain's 0x80c must return the same bytes. Skipped on nodes
// without the precompile (plain anvil).
await t.check('0x80c addressMapping equals blake2b-256("evm:" ‖ address)', async () => {
  const MAP = '0x000000000000000000000000000000000000080c';
  if ((await provider.getCode(MAP)) === '0x') return 'skipped: no 0x80c on this node';
  const map = new Contract(MAP, ['function addressMapping(address) view returns (bytes32)'], provider);
  for (const who of [alice.address, bob.address, '0x0000000000000000000000000000000000000801']) {
    const bytes = new Uint8Array([...Buffer.from('evm:'), ...Buffer.from(who.slice(2), 'hex')]);
    const mine = '0x' + Buffer.from(blake2b(bytes, { dkLen: 32 })).toString('hex');
    expectEq(`twin of ${who}`, (await map.addressMapping(who)).toLowerCase(), mine);
  }
  return 'three twins match';
});

await t.check('nonce after the run', async () => {
  const onChain = await provider.getTransactionCount(alice.address, 'latest');
  expectEq('alice nonce (latest) matches the nonces used', onChain, nonces.get(alice.address));
  expectEq('alice checksummed', getAddress(alice.address.toLowerCase()), alice.address);
  return String(onChain);
});

provider.destroy();
await t.done();
