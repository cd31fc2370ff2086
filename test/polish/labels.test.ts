/**
 * Issue 14, words and units: NVLink-served pairs named as such, labelled path table (leaf or router
 * pairs), tpot's micro-batches and its gap to the paper, singular and plural, presets --json.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const ok = (args: string[]) => {
  const r = cli(args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

describe('analyze: pairs without a fabric path', () => {
  it('MPFT 64×8: every cross-plane pair is served through NVLink, N·(N − N/8) of them; none reported as "no fabric path"', () => {
    const N = 16384;
    const crossPlane = N * (N - N / 8); // ordered pairs whose endpoints sit in different planes
    const j = JSON.parse(ok(['analyze', 'mpft-64x8', '--json']));
    expect(j.paths.nvlinkOnlyPairs).toBe(crossPlane);
    expect(j.paths.noPathPairs).toBe(0);
    const text = ok(['analyze', 'mpft-64x8']);
    expect(text).not.toMatch(/no fabric path/);
    const row = text.split('\n').find((l) => l.startsWith('endpoint pairs served through NVLink'))!;
    expect(Number(row.trim().split(/\s{2,}/).at(-1)!.replaceAll(',', ''))).toBe(crossPlane);
    // the path table's cross-plane class: 512 leaves, each paired with the 448 leaves of other planes
    const cls = text.split('\n').find((l) => l.startsWith('cross plane (NVLink)'))!;
    expect(cls).toContain((512 * 448).toLocaleString('en-US'));
  });

  it('a single-plane fabric has no such row', () => {
    const text = ok(['analyze', 'ft2:k=8']);
    expect(text).not.toMatch(/NVLink\)|served through NVLink|no fabric path/);
  });
});

describe('analyze: the path table labels every column', () => {
  const header = (text: string) => text.split('\n').find((l) => l.startsWith('pair class'))!.trim().split(/\s{2,}/);
  it('fat-tree: leaf pairs measured, figures column; FT2 k=8 has 8 leaves, so 8 same-leaf and 8·7 other-leaf pairs', () => {
    const text = ok(['analyze', 'ft2:k=8']);
    expect(header(text)).toEqual(['pair class', 'hops', 'shortest paths', 'edge-disjoint paths', 'leaf pairs measured', 'figures']);
    const rows = Object.fromEntries(text.split('\n').filter((l) => /^(same|other) leaf/.test(l)).map((l) => [l.slice(0, 10).trim(), l.trim().split(/\s{2,}/)]));
    expect(rows['same leaf'][4]).toBe('8');
    expect(rows['other leaf'][4]).toBe('56');
    expect(text).toMatch(/^leaf pairs measured: /m);
  });

  it('Dragonfly and Slim Fly say router, never leaf', () => {
    for (const ref of ['dragonfly:a=4,h=2,p=2', 'slimfly:q=5']) {
      const text = ok(['analyze', ref]);
      const table = text.slice(text.indexOf('pair class'));
      expect(header(text)[4]).toBe('router pairs measured');
      expect(table).toMatch(/^same router/m);
      expect(table).not.toMatch(/\bleaf\b/);
      const j = JSON.parse(ok(['analyze', ref, '--json']));
      expect(j.paths.classes.map((c: any) => c.class).join(' ')).not.toContain('leaf');
    }
  });
});

describe('tpot', () => {
  const us = (s: string) => {
    const m = /([\d.,]+) (µs|ms|s)$/.exec(s.trim())!;
    return Number(m[1].replaceAll(',', '')) * { µs: 1e-6, ms: 1e-3, s: 1 }[m[2] as 'µs'];
  };
  it('per layer reads as 2 micro-batches, = 2 × comm; TPOT = 61 × per layer; the paper 14.76 ms is explained', () => {
    const text = ok(['tpot']);
    expect(text).toContain('per layer (2 micro-batches)');
    expect(text).not.toContain('2 MB');
    const row = text.split('\n').find((l) => l.startsWith('paper formula @ 50 GB/s'))!.split(/\s{2,}/);
    // the paper's formula: 3 B × 32 tokens × 9 experts × 7,000 ÷ 50 GB/s
    const comm = (3 * 32 * 9 * 7000) / 50e9;
    expect(us(row[1])).toBeCloseTo(comm, 9);
    expect(us(row[2])).toBeCloseTo(2 * comm, 9);
    expect(us(row[3])).toBeCloseTo(61 * 2 * comm, 6);
    expect(text).toContain('14.76 ms is 14.757 ms rounded');
  });

  it('the fabric row states its fabric bytes per token against the formula\'s 9 × 7,000 B', () => {
    const j = JSON.parse(ok(['tpot', 'mpft-64x8', '--workload', 'decode-ep144', '--json']));
    const d = j.fabric.phases.find((p: any) => p.name === 'ep-dispatch').fabricBytesPerToken;
    const text = ok(['tpot', 'mpft-64x8', '--workload', 'decode-ep144']);
    expect(text).toContain(`${(d / 1e3).toFixed(2)} kB per token`);
    expect(text).toContain(`${(63000 / d).toFixed(2)}× less`);
  });
});

describe('singular and plural', () => {
  it('fail says "1 spine switch down; 1 trial" and "2 trials"', () => {
    expect(ok(['fail', 'ft2:k=8', '--switches', '1', '--tier', 'spine']).split('\n')[0]).toBe('ft2:k=8: 1 spine switch down; 1 trial, seed 1, ideal routing');
    expect(ok(['fail', 'ft2:k=8', '--links', '2', '--trials', '2']).split('\n')[0]).toBe('ft2:k=8: 2 links down; 2 trials, seed 1, ideal routing');
  });
});

describe('presets --json', () => {
  it('lists the same presets as the table, groups with their members', () => {
    const j = JSON.parse(ok(['presets', '--json']));
    const text = ok(['presets']);
    const names = text.split('\n\n')[0].split('\n').slice(2).filter((l) => /^\S/.test(l)).map((l) => l.split(/\s+/)[0]);
    expect(j.presets.map((p: any) => p.name)).toEqual(names);
    const t3 = j.presets.find((p: any) => p.name === 'table3');
    expect(t3.members).toHaveLength(5);
    expect(j.families.map((f: any) => f.name)).toContain('slimfly');
  });
});

describe('units: cost per endpoint', () => {
  it('analyze prints total and per-endpoint cost in one dollar style, per endpoint = total ÷ endpoints', () => {
    const j = JSON.parse(ok(['analyze', 'ft2:k=8', '--json']));
    const text = ok(['analyze', 'ft2:k=8']);
    const per = text.split('\n').find((l) => l.startsWith('cost per endpoint'))!;
    expect(per.trim().endsWith(`$${Math.round(j.cost.totalUSD / j.counts.endpoints).toLocaleString('en-US')}`)).toBe(true);
    expect(text).not.toMatch(/\(k\$\)|\(M\$\)/);
  });
});

describe('--explain prints the defaults a workload file left out', () => {
  it('a workload with only `kind: ep, ep: 64` gets the DeepSeek-V3 figures, each named', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'explain-'));
    const file = join(dir, 'ep-only.yaml');
    writeFileSync(file, 'kind: ep\nep: 64\n');
    const r = cli(['traffic', 'ft2:k=16', '--workload', file, '--explain']);
    expect(r.code, r.stderr).toBe(0);
    const lines = Object.fromEntries(r.stderr.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim().split(' = ')));
    // DeepSeek-V3: 256 routed experts (+1 shared), top-8, at most 4 hosts per token, hidden 7,168, FP8 dispatch, BF16 combine
    expect(lines).toMatchObject({ experts: '256', sharedExperts: '1', topk: '8', maxHostsPerToken: '4', hidden: '7,168', dispatchBytes: '1', combineBytes: '2' });
    expect(lines.ep).toBeUndefined();
    expect(lines.gpus).toBe('"every endpoint of the fabric"');
    expect(r.stderr).toContain('docs/traffic.md');
    // without --explain nothing is said
    expect(cli(['traffic', 'ft2:k=16', '--workload', file]).stderr).not.toContain('defaults filled in');
  });
});

describe('every command takes --json', () => {
  it('each command listed by --help documents --json, and report --json parses with the analysis figures', () => {
    const help = ok(['--help']);
    const cmds = help.slice(help.indexOf('Commands:')).split('\n').slice(1).map((l) => /^ {2}(\w+)/.exec(l)?.[1]).filter((c): c is string => !!c && c !== 'help');
    expect(cmds.length).toBeGreaterThanOrEqual(9);
    for (const c of cmds) expect(ok([c, '--help']), c).toContain('--json');
    const out = join(mkdtempSync(join(tmpdir(), 'report-json-')), 'r.html');
    const r = cli(['report', 'ft2:k=8', '-o', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    // FT2 k=8: 8 leaves × 4 endpoints = 32 endpoints, 8 + 4 switches
    expect(j.topologies[0].analysis.counts.endpoints).toBe(32);
    expect(j.topologies[0].analysis.counts.switches).toBe(12);
  });
});

describe('every table under 120 columns', () => {
  it.each([
    [['analyze', 'ft2:k=8']],
    [['analyze', 'mpft-64x8']],
    [['compare', 'table3']],
    [['traffic', 'ft2-64', '--pattern', 'permutation', '--routing', 'ecmp-hash', '--trials', '3']],
    [['tpot', 'mpft-64x8', '--workload', 'decode-ep144']],
    [['presets']],
    [['fail', 'ft2:k=8', '--links', '2', '--trials', '2']],
  ])('%j', (args) => {
    const text = ok(args);
    const widest = Math.max(...text.split('\n').map((l) => [...l].length));
    expect(widest).toBeLessThanOrEqual(120);
  });

  it('--wide lets presets print its group descriptions on one line', () => {
    const narrow = ok(['presets']);
    const wide = ok(['--wide', 'presets']);
    const line = wide.split('\n').find((l) => l.startsWith('table3 '))!;
    expect([...line].length).toBeGreaterThan(120);
    expect(line).toContain('DF (Table 3, g=511)');
    expect(narrow.split('\n').find((l) => l.startsWith('table3 '))!).not.toContain('DF (Table 3, g=511)');
  });
});
