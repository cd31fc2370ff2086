#!/usr/bin/env node
// Benchmarks: runs each case (a topoplan command line) as a user would, from a cold Node start,
// and records wall time and peak RSS. Cases live in bench/cases/*.mjs, each exporting `cases`:
//   [{ name, args: ['analyze', 'mpft-64x8'], target?: 'under 1 s', repeat?: 3, optional?: () => bool }]
// Usage: npm run bench [-- --filter substring] [-- --markdown]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const argv = process.argv.slice(2);
const filter = argv.includes('--filter') ? argv[argv.indexOf('--filter') + 1] : '';
// the bundled bin, as installed; it raises its own heap when a fabric needs it
const cli = join(root, 'dist/cli/main.mjs');
if (!existsSync(cli)) {
  console.error('bench: build first (npm run build)');
  process.exit(2);
}
const tmp = join(os.tmpdir(), `topoplan-bench-${process.pid}`);
mkdirSync(tmp, { recursive: true });

const cases = [];
for (const f of readdirSync(join(here, 'cases')).filter((f) => f.endsWith('.mjs')).sort()) {
  const mod = await import(pathToFileURL(join(here, 'cases', f)).href);
  for (const c of mod.cases) cases.push({ file: f, ...c });
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const rows = [];
for (const c of cases) {
  if (filter && !c.name.includes(filter)) continue;
  if (c.optional && !c.optional()) {
    rows.push({ name: c.name, skipped: true });
    continue;
  }
  const runs = [];
  for (let i = 0; i < (c.repeat ?? 1); i++) {
    const rssFile = join(tmp, `rss-${rows.length}-${i}`);
    rmSync(rssFile, { force: true });
    const cmd = c.command ?? [process.execPath, '--import', pathToFileURL(join(here, 'rss-hook.mjs')).href, cli, ...c.args.map((a) => a.replaceAll('$TMP', tmp))];
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd[0], cmd.slice(1), {
      cwd: root,
      env: { ...process.env, TOPOPLAN_BENCH_RSS: rssFile },
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) {
      console.error(`bench ${c.name}: exit ${r.status}\n${r.stderr}`);
      process.exitCode = 1;
    }
    const rss = existsSync(rssFile) ? Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024 : NaN;
    runs.push({ wall, rss });
  }
  const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
  const row = { name: c.name, command: c.display ?? `topoplan ${c.args.join(' ')}`, size: c.size ?? '', wallSeconds: +best.wall.toFixed(2), peakRssMB: Number.isFinite(best.rss) ? Math.round(best.rss) : '–', target: c.target ?? '', runs: runs.length };
  rows.push(row);
  console.error(`${row.name}: ${row.wallSeconds} s, ${row.peakRssMB} MB${row.target ? ` (target ${row.target})` : ''}`);
}

const table = [
  `Machine: ${machine}. Wall time is the best of the runs, from a cold \`node\` start; peak RSS is the process's maxRSS.`,
  '',
  '| benchmark | command | size | wall (s) | peak RSS (MB) | target |',
  '|---|---|---|---:|---:|---|',
  ...rows.filter((r) => !r.skipped).map((r) => `| ${r.name} | \`${r.command}\` | ${r.size} | ${r.wallSeconds} | ${r.peakRssMB} | ${r.target} |`),
  ...rows.filter((r) => r.skipped).map((r) => `| ${r.name} | (skipped: prerequisite missing) | | | | |`),
].join('\n');
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.md'), table + '\n');
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify({ machine, rows }, null, 2) + '\n');
console.log(table);
rmSync(tmp, { recursive: true, force: true });
