// The node's dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core), with an injected EIP-1193 wallet backed by a dev key:
//   RPC_URL=http://... HOTKEY=0x<32 bytes> [STAKER_INDEX=4] [SCREENSHOT=path] node dashboard.mjs
//
// The wallet lives in this process: the page's `window.ethereum.request` calls an exposed
// function, which signs with viem's privateKeyToAccount / walletClient and forwards reads to
// the node. Like a fresh MetaMask it starts on another chain (0x1), so the page must add the
// network (wallet_addEthereumChain) before it can send. A subnet must exist (the caller
// registers it) and HOTKEY is where the stake goes. Prints one summary line.
import { chromium } from 'playwright-core';
import { createWalletClient, defineChain, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { Checks, MNEMONIC, expect, expectEq, rawRpc } from './lib/common.mjs';

const rpcUrl = process.env.RPC_URL;
const hotkey = process.env.HOTKEY;
if (!rpcUrl || !hotkey) {
  console.error('usage: RPC_URL=http://127.0.0.1:8545 HOTKEY=0x... node dashboard.mjs');
  process.exit(2);
}
const origin = new URL(rpcUrl).origin;
const t = new Checks('dashboard', Number(process.env.TOTAL_TIMEOUT_MS || 60_000));
const account = mnemonicToAccount(MNEMONIC, { addressIndex: Number(process.env.STAKER_INDEX || 4) });
const rpc = async (method, params = []) => {
  const r = await rawRpc(rpcUrl, method, params);
  if (r.error) throw Object.assign(new Error(r.error.message), { code: r.error.code, data: r.error.data });
  return r.result;
};
const nodeChainId = await rpc('eth_chainId');
const chain = defineChain({
  id: Number(BigInt(nodeChainId)), name: 'taochain', nativeCurrency: { name: 'TAO', symbol: 'TAO', decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});
const walletClient = createWalletClient({ account, chain, transport: http(rpcUrl) });

// ------------------------------------------------------------------ the injected wallet
const wallet = { chainId: '0x1', known: new Set(['0x1']), added: [], sent: [] };
async function handle(method, params) {
  switch (method) {
    case 'eth_requestAccounts':
    case 'eth_accounts':
      return [account.address];
    case 'eth_chainId':
      return wallet.chainId;
    case 'wallet_addEthereumChain': {
      const [p] = params;
      expect(p && /^0x[0-9a-f]+$/i.test(p.chainId), `bad chainId ${JSON.stringify(p)}`);
      expect(p.nativeCurrency && p.nativeCurrency.decimals === 18, 'nativeCurrency.decimals must be 18');
      // A real wallet checks the RPC URL answers with the same chain id.
      const answered = (await rawRpc(p.rpcUrls[0], 'eth_chainId', [])).result;
      expectEq('the added RPC URL answers with the chain id', BigInt(answered), BigInt(p.chainId));
      wallet.added.push(p);
      wallet.known.add(p.chainId.toLowerCase());
      wallet.chainId = p.chainId.toLowerCase();
      return null;
    }
    case 'wallet_switchEthereumChain': {
      const id = params[0].chainId.toLowerCase();
      if (!wallet.known.has(id)) throw Object.assign(new Error('Unrecognized chain ID'), { code: 4902 });
      wallet.chainId = id;
      return null;
    }
    case 'eth_sendTransaction': {
      const [tx] = params;
      if (BigInt(wallet.chainId) !== BigInt(nodeChainId)) throw Object.assign(new Error(`wallet is on chain ${wallet.chainId}`), { code: 4901 });
      expectEq('from', tx.from.toLowerCase(), account.address.toLowerCase());
      const hash = await walletClient.sendTransaction({ to: tx.to, data: tx.data, value: BigInt(tx.value || 0) });
      wallet.sent.push({ ...tx, hash });
      return hash;
    }
    default:
      return rpc(method, params || []);
  }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  // The flags that work on a closed network (no background connections, no GPU, as root).
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
t.onExit(() => browser.close());
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
page.setDefaultTimeout(15_000);
const pageErrors = [];
page.on('pageerror', e => pageErrors.push(e.message));
await page.exposeFunction('__taoWallet', async (method, paramsJson) => {
  try {
    return { result: await handle(method, JSON.parse(paramsJson || '[]')) };
  } catch (e) {
    return { error: { code: e.code || -32603, message: e.shortMessage || e.message } };
  }
});
await page.addInitScript(() => {
  const listeners = {};
  window.ethereum = {
    isTaochainTestWallet: true,
    async request({ method, params }) {
      const r = await window.__taoWallet(method, JSON.stringify(params || []));
      if (r.error) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.result;
    },
    on(event, fn) { (listeners[event] ||= []).push(fn); },
    removeListener(event, fn) { listeners[event] = (listeners[event] || []).filter(f => f !== fn); },
  };
});

const rowTexts = async sel => page.$$eval(`${sel} tr`, trs => trs.map(tr => [...tr.children].map(td => td.textContent)));

await t.check('GET / serves the dashboard: subnets and predeployed contracts', async () => {
  const res = await page.goto(`${origin}/`);
  expectEq('HTTP status', res.status(), 200);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('#subnets tr[data-netuid="1"]');
  const subnets = await rowTexts('#subnets');
  const s1 = subnets.find(r => r[0] === '1');
  const node = (await rpc('tao_subnets')).find(s => s.netuid === 1);
  expect(s1[2].length > 0 && s1[6].endsWith('%'), `subnet 1 row: ${s1}`);
  const contracts = await rowTexts('#contracts');
  const names = contracts.map(r => r[0]);
  for (const n of ['WTAO', 'WrappedAlphaFactory', 'DelegationVaultFactory', 'AlphaPools']) expect(names.includes(n), `${n} missing: ${names}`);
  expectEq('WTAO address', contracts.find(r => r[0] === 'WTAO')[1].toLowerCase(), '0x0000000000000000000000000000000000000b01');
  return `${subnets.length} subnets (subnet 1 at ${s1[2]} TAO/alpha, node says ${node.price_e18} e18), ${contracts.length} contracts`;
});

await t.check("subnet 1's metagraph and its price and emission chart", async () => {
  await page.click('#subnets tr[data-netuid="1"]');
  await page.waitForSelector('#metagraph tr td.mono');
  const mg = await rowTexts('#metagraph');
  expectEq('uid 0', mg[0][0], '0');
  expect(hotkey.startsWith(mg[0][1].slice(0, 8)), `uid 0 hotkey ${mg[0][1]} is not the owner's`);
  await page.waitForSelector('#chart svg path');
  return `${mg.length} neurons; chart drawn`;
});

await t.check('connect the wallet: it adds the network (wallet_addEthereumChain)', async () => {
  await page.click('#connect');
  await page.waitForFunction(a => document.getElementById('account').textContent.toLowerCase() === a.toLowerCase(), account.address);
  await page.waitForFunction(() => {
    const s = document.getElementById('status');
    return s.textContent.includes('added to the wallet') || s.classList.contains('bad');
  });
  expect(await page.$('#status.ok'), `the page reports a failure: ${await page.textContent('#status')}`);
  expectEq('one network added', wallet.added.length, 1);
  const p = wallet.added[0];
  expectEq('chain id', BigInt(p.chainId), BigInt(nodeChainId));
  expectEq('currency symbol', p.nativeCurrency.symbol, 'TAO');
  expectEq('RPC URL', p.rpcUrls[0], origin);
  expectEq('wallet now on the chain', wallet.chainId, p.chainId.toLowerCase());
  return `${p.chainName} ${p.chainId} ${p.rpcUrls[0]}`;
});

let shown;
await t.check('stake 2 TAO into subnet 1 through the wallet', async () => {
  await page.selectOption('#netuid', '1');
  await page.fill('#hotkey', hotkey);
  await page.fill('#amount', '2');
  await page.click('#stake');
  await page.waitForFunction(() => {
    const s = document.getElementById('status');
    return s.textContent.startsWith('staked') || s.classList.contains('bad');
  }, null, { timeout: 30_000 });
  const text = await page.textContent('#status');
  expect(await page.$('#status.ok'), `the page reports a failure: ${text}`);
  expect(text.startsWith('staked: stake 2 TAO'), text);
  expectEq('one transaction signed', wallet.sent.length, 1);
  const tx = wallet.sent[0];
  expectEq('to the staking precompile', tx.to.toLowerCase(), '0x0000000000000000000000000000000000000805');
  expect(tx.data.startsWith('0x1fc9b141' + hotkey.slice(2).toLowerCase()), `calldata ${tx.data}`);
  expectEq('amount in RAO', BigInt('0x' + tx.data.slice(74, 138)), 2_000_000_000n);
  expectEq('netuid', BigInt('0x' + tx.data.slice(138, 202)), 1n);
  const rc = await rpc('eth_getTransactionReceipt', [tx.hash]);
  expectEq('receipt status', rc.status, '0x1');
  return text;
});

await t.check('the new stake shows in the page and on chain (tao_coldkeyStake)', async () => {
  await page.waitForSelector('#my-stake tr[data-netuid="1"]');
  const mine = await rowTexts('#my-stake');
  const id = (await page.textContent('#my-id')).replace('coldkey ', '');
  const onChain = await rpc('tao_coldkeyStake', [id]);
  const pos = onChain.positions.find(p => p.netuid === 1);
  expect(pos && BigInt(pos.alpha) > 0n, `no stake on chain: ${JSON.stringify(onChain)}`);
  expectEq('hotkey', pos.hotkey, hotkey.toLowerCase());
  const a = BigInt(pos.alpha);
  const exact = `${a / 10n ** 9n}.${(a % 10n ** 9n).toString().padStart(9, '0')}`.replace(/\.?0+$/, '');
  shown = mine.find(r => r[0] === '1');
  expectEq('the page shows the on-chain alpha exactly', shown[2], exact);
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
  expectEq('no script errors in the page', pageErrors, []);
  return `${shown[2]} alpha on ${shown[1]} in subnet 1${process.env.SCREENSHOT ? `; screenshot ${process.env.SCREENSHOT}` : ''}`;
});

await t.check('unstake 0.5 alpha through the wallet: the page and the chain agree', async () => {
  const before = BigInt((await rpc('tao_coldkeyStake', [(await page.textContent('#my-id')).replace('coldkey ', '')])).positions[0].alpha);
  await page.fill('#amount', '0.5');
  await page.click('#unstake');
  await page.waitForFunction(() => {
    const s = document.getElementById('status');
    return s.textContent.startsWith('unstaked') || s.classList.contains('bad');
  }, null, { timeout: 30_000 });
  const text = await page.textContent('#status');
  expect(await page.$('#status.ok'), `the page reports a failure: ${text}`);
  expectEq('two transactions signed', wallet.sent.length, 2);
  expect(wallet.sent[1].data.startsWith('0x7d691e30'), `removeStake calldata ${wallet.sent[1].data}`);
  const id = (await page.textContent('#my-id')).replace('coldkey ', '');
  const after = BigInt((await rpc('tao_coldkeyStake', [id])).positions[0].alpha);
  // The ledger keeps stake as shares of the hotkey's alpha: one alpha-RAO of rounding.
  const gone = before - after;
  expect(gone >= 499_999_999n && gone <= 500_000_001n, `stake went from ${before} to ${after}`);
  const exact = `${after / 10n ** 9n}.${(after % 10n ** 9n).toString().padStart(9, '0')}`.replace(/\.?0+$/, '');
  await page.waitForFunction(x => {
    const row = document.querySelector('#my-stake tr[data-netuid="1"]');
    return row && row.children[2].textContent === x;
  }, exact);
  return `${text}; ${exact} alpha left`;
});

await t.done();
