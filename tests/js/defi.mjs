// DeFi on alpha, end to end, as a viem user would do it on `taochain --dev`:
//   RPC_URL=http://... WS_URL=ws://... node defi.mjs
//
// Stake through the staking precompile (0x805), open a delegation vault and deposit, let an
// epoch pay and see the vault's alpha per share rise, wrap alpha, post it as collateral in the
// predeployed lending market, borrow at the limit, crash the price with a large unstake,
// liquidate, and check every balance to the wei / alpha-RAO.
//
// ABIs come from the checked-in artefacts (contracts/artifacts) and the generated precompile
// interfaces (contracts/interfaces), the same files the node embeds; addresses from tao_contracts.
// Accounts: dev 0 is the root and the market's guardian, 1 owns the subnet, 2 validates, 4
// liquidates, 5 delegates, 6 borrows, 7 supplies WTAO, 8 is the whale. Prints one summary line.
import { createPublicClient, createWalletClient, defineChain, getAddress, http, parseEther, parseEventLogs } from 'viem';
import { blake2b } from '@noble/hashes/blake2b';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mnemonicToAccount } from 'viem/accounts';
import { Checks, MNEMONIC, config, expect, expectEq, rawRpc } from './lib/common.mjs';

const cfg = config('defi');
const t = new Checks('defi', cfg.totalTimeoutMs);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artefact = name => JSON.parse(readFileSync(join(root, 'contracts', 'artifacts', `${name}.json`), 'utf8')).abi;
const iface = name => JSON.parse(readFileSync(join(root, 'contracts', 'interfaces', `${name}.json`), 'utf8'));

const chain = defineChain({
  id: Number(cfg.chainId), name: 'taochain dev', nativeCurrency: { name: 'TAO', symbol: 'TAO', decimals: 18 },
  rpcUrls: { default: { http: [cfg.rpcUrl] } },
});
const client = createPublicClient({ chain, transport: http(cfg.rpcUrl), pollingInterval: 100 });
const dev = i => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const wallets = new Map();
const walletOf = i => {
  if (!wallets.has(i)) wallets.set(i, createWalletClient({ chain, account: dev(i), transport: http(cfg.rpcUrl), pollingInterval: 100 }));
  return wallets.get(i);
};
/** The 32-byte id (coldkey / hotkey) of an EVM address: blake2b-256("evm:" ‖ address). */
const idOf = address => {
  const bytes = new Uint8Array([...new TextEncoder().encode('evm:'), ...Buffer.from(address.slice(2), 'hex')]);
  return '0x' + Buffer.from(blake2b(bytes, { dkLen: 32 })).toString('hex');
};

const STAKING = '0x0000000000000000000000000000000000000805';
const SUBNET = '0x0000000000000000000000000000000000000803';
const NEURON = '0x0000000000000000000000000000000000000804';
const ALPHA = '0x0000000000000000000000000000000000000808';
const abi = {
  staking: iface('IStaking'), subnet: iface('ISubnet'), neuron: iface('INeuron'), alpha: iface('IAlpha'),
  wtao: artefact('WTAO'), vaultFactory: artefact('DelegationVaultFactory'), vault: artefact('DelegationVault'),
  alphaFactory: artefact('WrappedAlphaFactory'), walpha: artefact('WrappedAlpha'), market: artefact('AlphaLendingMarket'),
};
const RAO = 10n ** 9n; // wei per RAO
const read = (address, a, functionName, args = []) => client.readContract({ address, abi: a, functionName, args });
/** Sends a contract call from dev `i`, waits for it and requires success; returns the receipt. */
async function send(i, address, a, functionName, args = [], value = 0n) {
  const hash = await walletOf(i).writeContract({ address, abi: a, functionName, args, value });
  const rc = await client.waitForTransactionReceipt({ hash, timeout: 60_000, pollingInterval: 100 });
  expectEq(`${functionName} receipt status`, rc.status, 'success');
  return rc;
}
/** A call from dev `i` that must revert (simulated, nothing sent); returns the error name. */
async function reverts(i, address, a, functionName, args = []) {
  try {
    await client.simulateContract({ account: dev(i), address, abi: a, functionName, args });
  } catch (e) {
    const found = e.walk ? e.walk(x => x && x.data && x.data.errorName) : null;
    return found ? found.data.errorName : (e.shortMessage || String(e));
  }
  throw new Error(`${functionName} did not revert`);
}
const stakeOf = (hotkey, coldkey, netuid) => read(STAKING, abi.staking, 'getStake', [hotkey, coldkey, BigInt(netuid)]);
const rpc = async (method, params) => {
  const r = await rawRpc(cfg.rpcUrl, method, params);
  if (r.error) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.result;
};

let c = {}; // predeploy addresses by name
let netuid, vault, vaultShares, token, tokenShares, borrowed;
const validator = () => idOf(dev(2).address);

