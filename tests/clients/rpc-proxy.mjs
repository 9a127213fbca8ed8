// A recording JSON-RPC proxy (HTTP + WebSocket on one port) for finding out what clients call.
//
//   node tests/clients/rpc-proxy.mjs LISTEN_PORT TARGET_HTTP_URL [LOG_FILE]
//   e.g. node tests/clients/rpc-proxy.mjs 8550 http://127.0.0.1:8546 /tmp/calls.jsonl
//        tests/clients/run-all.sh http://127.0.0.1:8550 ws://127.0.0.1:8550
//
// Every request (batch members separately) is appended to LOG_FILE as a JSON line
// {transport, method, params, error} where `error` is the node's error object, if any.
// On SIGINT/SIGTERM it prints a per-method count (and error codes) to stderr and exits.
// Listens on 127.0.0.1 only. Uses `ws` from tests/js/node_modules (scripts/setup-tools.sh).
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', 'js', 'package.json'));
const { WebSocketServer, WebSocket } = require('ws');

const [port, target, logFile = '/dev/null'] = process.argv.slice(2);
if (!port || !target) {
  console.error('usage: node rpc-proxy.mjs LISTEN_PORT TARGET_HTTP_URL [LOG_FILE]');
  process.exit(2);
}
const wsTarget = target.replace(/^http/, 'ws');
if (logFile !== '/dev/null') writeFileSync(logFile, '');

const counts = new Map();
function record(transport, req, res) {
  const key = `${transport} ${req.method}`;
  const c = counts.get(key) || { n: 0, errors: {} };
  c.n++;
  if (res && res.error) c.errors[res.error.code] = (c.errors[res.error.code] || 0) + 1;
  counts.set(key, c);
  appendFileSync(logFile, JSON.stringify({ transport, method: req.method, params: req.params, error: res && res.error }) + '\n');
}

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks).toString('utf8');
  let upstream;
  try {
    upstream = await fetch(target, { method: req.method, headers: { 'content-type': 'application/json' }, body: req.method === 'POST' ? body : undefined });
  } catch (e) {
    res.writeHead(502).end(String(e));
    return;
  }
  const text = await upstream.text();
  try {
    const rq = JSON.parse(body), rs = JSON.parse(text);
    if (Array.isArray(rq)) {
      const byId = new Map((Array.isArray(rs) ? rs : [rs]).map(r => [JSON.stringify(r.id), r]));
      rq.forEach(r => record('http-batch', r, byId.get(JSON.stringify(r.id))));
    } else {
      record('http', rq, rs);
    }
  } catch { /* not JSON: pass through unrecorded */ }
  res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') || 'application/json' }).end(text);
});

const wss = new WebSocketServer({ server });
wss.on('connection', client => {
  const up = new WebSocket(wsTarget);
  const pending = new Map();
  const queue = [];
  up.on('open', () => { for (const m of queue.splice(0)) up.send(m); });
  client.on('message', data => {
    const text = data.toString();
    try {
      const msg = JSON.parse(text);
      for (const r of Array.isArray(msg) ? msg : [msg]) pending.set(JSON.stringify(r.id), r);
    } catch { /* pass through */ }
    if (up.readyState === WebSocket.OPEN) up.send(text); else queue.push(text);
  });
  up.on('message', data => {
    const text = data.toString();
    try {
      const msg = JSON.parse(text);
      for (const r of Array.isArray(msg) ? msg : [msg]) {
        if (r.method === 'eth_subscription') { record('ws-notification', { method: `eth_subscription` }, null); continue; }
        const rq = pending.get(JSON.stringify(r.id));
        if (rq) { pending.delete(JSON.stringify(r.id)); record('ws', rq, r); }
      }
    } catch { /* pass through */ }
    if (client.readyState === WebSocket.OPEN) client.send(text);
  });
  const closeBoth = () => { client.close(); up.close(); };
  client.on('close', closeBoth);
  up.on('close', closeBoth);
  up.on('error', closeBoth);
  client.on('error', closeBoth);
});

server.listen(Number(port), '127.0.0.1', () => console.error(`[rpc-proxy] 127.0.0.1:${port} -> ${target} (log: ${logFile})`));

function summary() {
  const rows = [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  for (const [k, v] of rows) {
    const errs = Object.entries(v.errors).map(([code, n]) => `${n}x code ${code}`).join(', ');
    console.error(`${k.padEnd(48)} ${String(v.n).padStart(6)}${errs ? '  errors: ' + errs : ''}`);
  }
  process.exit(0);
}
process.on('SIGINT', summary);
process.on('SIGTERM', summary);
