// taochain dashboard: plain JavaScript, no build step, no dependencies. It reads the node it is
// served by (JSON-RPC on POST to the same origin) and signs through the browser wallet
// (EIP-1193 `window.ethereum`). Amounts are BigInt throughout: RAO (10^-9 TAO), alpha-RAO,
// prices as TAO per alpha x 10^18; numbers are only used for pixel positions in the chart.
'use strict';

const RPC = window.location.origin + '/';
const STAKING = '0x0000000000000000000000000000000000000805';
const ADDRESS_MAPPING = '0x000000000000000000000000000000000000080c';
// Function selectors (first 4 bytes of keccak-256 of the signature); checked against the
// contracts crate's bindings by evm-host's dashboard test.
const SELECTORS = {
  addStake: '0x1fc9b141', // addStake(bytes32,uint256,uint256)
  removeStake: '0x7d691e30', // removeStake(bytes32,uint256,uint256)
  addressMapping: '0x0494cd9a', // addressMapping(address)
};
const CHART_BLOCKS = 48n;

/** The subnet's TAO emission of the last block (injected plus chain-bought). */
const emissionOf = s => BigInt(s.tao_emission_rao ?? s.tao_in_emission_rao);
const state = { chainId: null, head: null, subnets: [], selected: null, account: null, myId: null, autoHotkey: '' };
const $ = id => document.getElementById(id);

// ---------------------------------------------------------------- JSON-RPC