await t.check('tao_contracts lists the predeploys', async () => {
  for (const row of await rpc('tao_contracts', [])) {
    expect(row.deployed, `${row.name} is not deployed`);
    c[row.name] = getAddress(row.address);
  }
  for (const name of ['WTAO', 'WrappedAlphaFactory', 'DelegationVaultFactory', 'AlphaLendingMarket']) expect(c[name], `${name} missing`);
  expectEq('WTAO.symbol()', await read(c.WTAO, abi.wtao, 'symbol'), 'WTAO');
  return Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ');
});

await t.check('a subnet with a validator that stakes through 0x805', async () => {
  const owner = dev(1).address;
  const rc = await send(1, SUBNET, abi.subnet, 'registerNetwork', [idOf(owner)]);
  const ev = parseEventLogs({ abi: abi.subnet, logs: rc.logs, eventName: 'NetworkRegistered' });
  expectEq('one NetworkRegistered event', ev.length, 1);
  netuid = Number(ev[0].args.netuid);
  await send(2, NEURON, abi.neuron, 'burnedRegister', [netuid, validator()]);
  const before = await stakeOf(validator(), validator(), netuid);
  const rc2 = await send(2, STAKING, abi.staking, 'addStake', [validator(), 20n * 10n ** 9n, BigInt(netuid)]);
  const got = (await stakeOf(validator(), validator(), netuid)) - before;
  const [added] = parseEventLogs({ abi: abi.staking, logs: rc2.logs, eventName: 'StakeAdded' });
  expectEq('StakeAdded.taoRao', added.args.taoRao, 20n * 10n ** 9n);
  expectEq('stake grew by StakeAdded.alphaRao', got, added.args.alphaRao);
  return `netuid ${netuid}, validator stake ${got} alpha-RAO`;
});

await t.check('delegation vault: open, deposit TAO, shares against the stake bought', async () => {
  await send(5, c.DelegationVaultFactory, abi.vaultFactory, 'create', [validator(), netuid]);
  vault = await read(c.DelegationVaultFactory, abi.vaultFactory, 'vaultFor', [validator(), netuid]);
  expectEq('vault asset', await read(vault, abi.vault, 'asset'), c.WTAO);
  const rc = await send(5, vault, abi.vault, 'depositTao', [dev(5).address, 1n], parseEther('10'));
  vaultShares = await read(vault, abi.vault, 'balanceOf', [dev(5).address]);
  const held = await read(vault, abi.vault, 'stakeHeld');
  const [added] = parseEventLogs({ abi: abi.staking, logs: rc.logs, eventName: 'StakeAdded' });
  expectEq('the vault staked 10 TAO', added.args.taoRao, 10n * 10n ** 9n);
  expectEq("StakeAdded's coldkey is the vault's id", added.args.coldkey, idOf(vault));
  expectEq('vault stake on the validator = the alpha bought', held, added.args.alphaRao);
  expectEq('stakeHeld() = getStake(validator, vault id)', await stakeOf(validator(), idOf(vault), netuid), held);
  const alpha = await read(vault, abi.vault, 'convertToAlpha', [vaultShares]);
  expect(alpha <= held && held - alpha <= 1n, `shares redeem for ${alpha} of ${held} alpha (virtual shares cost at most 1)`);
  return `${vaultShares} shares for ${held} alpha-RAO`;
});

await t.check('an epoch pays the validator and the vault shares are worth more alpha', async () => {
  const alphaBefore = await read(vault, abi.vault, 'convertToAlpha', [vaultShares]);
  const heldBefore = await read(vault, abi.vault, 'stakeHeld');
  const epochBlock = BigInt(await rpc('tao_devJumpToNextTempo', [netuid]));
  const held = await read(vault, abi.vault, 'stakeHeld');
  const alpha = await read(vault, abi.vault, 'convertToAlpha', [vaultShares]);
  expect(held > heldBefore, `the vault's stake did not grow at the epoch (block ${epochBlock})`);
  expect(alpha > alphaBefore, 'the shares did not gain alpha');
  expectEq('share count unchanged', await read(vault, abi.vault, 'balanceOf', [dev(5).address]), vaultShares);
  return `epoch at block ${epochBlock}: ${alphaBefore} -> ${alpha} alpha-RAO for the same ${vaultShares} shares`;
});

