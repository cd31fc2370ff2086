#!/usr/bin/env node
// `node scripts/survivors.mjs <module> ...`: the surviving and uncovered mutants of reports/mutation/<module>.json,
// one line each (file:line:column, mutator, replacement, the source line), to classify in docs/testing.md.
import { readFileSync } from 'node:fs';

for (const name of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(`reports/mutation/${name}.json`, 'utf8'));
  for (const [path, f] of Object.entries(report.files)) {
    const lines = f.source.split('\n');
    const left = f.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
    console.log(`# ${name}: ${path}, ${left.length} left of ${f.mutants.length}`);
    for (const m of left) {
      const { line, column } = m.location.start;
      const tag = m.status === 'NoCoverage' ? ' (no coverage)' : '';
      console.log(`${path}:${line}:${column} ${m.mutatorName}${tag} → ${JSON.stringify(m.replacement ?? '').slice(0, 80)} | ${lines[line - 1].trim().slice(0, 110)}`);
    }
  }
}
