// Shared helpers for the client tests (ethers.mjs, viem.mjs): configuration, the check runner,
// contract compilation with solc-js, and raw JSON-RPC for checks below the client libraries.
//
// Contracts: compiled at run time from tests/foundry/src (the same sources forge builds) with the
// npm `solc` package pinned in tests/js/package.json. This keeps the JS tests independent of
// `forge build` having run, and one set of sources serves both tool chains.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const SOURCES_DIR = join(here, '..', '..', 'foundry', 'src');

export const MNEMONIC = 'test test test test test test test test test test test junk';
/** Address of anvil dev account 0 (m/44'/60'/0'/0/0 of MNEMONIC). */
export const DEV0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
/** Balance of every dev account at genesis: 10,000 * 10^18 wei. */
export const DEV_BALANCE = 10_000n * 10n ** 18n;
/** Dev account 9 is never spent from or sent to by any test: its balance must stay at genesis. */
export const UNTOUCHED_INDEX = 9;

export function config(name) {
  const rpcUrl = process.env.RPC_URL;
  const wsUrl = process.env.WS_URL;
  if (!rpcUrl || !wsUrl) {
    console.error(`usage: RPC_URL=http://127.0.0.1:8545 WS_URL=ws://127.0.0.1:8545 node ${name}.mjs`);
    process.exit(2);
  }
  return {
    rpcUrl,
    wsUrl,
    chainId: BigInt(process.env.EXPECT_CHAIN_ID || 31337),
    evmVersion: process.env.EVM_VERSION || 'prague',
    // per-event wait for WebSocket notifications; a 1-s block time needs a few seconds
    eventTimeoutMs: Number(process.env.EVENT_TIMEOUT_MS || 20_000),
    totalTimeoutMs: Number(process.env.TOTAL_TIMEOUT_MS || 180_000),
  };
}

/**
 * Runs named checks in order and stops at the first failure. Progress goes to stderr; stdout gets
 * exactly one summary line ("<name>: N passed, N failed") and, on failure, the reason before it.
 */
export class Checks {
  constructor(name, totalTimeoutMs) {
    this.name = name;
    this.passed = 0;
    this.current = 'setup';
    this.cleanups = [];
    setTimeout(() => this.fail(new Error(`overall time limit of ${totalTimeoutMs} ms exceeded`)), totalTimeoutMs).unref();
    process.on('unhandledRejection', e => this.fail(e));
    process.on('uncaughtException', e => this.fail(e));
  }

  /** Registers something to close before exit (WebSocket providers, watchers). */
  onExit(fn) { this.cleanups.push(fn); }

  async check(title, fn) {
    this.current = title;
    let detail;
    try {
      detail = await fn();
    } catch (e) {
      this.fail(e);
    }
    this.passed++;
    console.error(`[${this.name}] ok ${this.passed} - ${title}${detail ? ': ' + detail : ''}`);
    return detail;
  }

  fail(e) {
    const msg = e && e.stack && process.env.VERBOSE ? e.stack : (e && e.message) || String(e);
    const short = msg.length > 2000 ? msg.slice(0, 2000) + ' ...' : msg;
    console.log(`${this.name} FAIL (${this.current}): ${short.split('\n').slice(0, 12).join('\n')}`);
    console.log(`${this.name}: ${this.passed} passed, 1 failed`);
    process.exit(1);
  }

  async done() {
    for (const fn of this.cleanups) {
      try { await withTimeout(Promise.resolve(fn()), 3000, 'cleanup'); } catch { /* exiting anyway */ }
    }
    console.log(`${this.name}: ${this.passed} passed, 0 failed`);
    process.exit(0);
  }
}

/** Throws unless actual === expected (compared as strings for bigint/number mixes). */
export function expectEq(what, actual, expected) {
  const norm = v => (typeof v === 'bigint' || typeof v === 'number'
    ? v.toString()
    : JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x)));
  if (norm(actual) !== norm(expected)) throw new Error(`${what}: expected ${norm(expected)}, got ${norm(actual)}`);
}

export function expect(cond, what) {
  if (!cond) throw new Error(what);
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** A deferred promise: resolve/reject from an event handler, await elsewhere. */
export function deferred() {
  let resolve, reject;
  const promise = new Promise((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
}

let rpcId = 1;
/** Raw JSON-RPC over HTTP: returns the whole response object ({result} or {error}). */
export async function rawRpc(url, method, params) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: rpcId++, method, params }),
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${method}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
}

/**
 * Checks the JSON-RPC error of a reverting eth_call/eth_estimateGas: code 3, a message starting
 * with "execution reverted", and revert bytes in `data`. Returns the data for the caller to
 * decode with its own library.
 */
export async function expectRevertRpc(url, method, tx) {
  const params = method === 'eth_call' ? [tx, 'latest'] : [tx];
  const r = await rawRpc(url, method, params);
  expect(r.error, `${method} must fail with a revert, got result ${JSON.stringify(r.result)}`);
  expectEq(`${method} error code`, r.error.code, 3);
  expect(/^execution reverted/.test(r.error.message), `${method} error message must start with "execution reverted": ${r.error.message}`);
  expect(typeof r.error.data === 'string' && /^0x[0-9a-f]{8,}$/i.test(r.error.data), `${method} error.data must carry the revert bytes: ${JSON.stringify(r.error.data)}`);
  return { data: r.error.data, message: r.error.message };
}

let compiled;
/**
 * Compiles Counter.sol and Token.sol with solc-js. Returns { Counter, Token }, each
 * { abi, bytecode, deployedBytecode } with 0x-prefixed hex.
 */
export function compileContracts(evmVersion) {
  if (compiled) return compiled;
  const solc = require('solc');
  const files = ['Counter.sol', 'Token.sol'];
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(files.map(f => [f, { content: readFileSync(join(SOURCES_DIR, f), 'utf8') }])),
    settings: {
      evmVersion,
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors || []).filter(e => e.severity === 'error');
  if (errors.length) throw new Error('solc: ' + errors.map(e => e.formattedMessage).join('\n'));
  const pick = (file, name) => {
    const c = out.contracts[file][name];
    return { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object, deployedBytecode: '0x' + c.evm.deployedBytecode.object };
  };
  compiled = { Counter: pick('Counter.sol', 'Counter'), Token: pick('Token.sol', 'Token'), solcVersion: solc.version() };
  return compiled;
}
