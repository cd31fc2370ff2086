/**
 * Random topology spec strings through the CLI's own entry point (in-process): every one ends with exit 0
 * or with exit 2 and one `topoplan: ` line; never an internal error or a stack trace.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runCli } from '../helpers/cli.js';

const FAMILIES = ['ft2', 'ft3', 'mpft', 'mrft', 'railonly', 'dragonfly', 'slimfly', 'torus', 'FT2', ''];
const KEYS = ['k', 'endpoints', 'oversubscription', 'planes', 'gpusPerHost', 'nicGbps', 'nvlinkGbps', 'suHosts', 'sus', 'a', 'h', 'p', 'g', 'q', 'arrangement', 'name', '__proto__', 'constructor', 'x'];
const VALUES = fc.oneof(
  fc.integer({ min: -3, max: 20 }).map(String),
  fc.constantFrom('0', '1', '2', '4', '8', '16', '1e3', '1e309', '-0', '0x10', '6.5', 'NaN', 'Infinity', '', ' ', 'palm-tree', 'consecutive', '"8"', '[1]', '{}', '%00', '8,'),
  fc.string({ maxLength: 6 }),
);
const pair = fc.tuple(fc.constantFrom(...KEYS), VALUES).map(([k, v]) => `${k}=${v}`);
// mostly a small radix first, so that valid specs build in milliseconds; the default radix (64) stays possible
const radix = fc.option(fc.constantFrom(4, 6, 8, 10, 12, 16).map((k) => `k=${k}`), { freq: 4 });
const grammar = fc
  .tuple(fc.constantFrom(...FAMILIES), radix, fc.array(pair, { maxLength: 4 }))
  .map(([f, k, ps]) => `${f}:${[...(k ? [k] : []), ...ps].join(',')}`);
const SPECS = fc.oneof({ weight: 4, arbitrary: grammar }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });

describe('random spec strings never produce a stack trace', () => {
  it('generate <random spec>: exit 0 with a graph, or exit 2 with one line', async () => {
    const codes = { 0: 0, 2: 0 } as Record<number, number>;
    await fc.assert(
      fc.asyncProperty(SPECS, async (spec) => {
        fc.pre(!spec.startsWith('-')); // an option, not a spec
        // a small memory limit refuses large fabrics up front (exit 2), which keeps the run short
        const r = await runCli(['generate', spec, '--max-memory', '0.25']);
        codes[r.code] = (codes[r.code] ?? 0) + 1;
        expect([0, 2], `${JSON.stringify(spec)}: ${r.stderr}`).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
        if (r.code === 2) {
          expect(r.stderr.trim().split('\n'), JSON.stringify(spec)).toHaveLength(1);
          expect(r.stderr).toMatch(/^topoplan: /);
          expect(r.stdout).toBe('');
        } else expect(JSON.parse(r.stdout).nodes.length).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 80, seed: 42 },
    );
    // the generator reaches both outcomes, so the property checks both branches
    expect(codes[0]).toBeGreaterThanOrEqual(5);
    expect(codes[2]).toBeGreaterThanOrEqual(25);
  });
});
