/**
 * Issue 14, "one definition per figure" for traffic: bandwidth per GPU = fabric bytes per job GPU ÷ phase
 * time (docs/schema.md glossary), recomputed here from the JSON's bytes and times; the binding link heads
 * the hot-link table; the terminal prints the same figures with units.
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const hashArgs = ['traffic', 'ft2-64', '--pattern', 'permutation', '--routing', 'ecmp-hash', '--trials', '10', '--seed', '7'];

function json(args: string[]) {
  const r = cli([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('bandwidth per GPU is fabric bytes ÷ job GPUs ÷ phase time', () => {
  it.each([
    ['permutation under ecmp-hash', hashArgs],
    ['EP64 under ecmp-hash', ['traffic', 'ft2-64', '--workload', 'ep64', '--routing', 'ecmp-hash', '--seed', '3']],
    ['EP64 ideal', ['traffic', 'ft2-64', '--workload', 'ep64']],
  ])('%s: every phase and the total', (_n, args) => {
    const j = json(args);
    // FT2 k=64 holds 64·32 = 2048 GPUs, all in the job
    expect(j.gpus).toBe(2048);
    for (const p of j.phases) expect(p.congestion.effectiveGBpsPerGpu).toBeCloseTo(p.demand.fabricBytes / 2048 / p.congestion.timeSeconds / 1e9, 9);
    const bytes = j.phases.reduce((a: number, p: any) => a + p.demand.fabricBytes, 0);
    const time = j.phases.reduce((a: number, p: any) => a + p.congestion.timeSeconds, 0);
    expect(j.congestion.effectiveGBpsPerGpu).toBeCloseTo(bytes / 2048 / time / 1e9, 9);
    // the terminal row prints the same figure with its unit
    const text = cli(args).stdout;
    for (const p of j.phases) {
      const row = text.split('\n').find((l) => l.startsWith(p.name + ' '))!;
      const shown = Number(/([\d.,]+) GB\/s/.exec(row)![1].replaceAll(',', ''));
      expect(shown).toBeCloseTo(p.demand.fabricBytes / 2048 / p.congestion.timeSeconds / 1e9, 2);
    }
  });

  it('permutation on FT2 under ecmp-hash: 1 MiB to one partner per GPU, so 1,048,576 B ÷ the time, minus NVLink-served pairs', () => {
    const j = json(hashArgs);
    const p = j.phases[0];
    // every GPU sends 2^20 B to one partner; those in the same host go over NVLink
    expect(p.demand.fabricBytes + p.demand.nvlinkBytes).toBe(2048 * 2 ** 20);
    expect(p.congestion.effectiveGBpsPerGpu).toBeCloseTo(p.demand.fabricBytes / 2048 / p.congestion.timeSeconds / 1e9, 9);
    // the run: 2.14 GB over 123.73 µs is about 8.45 GB/s, never the 20 of the pre-hash time
    expect(p.congestion.effectiveGBpsPerGpu).toBeGreaterThan(8.3);
    expect(p.congestion.effectiveGBpsPerGpu).toBeLessThan(8.6);
  });
});

describe('binding link and hot links come from one statistic', () => {
  it('ecmp-hash: the binding link is the first hot link; utilisation = busy time ÷ phase time; the table names its statistic', () => {
    const j = json(hashArgs);
    const p = j.phases[0];
    const b = p.congestion.bottleneck;
    const top = p.congestion.hotLinks[0];
    expect([b.source, b.target, b.bytesPerLane]).toEqual([top.source, top.target, top.bytesPerLane]);
    for (const l of p.congestion.hotLinks) {
      // 400 Gb/s lanes: busy seconds = bytes per lane / 50e9 B/s
      expect(l.seconds).toBeCloseTo(l.bytesPerLane / ((l.gbps * 1e9) / 8), 15);
      expect(l.utilization).toBeCloseTo(l.seconds / p.congestion.timeSeconds, 12);
      expect(l.utilization).toBeLessThanOrEqual(1 + 1e-12);
    }
    const secs = p.congestion.hotLinks.map((l: any) => l.seconds);
    expect(secs).toEqual([...secs].sort((a, b) => b - a));
    // phase time = mean over trials of each trial's busiest lane (bytes ÷ 50 GB/s per 400G lane)
    expect(p.congestion.timeSeconds).toBeCloseTo(p.routing.hash.maxSwitchLinkBytesMean / 50e9, 15);
    const text = cli(hashArgs).stdout;
    expect(text).toContain("ranked by each link's busiest lane, mean of 10 trials");
    const bindingRow = text.split('\n').find((l) => l.startsWith('permutation '))!;
    const firstHot = text.split('\n')[text.split('\n').findIndex((l) => l.startsWith('hot link ')) + 2];
    expect(bindingRow).toContain(`${b.source}→${b.target}`);
    expect(firstHot.startsWith(`${b.source}→${b.target} `)).toBe(true);
  });

  it('ideal routing: the binding link is the busiest link, at 100% of the phase time', () => {
    const j = json(['traffic', 'ft2-64', '--pattern', 'uniform', '--bytes', '1000000']);
    const p = j.phases[0];
    expect(p.congestion.bottleneck.utilization).toBeCloseTo(1, 12);
    expect(p.congestion.hotLinks[0].seconds).toBeCloseTo(p.congestion.timeSeconds, 15);
  });
});

describe('units on every value', () => {
  it('zero bytes read "0 B", every byte figure carries a unit, "1 trial" is singular', () => {
    const text = cli(['traffic', 'ft2-64', '--pattern', 'permutation', '--routing', 'ecmp-hash', '--trials', '1']).stdout;
    const row = text.split('\n').find((l) => l.startsWith('permutation '))!;
    const cells = row.trim().split(/\s{2,}/);
    // phase, fabric, NVLink, time, binding link, bandwidth, unreachable
    expect(cells[1]).toMatch(/^[\d.,]+ [kMGT]?B$/);
    expect(cells[2]).toMatch(/^[\d.,]+ [kMGT]?B$/);
    expect(cells[3]).toMatch(/^[\d.,]+ (µs|ms|s)$/);
    expect(cells[5]).toMatch(/^[\d.,]+ GB\/s$/);
    expect(cells[6]).toBe('0 B');
    expect(text).toContain('1 hash trial;');
    // the pattern's name carries its bytes with separators
    expect(text.split('\n')[0]).toContain('permutation (1,048,576 B per pair)');
    expect(text).not.toMatch(/\b1 trials\b/);
  });
});
