#!/usr/bin/env node
// The Oxigraph side of bench/update_bench.sh: the same bulk INSERT DATA
// requests as `kg_update_bench bulk` (bench/update_bench.cc), on an Oxigraph
// store preloaded with the same base graph (docs/benchmarks.md, "Updates").
//
//   node bench/oxigraph_update.js BASE.nt BULK.nt [--chunk N] [--window N]
//                                 [--limit N]
//
// Oxigraph is the npm package `oxigraph` (Rust compiled to WASM, an
// in-memory store) that ../shared/peers/node/install.sh installs into
// ../shared/peers/node/node_modules; PEERS_DIR overrides ../shared/peers
// (relative to this repository's root). BASE.nt is loaded with Store.load,
// untimed; then BULK.nt is sent as consecutive `INSERT DATA { ... }`
// requests of N triples (default 10000) with store.update(), each request's
// text built before its timer starts. Prints the same "key=value" lines as
// kg_update_bench bulk ("window=..." per --window triples, default 1000000,
// then "mode=bulk ..."), plus "system=..." first. Nothing is closed at the
// end and nothing is left to compact (the store is in memory), so close_s
// and drain_s are 0 and with_compaction_per_s is sustained_per_s. If a
// request fails (the WASM build has a 4 GiB address space), prints
// "failed=..." and the figures up to that request, and exits with status 3.
'use strict';
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

const peersDir = path.resolve(path.join(__dirname, '..'),
                              process.env.PEERS_DIR || '../shared/peers');
const oxigraphDir = path.join(peersDir, 'node', 'node_modules', 'oxigraph');
let oxigraph;
try {
  oxigraph = require(oxigraphDir);
} catch (e) {
  console.error(`oxigraph_update: no Oxigraph at ${oxigraphDir} ` +
                `(bash ${path.join(peersDir, 'node', 'install.sh')}): ${e.message}`);
  process.exit(1);
}
const version = require(path.join(oxigraphDir, 'package.json')).version;

function usage() {
  console.error('usage: node oxigraph_update.js BASE.nt BULK.nt [--chunk N] ' +
                '[--window N] [--limit N]');
  process.exit(2);
}
const args = process.argv.slice(2);
if (args.length < 2 || args.length % 2 !== 0) usage();
const [baseFile, bulkFile] = args;
const flags = { '--chunk': 10000, '--window': 1000000, '--limit': 0 };
for (let i = 2; i < args.length; i += 2) {
  const v = Number(args[i + 1]);
  if (!(args[i] in flags) || !Number.isInteger(v) || v <= 0) usage();
  flags[args[i]] = v;
}
const chunk = flags['--chunk'], window = flags['--window'];
const limit = flags['--limit'];

console.log(`system=oxigraph version=${version} build=npm-wasm-in-memory ` +
            `node=${process.version}`);

const store = new oxigraph.Store();
let t0 = performance.now();
store.load(fs.readFileSync(baseFile), { format: 'application/n-triples' });
const baseSize = store.size;
console.log(`preload_s=${((performance.now() - t0) / 1000).toFixed(3)} ` +
            `base_triples=${baseSize}`);

// The file stays a Buffer (a 5M-triple file is larger than V8's longest
// string); each request decodes only its own lines.
const buf = fs.readFileSync(bulkFile);
const NL = 10;
let pos = 0;
// The end offset of the next `want` triples from `pos` (blank and `#`
// lines are passed over, as kg_update_bench does), and how many it found.
function nextLines(want) {
  let n = 0, p = pos;
  while (n < want && p < buf.length) {
    let end = buf.indexOf(NL, p);
    if (end < 0) end = buf.length; else end += 1;
    let q = p;
    while (q < end && (buf[q] === 32 || buf[q] === 9 || buf[q] === 13)) ++q;
    if (q < end && buf[q] !== NL && buf[q] !== 35 /* # */) ++n;
    p = end;
  }
  return [p, n];
}

const rates = [];
let updateS = 0, maxS = 0, windowS = 0;
let triples = 0, windowTriples = 0, windows = 0;
let failed = null;
const loopStart = performance.now();
while (pos < buf.length && (limit === 0 || triples < limit)) {
  const want = limit === 0 ? chunk : Math.min(chunk, limit - triples);
  const [end, n] = nextLines(want);
  if (n === 0) break;
  const text = 'INSERT DATA {\n' + buf.toString('utf8', pos, end) + '}\n';
  pos = end;
  const t1 = performance.now();
  try {
    store.update(text);
  } catch (e) {
    failed = String(e && e.message ? e.message : e).split('\n')[0];
    break;
  }
  const s = (performance.now() - t1) / 1000;
  updateS += s;
  windowS += s;
  maxS = Math.max(maxS, s);
  triples += n;
  windowTriples += n;
  rates.push(n / s);
  if (windowTriples >= window) {
    console.log(`window=${++windows} triples=${windowTriples} ` +
                `s=${windowS.toFixed(3)} triples_per_s=${Math.round(windowTriples / windowS)}`);
    windowTriples = 0;
    windowS = 0;
  }
}
const loopS = (performance.now() - loopStart) / 1000;
if (windowTriples > 0) {
  console.log(`window=${++windows} triples=${windowTriples} ` +
              `s=${windowS.toFixed(3)} triples_per_s=${Math.round(windowTriples / windowS)}`);
}
if (failed !== null) {
  console.log(`failed="${failed.replace(/"/g, "'")}" after_triples=${triples} ` +
              `rss_mib=${Math.round(process.memoryUsage().rss / 1048576)}`);
}
if (triples === 0) {
  console.error('oxigraph_update: no request succeeded');
  process.exit(failed !== null ? 3 : 1);
}
// Outside the timing: every triple of the file was new to the store.
const added = failed === null ? store.size - baseSize : triples;
if (added !== triples) {
  console.error(`oxigraph_update: the store grew by ${added}, not ${triples}`);
  process.exit(1);
}
const q = (p) => {
  const s = [...rates].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
console.log(
    `mode=bulk triples=${triples} requests=${rates.length} ` +
    `update_s=${updateS.toFixed(3)} sustained_per_s=${Math.round(triples / updateS)} ` +
    `request_p50_per_s=${Math.round(q(0.5))} request_p10_per_s=${Math.round(q(0.1))} ` +
    `request_min_per_s=${Math.round(q(0))} request_max_s=${maxS.toFixed(3)} ` +
    `loop_s=${loopS.toFixed(3)} drain_s=0 ` +
    `with_compaction_per_s=${Math.round(triples / updateS)} close_s=0 ` +
    `with_close_per_s=${Math.round(triples / loopS)} ` +
    `peak_rss_mib=${Math.round(process.resourceUsage().maxRSS / 1024)}`);
process.exit(failed !== null ? 3 : 0);