await t.check('wrap alpha: approve on 0x805, pull the stake, mint shares', async () => {
  const me = dev(6).address;
  await send(6, STAKING, abi.staking, 'addStake', [validator(), 30n * 10n ** 9n, BigInt(netuid)]);
  const alpha = await stakeOf(validator(), idOf(me), netuid);
  await send(6, c.WrappedAlphaFactory, abi.alphaFactory, 'create', [validator(), netuid]);
  token = await read(c.WrappedAlphaFactory, abi.alphaFactory, 'tokenFor', [validator(), netuid]);
  await send(6, STAKING, abi.staking, 'approve', [token, BigInt(netuid), alpha]);
  await send(6, token, abi.walpha, 'wrap', [alpha]);
  tokenShares = await read(token, abi.walpha, 'balanceOf', [me]);
  // The stake ledger keeps shares of the hotkey's alpha (as the real chain does), so a
  // transfer's two sides may round by one alpha-RAO.
  const left = await stakeOf(validator(), idOf(me), netuid);
  const held = await stakeOf(validator(), idOf(token), netuid);
  expect(left <= 1n, `stake left on the validator: ${left}`);
  expect(held <= alpha && alpha - held <= 1n, `the token holds ${held} of ${alpha}`);
  expectEq('the token reports the stake it holds', await read(token, abi.walpha, 'stakeHeld'), held);
  expectEq('totalSupply = my shares', await read(token, abi.walpha, 'totalSupply'), tokenShares);
  const redeem = await read(token, abi.walpha, 'convertToAlpha', [tokenShares]);
  expect(redeem <= held && held - redeem <= 1n, `shares redeem for ${redeem} of ${held}`);
  return `${alpha} alpha-RAO -> ${tokenShares} shares of ${token}`;
});

let params;
await t.check('lending: list the token, supply WTAO, deposit collateral, borrow at the limit', async () => {
  params = { ltvBps: 5000, liquidationThresholdBps: 6500, closeFactorBps: 5000, liquidationBonusBps: 500, supplyCapAlpha: 10n ** 15n, enabled: true };
  await send(0, c.AlphaLendingMarket, abi.market, 'listCollateral', [token, params]);
  await send(0, c.AlphaLendingMarket, abi.market, 'setSubnetCap', [netuid, 10n ** 15n]);
  const supplied = parseEther('1000');
  await send(7, c.WTAO, abi.wtao, 'deposit', [], supplied);
  await send(7, c.WTAO, abi.wtao, 'approve', [c.AlphaLendingMarket, supplied]);
  await send(7, c.AlphaLendingMarket, abi.market, 'supply', [supplied, dev(7).address]);
  expectEq('market cash (WTAO held)', await read(c.WTAO, abi.wtao, 'balanceOf', [c.AlphaLendingMarket]), supplied);

  const me = dev(6).address;
  await send(6, token, abi.walpha, 'approve', [c.AlphaLendingMarket, tokenShares]);
  await send(6, c.AlphaLendingMarket, abi.market, 'depositCollateral', [token, tokenShares]);
  expectEq('collateral in the market', await read(token, abi.walpha, 'balanceOf', [c.AlphaLendingMarket]), tokenShares);
  const [, limit] = await read(c.AlphaLendingMarket, abi.market, 'accountLiquidity', [me]);
  const value = await read(c.AlphaLendingMarket, abi.market, 'collateralValue', [token, tokenShares]);
  expectEq('borrow limit = value x 50%', limit, value * 5000n / 10000n);
  // The oracle is min(spot, moving price): the stakes above pushed spot over the moving price.
  const [spot, moving] = await Promise.all([read(ALPHA, abi.alpha, 'getAlphaPrice', [netuid]), read(ALPHA, abi.alpha, 'getMovingAlphaPrice', [netuid])]);
  const alpha = await read(token, abi.walpha, 'convertToAlpha', [tokenShares]);
  const oracle = spot < moving ? spot : moving;
  expectEq('collateral value = alpha x min(spot, moving) / 1e9', value, alpha * oracle / 10n ** 9n);
  borrowed = limit;
  const name = await reverts(6, c.AlphaLendingMarket, abi.market, 'borrow', [limit + 1n, me]);
  expect(/Exceed|Limit|Insufficient/i.test(name), `borrow above the limit: ${name}`);
  await send(6, c.AlphaLendingMarket, abi.market, 'borrow', [limit, me]);
  expectEq('WTAO borrowed', await read(c.WTAO, abi.wtao, 'balanceOf', [me]), limit);
  expect(!(await read(c.AlphaLendingMarket, abi.market, 'isLiquidatable', [me])), 'liquidatable right after borrowing');
  return `spot ${spot}, moving ${moving}; borrowed ${limit} wei against ${alpha} alpha-RAO`;
});

