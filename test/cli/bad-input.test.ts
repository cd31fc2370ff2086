import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'topoplan-bad-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** Each bad input: exit 2, one line on stderr naming the field/value and what is allowed, no stack trace. */
const cases: Array<[string, string[], RegExp]> = [
  ['odd radix', ['analyze', 'ft2:k=63'], /ft2\.k = 63: .*even/],
  ['non-integer radix', ['analyze', 'ft3:k=6.5'], /ft3\.k = 6\.5: must be an integer/],
  ['too small radix', ['analyze', 'ft2:k=2'], /ft2\.k = 2: must be >= 4/],
  ['zero', ['analyze', 'mpft:k=8,endpoints=0'], /mpft\.endpoints = 0: must be >= 1/],
  ['negative', ['analyze', 'ft2:k=8,nicGbps=-400'], /ft2\.nicGbps = -400: must be >/],
  ['NaN', ['analyze', 'ft2:k=NaN'], /ft2\.k = NaN: must be a number/],
  ['unknown family', ['analyze', 'torus:k=4'], /"torus:k=4": not a preset, file or family; .*families: ft2, ft3/],
  ['unknown key', ['analyze', 'ft2:k=8,bogus=3'], /ft2\.bogus = 3: unknown key; allowed keys: k, /],
  ['spines below the port minimum', ['analyze', 'ft2:k=8,spines=3'], /ft2\.spines = 3: at least 4: 8 leaves × 4 uplinks need 32 spine ports of radix 8/],
  ['too many endpoints', ['analyze', 'ft2:k=8,endpoints=33'], /ft2\.endpoints = 33: at most 32 endpoints/],
  ['too many endpoints ft3', ['analyze', 'ft3:k=8,endpoints=129'], /ft3\.endpoints = 129: at most 128/],
  ['planes not dividing GPUs', ['analyze', 'mpft:k=8,planes=3'], /mpft\.planes = 3: must divide gpusPerHost/],
  ['partial host', ['analyze', 'mrft:k=16,suHosts=8,endpoints=12'], /mrft\.endpoints = 12: must be a multiple of gpusPerHost/],
  ['malformed inline', ['analyze', 'ft2:k'], /expected key=value/],
  ['missing file', ['analyze', join(dir, 'nope.yaml')], /nope\.yaml": not found/],
  ['malformed YAML', ['analyze', file('bad.yaml', 'family: [ft2\nk: 4\n')], /malformed YAML/],
  ['malformed JSON', ['analyze', file('bad.json', '{"family": "ft2",')], /malformed JSON/],
  ['spec not a mapping', ['analyze', file('list.yaml', '- 1\n- 2\n')], /must be a mapping/],
  ['bad value in file', ['analyze', file('v.yaml', 'family: ft3\nk: seven\n')], /ft3\.k = "seven": must be a number/],
  ['unknown option', ['analyze', 'ft2-64', '--frobnicate'], /unknown option/],
  ['bad seed', ['analyze', 'ft2-64', '--seed', 'x'], /--seed = "x": must be an integer/],
  ['bad format', ['generate', 'ft2-64', '--format', 'xml'], /--format = "xml": allowed: json, graphml/],
  ['unknown command', ['frobnicate'], /unknown command/],
  ['too large for memory', ['analyze', 'ft3:k=512'], /needs about [\d.]+ GiB, over the 8 GiB limit; raise it with --max-memory/],
];

describe('bad input exits 2 with one line (in-process, through the bin\'s own run())', () => {
  it.each(cases)('%s', async (_name, args, pattern) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^topoplan: /);
    expect(lines[0]).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
  });

  it('the memory limit can be raised by a flag (refusal depends on the limit, not the fabric)', async () => {
    const low = await runCli(['analyze', 'ft2:k=8', '--max-memory', '0.1']);
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(/over the 0\.1 GiB limit/);
    expect((await runCli(['analyze', 'ft2:k=8', '--max-memory', '1'])).code).toBe(0);
  });

  it('--help works on every command and shows examples', async () => {
    for (const cmd of ['analyze', 'generate']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples:/);
    }
  });
});

describe('the real bin (a subprocess) keeps the exit codes', () => {
  it('exits 2 with one line on bad input, 0 on good input', () => {
    const bad = cli(['analyze', 'ft2:k=63']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^topoplan: ft2\.k = 63: .*even[^\n]*\n$/);
    const good = cli(['analyze', 'ft2:k=8', '--json']);
    expect(good.code).toBe(0);
    // ft2:k=8: k = 8 leaves + k/2 = 4 spines; k²/2 = 32 endpoints; k·k/2 = 32 leaf-spine links.
    const counts = JSON.parse(good.stdout).counts;
    expect([counts.endpoints, counts.switches, counts.links]).toEqual([8 * 8 / 2, 8 + 8 / 2, 8 * (8 / 2)]);
  });
});
