/**
 * Layering: cli → render → plan → analysis → traffic → topology. A module may import only from its own
 * layer or one below it (type-only imports included: a type is knowledge too). src/errors.ts is shared by
 * every layer; src/index.ts, the public API, sits above all of them.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');
const LAYERS = ['topology', 'traffic', 'analysis', 'plan', 'render', 'cli'];

export function layerOf(file: string, root = SRC): number {
  const rel = relative(root, file).split(/[\\/]/);
  if (rel.length === 1) return rel[0] === 'index.ts' ? LAYERS.length : -1; // errors.ts: below every layer
  const i = LAYERS.indexOf(rel[0]);
  if (i < 0) throw new Error(`src/${rel.join('/')}: not in a known layer (${LAYERS.join(', ')})`);
  return i;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name)).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** Every relative import specifier of a source text with its 1-based line: static, re-export and dynamic. */
export function importsOf(text: string): Array<{ spec: string; line: number }> {
  const out: Array<{ spec: string; line: number }> = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;
  for (const m of text.matchAll(re)) out.push({ spec: m[2], line: text.slice(0, m.index).split('\n').length });
  return out;
}

export function upwardImports(root: string): string[] {
  const bad: string[] = [];
  for (const file of walk(root)) {
    const from = layerOf(file, root);
    for (const { spec, line } of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (!target.startsWith(root)) continue;
      const to = layerOf(target, root);
      if (to > from) bad.push(`src/${relative(root, file)}:${line} imports ${spec} (${LAYERS[from] ?? 'src'} → ${LAYERS[to] ?? 'index'}: upward)`);
    }
  }
  return bad;
}

describe('layers', () => {
  it('the import scanner sees static, type-only, re-export and dynamic imports with their lines', () => {
    const text = [
      "import { a } from '../traffic/run.js';",
      "import type { B } from './b.js';",
      "export { c } from '../plan/plan.js';",
      'const d = await import("../render/x.js");',
      "import './side-effect.js';",
      "const s = 'from ../not-an-import.js';",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      { spec: '../traffic/run.js', line: 1 },
      { spec: './b.js', line: 2 },
      { spec: '../plan/plan.js', line: 3 },
      { spec: '../render/x.js', line: 4 },
      { spec: './side-effect.js', line: 5 },
    ]);
  });

  it('an upward import in a planted tree is reported with its file and line; downward ones are not', () => {
    const root = mkdtempSync(join(tmpdir(), 'layers-'));
    try {
      const put = (path: string, text: string) => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      };
      put('errors.ts', 'export class E {}\n');
      put('topology/a.ts', "import { E } from '../errors.js';\n\nimport type { R } from '../traffic/run.js';\n");
      put('traffic/run.ts', "import { a } from '../topology/a.js';\nexport type R = number;\n");
      put('render/r.ts', "import { p } from '../plan/p.js';\n");
      put('plan/p.ts', "export const p = await import('../cli/main.js');\n");
      put('cli/main.ts', "import { r } from '../render/r.js';\n");
      put('index.ts', "export * from './cli/main.js';\n");
      expect(upwardImports(root)).toEqual([
        'src/plan/p.ts:1 imports ../cli/main.js (plan → cli: upward)',
        'src/topology/a.ts:3 imports ../traffic/run.js (topology → traffic: upward)',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('no module in src/ imports from a layer above it', () => {
    expect(upwardImports(SRC)).toEqual([]);
  });
});