await t.check('a whale unstakes and the price crashes below the liquidation threshold', async () => {
  // The whale's alpha: emission earned over a long time, credited with the dev control.
  const whale = idOf(dev(8).address);
  const [taoIn, alphaIn] = await Promise.all([read(ALPHA, abi.alpha, 'getTaoInPool', [netuid]), read(ALPHA, abi.alpha, 'getAlphaInPool', [netuid])]);
  // Sell enough to bring spot to about 0.6 TAO: (x + w)^2 = x·y / 0.6.
  const target = BigInt(Math.floor(Math.sqrt(Number(taoIn) * Number(alphaIn) / 0.6)));
  const w = target - BigInt(alphaIn) + 10n ** 9n;
  await rpc('tao_devCreditStake', [validator(), whale, netuid, '0x' + w.toString(16)]);
  const staked = await stakeOf(validator(), whale, netuid);
  await send(8, STAKING, abi.staking, 'removeStake', [validator(), staked, BigInt(netuid)]);
  const spot = await read(ALPHA, abi.alpha, 'getAlphaPrice', [netuid]);
  expect(spot < 650_000_000_000_000_000n, `spot ${spot} did not crash`);
  expect(await read(c.AlphaLendingMarket, abi.market, 'isLiquidatable', [dev(6).address]), 'the borrower is not liquidatable after the crash');
  return `whale sold ${staked} alpha-RAO; spot now ${spot}`;
});

await t.check('liquidation: repay up to the close factor, seize collateral with the bonus, to the unit', async () => {
  const liq = dev(4).address, me = dev(6).address;
  await send(4, c.WTAO, abi.wtao, 'deposit', [], parseEther('500'));
  await send(4, c.WTAO, abi.wtao, 'approve', [c.AlphaLendingMarket, parseEther('500')]);
  const [wtaoBefore, sharesBefore, collBefore] = await Promise.all([
    read(c.WTAO, abi.wtao, 'balanceOf', [liq]), read(token, abi.walpha, 'balanceOf', [liq]),
    read(c.AlphaLendingMarket, abi.market, 'collateralOf', [me, token]),
  ]);
  const rc = await send(4, c.AlphaLendingMarket, abi.market, 'liquidate', [me, token, parseEther('500')]);
  const [ev] = parseEventLogs({ abi: abi.market, logs: rc.logs, eventName: 'Liquidated' });
  const { repaid, seizedShares: seized, price } = ev.args;
  // Seized shares: alpha worth repaid x 1.05 at the oracle price, in shares of the position.
  const hadAlpha = await client.readContract({ address: token, abi: abi.walpha, functionName: 'convertToAlpha', args: [collBefore], blockNumber: rc.blockNumber - 1n });
  const seizeAlpha = repaid * 10500n / 10000n * 10n ** 9n / price;
  expectEq('seized shares', seized, seizeAlpha * collBefore / hadAlpha);
  expect(repaid <= borrowed * 5000n / 10000n + parseEther('0.001'), `repaid ${repaid} above the close factor`);
  expectEq("liquidator's WTAO", await read(c.WTAO, abi.wtao, 'balanceOf', [liq]), wtaoBefore - repaid);
  expectEq("liquidator's wrapped alpha", await read(token, abi.walpha, 'balanceOf', [liq]), sharesBefore + seized);
  expectEq("borrower's collateral", await read(c.AlphaLendingMarket, abi.market, 'collateralOf', [me, token]), collBefore - seized);
  expectEq('market holds the rest of the collateral', await read(token, abi.walpha, 'balanceOf', [c.AlphaLendingMarket]), collBefore - seized);
  // The liquidator can unwrap what it seized back into stake on the validator.
  const expectAlpha = await read(token, abi.walpha, 'convertToAlpha', [seized]);
  await send(4, token, abi.walpha, 'unwrap', [seized]);
  const unwrapped = await stakeOf(validator(), idOf(liq), netuid);
  // The ledger's share rounding (see the wrap step) may cost one alpha-RAO.
  expect(unwrapped <= expectAlpha && expectAlpha - unwrapped <= 1n, `unwrapped ${unwrapped} of ${expectAlpha}`);
  return `repaid ${repaid} wei, seized ${seized} shares at ${price}, unwrapped ${expectAlpha} alpha-RAO`;
});

await t.check('vault redemption with a minimum-out guard', async () => {
  const me = dev(5).address;
  const preview = await read(vault, abi.vault, 'previewRedeem', [vaultShares]);
  const tooMuch = await reverts(5, vault, abi.vault, 'redeem', [vaultShares, me, me, preview * 2n]);
  expect(tooMuch.length > 0, 'redeem with an impossible minimum did not revert');
  const before = await read(c.WTAO, abi.wtao, 'balanceOf', [me]);
  await send(5, vault, abi.vault, 'redeem', [vaultShares, me, me, preview * 99n / 100n]);
  const got = (await read(c.WTAO, abi.wtao, 'balanceOf', [me])) - before;
  expect(got >= preview * 99n / 100n, `redeemed ${got} wei, less than the guard`);
  expectEq('shares burned', await read(vault, abi.vault, 'balanceOf', [me]), 0n);
  return `redeemed ${vaultShares} shares for ${got} wei of WTAO (after the crash)`;
});

console.log(`defi: ${t.passed} passed, 0 failed`);
process.exit(0);
