#!/usr/bin/env node
// taochain: a native-`solc`-compatible front end for solc-js (the npm `solc` package).
//
// Installed as .tools/bin/solc by scripts/setup-tools.sh; it loads the compiler from
// .tools/node_modules/solc (resolved relative to this file's real location).
//
// Native solc is not available here (only package registries are reachable), and the npm CLI
// `solcjs` is not a drop-in replacement: Foundry (foundry-compilers) and other tools probe
// `solc --version` and then drive `solc --standard-json`. This wrapper implements exactly those
// entry points:
//
//   solc --version | -v
//       prints "solc, the solidity compiler commandline interface" and "Version: <x.y.z+commit...>"
//   solc [--base-path P] [--include-path P]... [--allow-paths L] [--no-import-callback]
//        [--pretty-json] [--json-indent N] --standard-json [FILE | -]
//       Standard-JSON input from FILE or stdin, Standard-JSON output on stdout.
//
// Source units that are not inlined in the input are loaded through an import callback that
// resolves them like native solc: an absolute path as is, otherwise relative to --base-path (or
// the working directory when no base path is given), then each --include-path in order.
// --allow-paths is accepted for compatibility; there is no filesystem sandbox.
// Everything else (legacy flags such as --bin, --abi, --optimize) is rejected with exit code 1:
// use --standard-json.
'use strict';

const fs = require('fs');
const path = require('path');

const USAGE = `usage: solc --version
       solc [--base-path P] [--include-path P]... [--allow-paths L] [--no-import-callback]
            [--pretty-json] [--json-indent N] --standard-json [FILE|-]
(taochain wrapper around solc-js; legacy CLI flags are not supported, use --standard-json)
`;

function fail(message) {
  process.stderr.write(`solc (taochain solc-js wrapper): ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { mode: null, basePath: null, includePaths: [], importCallback: true, indent: 0, input: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : null;
    const value = () => {
      if (inline !== null) return inline;
      if (i + 1 >= argv.length) fail(`option ${name} needs a value`);
      return argv[++i];
    };
    switch (name) {
      case '--version': case '-v': opts.mode = opts.mode || 'version'; break;
      case '--help': case '-h': opts.mode = 'help'; break;
      case '--standard-json': opts.mode = opts.mode === 'version' ? 'version' : 'standard-json'; break;
      case '--base-path': opts.basePath = value(); break;
      case '--include-path': opts.includePaths.push(value()); break;
      case '--allow-paths': value(); break; // accepted; no sandbox
      case '--no-import-callback': opts.importCallback = false; break;
      case '--pretty-json': opts.indent = opts.indent || 2; break;
      case '--json-indent': opts.indent = Number(value()) || 0; break;
      case '--color': case '--no-color': break;
      case '-': opts.input = '-'; break;
      default:
        if (arg.startsWith('-')) fail(`unsupported option ${arg}\n${USAGE}`);
        if (opts.input !== null) fail(`more than one input file given (${opts.input}, ${arg})`);
        opts.input = arg;
    }
  }
  return opts;
}

function loadSolc() {
  const dir = path.join(path.dirname(fs.realpathSync(__filename)), '..', 'node_modules', 'solc');
  let solc;
  try {
    solc = require(dir);
  } catch (e) {
    fail(`cannot load solc-js from ${dir}: ${e.message} (run scripts/setup-tools.sh)`);
  }
  // The emscripten runtime inside soljson.js installs process-wide handlers that swallow or
  // rethrow errors in its own way; restore node's default behaviour.
  process.removeAllListeners('uncaughtException');
  process.removeAllListeners('unhandledRejection');
  return solc;
}

function makeImportCallback(opts) {
  const roots = [opts.basePath || process.cwd(), ...opts.includePaths].map(p => path.resolve(p));
  return sourceUnit => {
    const candidates = path.isAbsolute(sourceUnit) ? [sourceUnit] : roots.map(r => path.join(r, sourceUnit));
    for (const file of candidates) {
      try {
        if (fs.statSync(file).isFile()) return { contents: fs.readFileSync(file, 'utf8') };
      } catch (_) { /* try the next root */ }
    }
    return { error: `Source "${sourceUnit}" not found (looked in: ${candidates.join(', ')})` };
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.mode === 'help') { process.stdout.write(USAGE); return; }
  if (opts.mode === null) fail(`nothing to do\n${USAGE}`);
  const solc = loadSolc();
  if (opts.mode === 'version') {
    process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
    return;
  }
  const input = opts.input === null || opts.input === '-'
    ? fs.readFileSync(0, 'utf8')
    : fs.readFileSync(opts.input, 'utf8');
  const callbacks = opts.importCallback ? { import: makeImportCallback(opts) } : {};
  let output = solc.compile(input, callbacks);
  if (opts.indent > 0) output = JSON.stringify(JSON.parse(output), null, opts.indent);
  process.stdout.write(output + '\n');
}

main();