let nextId = 1;
async function post(body) {
  const res = await fetch(RPC, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`the node answered HTTP ${res.status}`);
  return res.json();
}
async function rpc(method, params = []) {
  const body = await post({ jsonrpc: '2.0', id: nextId++, method, params });
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
/** One batch of calls; results in order (null where a call failed). */
async function rpcBatch(calls) {
  if (calls.length === 0) return [];
  const first = nextId;
  const body = await post(calls.map(([method, params]) => ({ jsonrpc: '2.0', id: nextId++, method, params })));
  const byId = new Map((Array.isArray(body) ? body : [body]).map(r => [r.id, r]));
  return calls.map((_, i) => { const r = byId.get(first + i); return r && !r.error ? r.result : null; });
}
const hex = n => '0x' + BigInt(n).toString(16);

// ---------------------------------------------------------------- exact amounts

/** `value` (integer units) as a decimal with `decimals` places, trailing zeros trimmed. */
function fmtUnits(value, decimals) {
  const v = BigInt(value);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const scale = 10n ** BigInt(decimals);
  const frac = (a % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return (neg ? '-' : '') + (a / scale).toString() + (frac ? '.' + frac : '');
}
/** A decimal string as integer units; refuses anything that would need rounding. */
function parseUnits(text, decimals) {
  const t = String(text).trim();
  if (!/^\d*(\.\d*)?$/.test(t) || t === '' || t === '.') throw new Error(`"${text}" is not a decimal amount (digits and one '.', e.g. 1.5)`);
  const [whole, f = ''] = t.split('.');
  const frac = f.replace(/0+$/, '');
  if (frac.length > decimals) throw new Error(`"${text}" has more than ${decimals} decimals`);
  return BigInt(whole || '0') * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}
const tao = rao => fmtUnits(rao, 9);
const price = e18 => fmtUnits(e18, 18);
/** A u16 ratio (parts of 65535) as a fraction with 4 decimals, floored. */
function ratio(u16) {
  const v = BigInt(u16) * 10000n / 65535n;
  return `${v / 10000n}.${(v % 10000n).toString().padStart(4, '0')}`;
}
/** `part / total` as a percentage with 2 decimals, floored. */
function percent(part, total) {
  if (total === 0n) return '–';
  const bps = part * 10000n / total;
  return `${bps / 100n}.${(bps % 100n).toString().padStart(2, '0')} %`;
}
const short = h => (h && h.length > 14 ? `${h.slice(0, 8)}…${h.slice(-4)}` : h);

// ---------------------------------------------------------------- ABI encoding

const word = v => { const b = BigInt(v); if (b < 0n || b >= 1n << 256n) throw new Error(`${v} does not fit uint256`); return b.toString(16).padStart(64, '0'); };
function bytes32(h) {
  const t = String(h).trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{64}$/.test(t)) throw new Error('the hotkey must be a 32-byte id in hex: 0x and 64 hex digits');
  return t;
}
/** Calldata of addStake / removeStake(bytes32 hotkey, uint256 amount, uint256 netuid). */
const stakeCalldata = (selector, hotkey, amount, netuid) => selector + bytes32(hotkey) + word(amount) + word(netuid);

// ---------------------------------------------------------------- rendering

function cell(text, cls) { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; }
function fill(tbody, rows, empty, cols) {
  tbody.replaceChildren();
  if (rows.length === 0) { const tr = document.createElement('tr'); const td = cell(empty, 'muted'); td.colSpan = cols; tr.append(td); tbody.append(tr); }
  for (const r of rows) tbody.append(r);
}
function status(text, kind = '') { const s = $('status'); s.textContent = text; s.className = `status ${kind}`; }

function renderSubnets() {
  const total = state.subnets.reduce((a, s) => a + emissionOf(s), 0n);
  const rows = state.subnets.map(s => {
    const tr = document.createElement('tr');
    tr.className = 'pick' + (s.netuid === state.selected ? ' selected' : '');
    tr.dataset.netuid = s.netuid;
    tr.append(cell(String(s.netuid)), cell(s.name || '–'), cell(price(s.price_e18), 'num'), cell(price(s.moving_price_e18), 'num'),
      cell(tao(s.tao_in_rao), 'num'), cell(tao(s.alpha_in), 'num'), cell(percent(emissionOf(s), total), 'num'),
      cell(`${s.uids}/${s.max_uids}`, 'num'), cell(String(s.tempo), 'num'));
    tr.addEventListener('click', () => select(s.netuid));
    return tr;
  });
  fill($('subnets'), rows, 'no subnets', 9);
  const sel = $('netuid');
  const keep = sel.value;
  sel.replaceChildren(...state.subnets.filter(s => s.netuid !== 0).map(s => {
    const o = document.createElement('option'); o.value = s.netuid; o.textContent = `${s.netuid}${s.name ? ' · ' + s.name : ''}`; return o;
  }));
  if (keep && [...sel.options].some(o => o.value === keep)) sel.value = keep;
  defaultHotkey();
}

async function renderMetagraph(netuid) {
  $('mg-netuid').textContent = String(netuid);
  const m = await rpc('tao_metagraph', [netuid]);
  const rows = m.neurons.map(n => {
    const tr = document.createElement('tr');
    tr.append(cell(String(n.uid)), cell(short(n.hotkey), 'mono'), cell(short(n.coldkey), 'mono'), cell(tao(n.stake), 'num'),
      cell(ratio(n.consensus), 'num'), cell(ratio(n.incentive), 'num'), cell(ratio(n.dividends), 'num'),
      cell(ratio(n.validator_trust), 'num'), cell(tao(n.emission), 'num'), cell(n.active ? 'yes' : 'no'), cell(n.validator_permit ? 'yes' : 'no'));
    tr.title = n.hotkey;
    return tr;
  });
  fill($('metagraph'), rows, 'no neurons', 11);
}

const SVG = 'http://www.w3.org/2000/svg';
function svgEl(name, attrs, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}
/** Pixel offset of `v` in [lo, hi] over `px` pixels (BigInt arithmetic, a Number at the end). */
const scaled = (v, lo, hi, px) => (hi === lo ? px / 2 : Number((v - lo) * BigInt(px) / (hi - lo)));

async function renderChart(netuid) {
  $('chart-netuid').textContent = String(netuid);
  const head = state.head;
  const from = head >= CHART_BLOCKS ? head - CHART_BLOCKS + 1n : 0n;
  const blocks = [];
  for (let b = from; b <= head; b++) blocks.push(b);
  const lists = await rpcBatch(blocks.map(b => ['tao_subnets', [hex(b)]]));
  const points = [];
  blocks.forEach((b, i) => {
    const s = (lists[i] || []).find(x => x.netuid === netuid);
    if (s) points.push({ block: b, price: BigInt(s.price_e18), emission: emissionOf(s) });
  });
  const box = $('chart');
  if (points.length === 0) { box.replaceChildren(Object.assign(document.createElement('p'), { className: 'muted', textContent: 'no history for this subnet yet' })); return; }
  const W = 640, H = 200, L = 56, R = 56, T = 10, B = 24, w = W - L - R, h = H - T - B;
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': `price and emission of subnet ${netuid}` });
  let lo = points[0].price, hi = points[0].price, emax = 0n;
  for (const p of points) { if (p.price < lo) lo = p.price; if (p.price > hi) hi = p.price; if (p.emission > emax) emax = p.emission; }
  const n = points.length;
  const x = i => L + (n === 1 ? w / 2 : (i * w) / (n - 1));
  const barW = Math.min(24, Math.max(2, Math.floor(w / Math.max(n, 1)) - 2));
  points.forEach((p, i) => {
    const bh = emax === 0n ? 0 : scaled(p.emission, 0n, emax, h);
    svg.append(svgEl('rect', { x: x(i) - barW / 2, y: T + h - bh, width: barW, height: bh, fill: '#f0a53a', opacity: 0.7 }, undefined));
  });
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${(T + h - scaled(p.price, lo, hi, h)).toFixed(1)}`).join(' ');
  svg.append(svgEl('path', { d: path, fill: 'none', stroke: '#2f6fde', 'stroke-width': 2 }));
  svg.append(svgEl('line', { x1: L, y1: T + h, x2: L + w, y2: T + h, stroke: '#dde1ea' }));
  svg.append(svgEl('text', { x: 2, y: T + 8 }, price(hi)), svgEl('text', { x: 2, y: T + h }, price(lo)));
  svg.append(svgEl('text', { x: W - R + 4, y: T + 8 }, tao(emax)), svgEl('text', { x: W - R + 4, y: T + h }, '0'));
  svg.append(svgEl('text', { x: L, y: H - 6 }, `block ${points[0].block}`), svgEl('text', { x: L + w - 60, y: H - 6 }, `block ${points[n - 1].block}`));
  box.replaceChildren(svg);
}

function renderContracts(rows) {
  fill($('contracts'), rows.map(c => {
    const tr = document.createElement('tr');
    tr.append(cell(c.name), cell(c.address, 'mono'), cell(c.deployed ? 'yes' : 'no'), cell(c.artifact));
    return tr;
  }), 'none', 4);
}

async function renderMine() {
  if (!state.account) return;
  if (!state.myId) {
    const data = SELECTORS.addressMapping + word(BigInt(state.account));
    state.myId = await rpc('eth_call', [{ to: ADDRESS_MAPPING, data }, 'latest']);
    $('my-id').textContent = `coldkey ${state.myId}`;
  }
  const v = await rpc('tao_coldkeyStake', [state.myId]);
  fill($('my-stake'), v.positions.map(p => {
    const tr = document.createElement('tr');
    tr.dataset.netuid = p.netuid;
    tr.append(cell(String(p.netuid)), cell(short(p.hotkey), 'mono'), cell(tao(p.alpha), 'num'));
    tr.title = p.hotkey;
    return tr;
  }), 'no stake yet', 3);
}

function defaultHotkey() {
  const s = state.subnets.find(x => String(x.netuid) === $('netuid').value);
  const input = $('hotkey');
  if (s && (input.value === '' || input.value === state.autoHotkey)) { input.value = s.owner_hotkey; state.autoHotkey = s.owner_hotkey; }
}

// ---------------------------------------------------------------- refresh

async function select(netuid) {
  state.selected = netuid;
  renderSubnets();
  await Promise.all([renderMetagraph(netuid), renderChart(netuid)]);
}

let refreshing = false;
async function refresh(force = false) {
  if (refreshing) return;
  refreshing = true;
  try {
    const head = BigInt(await rpc('eth_blockNumber'));
    if (!force && head === state.head) return;
    state.head = head;
    $('head').textContent = head.toString();
    state.subnets = await rpc('tao_subnets');
    if (state.selected === null || !state.subnets.some(s => s.netuid === state.selected)) {
      const first = state.subnets.find(s => s.netuid !== 0) || state.subnets[0];
      state.selected = first ? first.netuid : null;
    }
    renderSubnets();
    const work = [renderMine()];
    if (state.selected !== null) work.push(renderMetagraph(state.selected), renderChart(state.selected));
    await Promise.all(work);
  } catch (e) {
    status(`reading the node failed: ${e.message}`, 'bad');
  } finally {
    refreshing = false;
  }
}

// ---------------------------------------------------------------- wallet

function wallet() {
  if (!window.ethereum) throw new Error('no browser wallet found: install MetaMask (or another EIP-1193 wallet) and reload');
  return window.ethereum;
}

async function addNetwork() {
  const chainId = await rpc('eth_chainId');
  await wallet().request({
    method: 'wallet_addEthereumChain',
    params: [{ chainId, chainName: `taochain (${BigInt(chainId)})`, rpcUrls: [window.location.origin], nativeCurrency: { name: 'TAO', symbol: 'TAO', decimals: 18 } }],
  });
  status(`network ${BigInt(chainId)} added to the wallet`, 'ok');
}

async function connect() {
  const accounts = await wallet().request({ method: 'eth_requestAccounts' });
  if (!accounts || accounts.length === 0) throw new Error('the wallet gave no account');
  setAccount(accounts[0]);
  const walletChain = await wallet().request({ method: 'eth_chainId' });
  if (BigInt(walletChain) !== BigInt(state.chainId)) await addNetwork();
  await renderMine();
}

function setAccount(a) {
  state.account = a;
  state.myId = null;
  $('account').textContent = a ? a : 'no wallet connected';
  $('connect').textContent = a ? 'Connected' : 'Connect wallet';
}

async function waitReceipt(hash) {
  for (let i = 0; i < 600; i++) {
    const rc = await rpc('eth_getTransactionReceipt', [hash]);
    if (rc) return rc;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`${hash} was not mined after 2 minutes`);
}

async function sendStake(kind) {
  const netuid = BigInt($('netuid').value || '0');
  if (netuid === 0n) throw new Error('pick a subnet');
  const hotkey = '0x' + bytes32($('hotkey').value);
  const amount = parseUnits($('amount').value, 9);
  if (amount === 0n) throw new Error('the amount must be more than 0');
  if (!state.account) await connect();
  const selector = kind === 'stake' ? SELECTORS.addStake : SELECTORS.removeStake;
  const tx = { from: state.account, to: STAKING, data: stakeCalldata(selector, hotkey, amount, netuid), value: '0x0' };
  // Simulate first: a refusal shows the chain's reason and nothing is signed.
  await rpc('eth_estimateGas', [tx]);
  const what = kind === 'stake' ? `stake ${tao(amount)} TAO` : `unstake ${tao(amount)} alpha`;
  status(`${what} on subnet ${netuid}: confirm in your wallet`);
  const hash = await wallet().request({ method: 'eth_sendTransaction', params: [tx] });
  status(`sent ${hash}; waiting for inclusion`);
  const rc = await waitReceipt(hash);
  if (rc.status !== '0x1') throw new Error(`${hash} reverted in block ${BigInt(rc.blockNumber)}`);
  status(`${kind === 'stake' ? 'staked' : 'unstaked'}: ${what} in block ${BigInt(rc.blockNumber)} (${hash})`, 'ok');
  await refresh(true);
}

function guarded(f) {
  return async () => {
    for (const b of document.querySelectorAll('button')) b.disabled = true;
    try { await f(); } catch (e) { status(e && e.message ? e.message : String(e), 'bad'); } finally {
      for (const b of document.querySelectorAll('button')) b.disabled = false;
    }
  };
}

async function main() {
  $('connect').addEventListener('click', guarded(connect));
  $('add-network').addEventListener('click', guarded(addNetwork));
  $('stake').addEventListener('click', guarded(() => sendStake('stake')));
  $('unstake').addEventListener('click', guarded(() => sendStake('unstake')));
  $('netuid').addEventListener('change', () => { defaultHotkey(); select(Number($('netuid').value)); });
  if (window.ethereum && window.ethereum.on) window.ethereum.on('accountsChanged', a => { setAccount(a[0] || null); renderMine(); });
  try {
    state.chainId = await rpc('eth_chainId');
    $('chain-id').textContent = BigInt(state.chainId).toString();
    renderContracts(await rpc('tao_contracts'));
  } catch (e) {
    status(`cannot read the node: ${e.message}`, 'bad');
  }
  await refresh(true);
  document.body.dataset.ready = 'true';
  setInterval(() => refresh(false), 2000);
}

main();
