#!/usr/bin/env node
// `npm run mutate [module ...]`: StrykerJS over the core modules, one module at a time (a full run on 2 cores
// takes long; run the module you touched). Each module names the source files mutated and the test files
// that import them from src/ (tests that only reach dist/ through the CLI cannot see mutants). Writes
// reports/mutation/<module>.json and prints the score table that docs/testing.md records.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const modules = {
  families: {
    mutate: ['src/topology/families/clos.ts', 'src/topology/families/clos-cut.ts', 'src/topology/families/ft2.ts', 'src/topology/families/ft3.ts', 'src/topology/families/mpft.ts', 'src/topology/families/mrft.ts', 'src/topology/families/railonly.ts'],
    tests: ['test/topology/families-model.test.ts', 'test/topology/families.test.ts', 'test/topology/properties.test.ts'],
  },
  dragonfly: { mutate: ['src/topology/families/dragonfly.ts'], tests: ['test/topology/dragonfly-model.test.ts', 'test/topology/dragonfly.test.ts', 'test/topology/properties.test.ts'] },
  slimfly: { mutate: ['src/topology/families/slimfly.ts', 'src/topology/gf.ts'], tests: ['test/topology/slimfly-model.test.ts', 'test/topology/slimfly.test.ts', 'test/topology/properties.test.ts', 'test/plan/slimfly-cap.test.ts'] },
  bisection: { mutate: ['src/topology/bisection.ts', 'src/topology/maxflow.ts'], tests: ['test/topology/bisection-core.test.ts'] },
  'route-ideal': { mutate: ['src/traffic/route-ideal.ts'], tests: ['test/traffic/route-ideal.test.ts', 'test/traffic/tree-cache.test.ts', 'test/traffic/lanes.test.ts', 'test/traffic/conservation.test.ts'] },
  routers: { mutate: ['src/traffic/route-valiant.ts', 'src/traffic/route-ugal.ts', 'src/traffic/route-dragonfly.ts'], tests: ['test/traffic/routers-model.test.ts', 'test/traffic/ugal.test.ts'] },
  'route-hash': { mutate: ['src/traffic/route-hash.ts'], tests: ['test/traffic/route-hash.test.ts', 'test/traffic/lanes.test.ts', 'test/traffic/conservation.test.ts'] },
  forward: { mutate: ['src/traffic/forward.ts'], tests: ['test/traffic/forward.test.ts', 'test/traffic/failures.test.ts', 'test/traffic/conservation.test.ts'] },
  counts: { mutate: ['src/topology/counts.ts'], tests: ['test/topology/counts-core.test.ts', 'test/topology/counts-csr.test.ts', 'test/topology/families.test.ts'] },
  'engine-bfs': { mutate: ['src/topology/csr.ts', 'src/traffic/symmetry.ts'], tests: ['test/topology/csr-core.test.ts', 'test/traffic/symmetry-core.test.ts', 'test/topology/engine-graph.test.ts', 'test/traffic/tree-cache.test.ts', 'test/traffic/route-ideal.test.ts', 'test/topology/paths.test.ts'] },
  cost: { mutate: ['src/topology/cost.ts'], tests: ['test/topology/cost.test.ts'] },
  escape: { mutate: ['src/render/report/encode.ts'], tests: ['test/render/escape.test.ts'] },
};

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(modules);
const rows = [];
let failed = false;
for (const name of names) {
  const m = modules[name];
  if (!m) {
    console.error(`mutate: unknown module ${JSON.stringify(name)}; modules: ${Object.keys(modules).join(', ')}`);
    process.exit(2);
  }
  const mutate = m.mutate.filter((f) => existsSync(f));
  const tests = m.tests.filter((f) => existsSync(f));
  const t0 = Date.now();
  // TOPOPLAN_MUTATE_FORCE=1: every mutant anew (--force), not the incremental file's earlier verdicts
  const force = process.env.TOPOPLAN_MUTATE_FORCE === '1' ? ['--force'] : [];
  const r = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...force], {
    stdio: 'inherit',
    env: { ...process.env, TOPOPLAN_MUTATE_NAME: name, TOPOPLAN_MUTATE_FILES: mutate.join(','), TOPOPLAN_MUTATE_TESTS: tests.join(','), TOPOPLAN_SKIP_BUILD: '1' },
  });
  const seconds = (Date.now() - t0) / 1000;
  if (r.status !== 0) failed = true;
  const file = `reports/mutation/${name}.json`;
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const [path, f] of Object.entries(report.files)) {
    const count = (s) => f.mutants.filter((x) => x.status === s).length;
    const killed = count('Killed') + count('Timeout');
    const survived = count('Survived');
    const noCov = count('NoCoverage');
    const errors = count('RuntimeError') + count('CompileError');
    const valid = killed + survived + noCov;
    rows.push({ module: name, file: path, killed, survived, noCoverage: noCov, errors, score: valid ? (100 * killed) / valid : 100, seconds });
  }
}
console.log('\nmodule      file                                           killed  survived  no cov  errors   score   run time');
for (const r of rows)
  console.log(`${r.module.padEnd(11)} ${r.file.padEnd(46)} ${String(r.killed).padStart(6)}  ${String(r.survived).padStart(8)}  ${String(r.noCoverage).padStart(6)}  ${String(r.errors).padStart(6)}  ${r.score.toFixed(1).padStart(5)}%  ${r.seconds.toFixed(0).padStart(6)} s`);
process.exit(failed ? 1 : 0);
