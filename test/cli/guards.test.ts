/**
 * The memory and work guards at their boundary: the largest fabric of one family that the memory guard
 * accepts runs to completion (no abort), and the next size is refused with the estimate; the work
 * estimate follows the documented model (docs/performance.md, "Work guard").
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { estimateWork, BUILD_RATE, VISIT_RATE, FAIL_FACTOR, SAMPLE_RATE } from '../../src/traffic/work.js';

/** docs/performance.md: model bytes = 120 MB + 700 B per node + 800 B per edge */
function ft2Bytes(k: number, gpusPerHost = 8): number {
  const endpoints = (k * k) / 2; // k leaves × k/2 ports down
  const switches = k + k / 2; // k leaves, k/2 spines
  const hosts = Math.ceil(endpoints / gpusPerHost);
  const links = (k * k) / 2; // every leaf's k/2 up ports
  return 120e6 + (endpoints + switches + hosts) * 700 + (2 * endpoints + links) * 800;
}

describe('the memory guard at its boundary', () => {
  it('the largest ft2 accepted under --max-memory 0.15 runs to completion; the next is refused', () => {
    const limit = 0.15 * 2 ** 30;
    let k = 4;
    while (k + 2 <= 1024 && ft2Bytes(k + 2) <= limit) k += 2;
    expect(k).toBeGreaterThan(100); // the boundary is a real fabric, not the smallest one
    const ok = cli(['analyze', `ft2:k=${k}`, '--max-memory', '0.15', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).counts.endpoints).toBe((k * k) / 2);
    const over = cli(['analyze', `ft2:k=${k + 2}`, '--max-memory', '0.15']);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(new RegExp(`ft2:k=${k + 2}: the model needs about ${(ft2Bytes(k + 2) / 2 ** 30).toFixed(1)} GiB, over the 0\\.15 GiB limit; raise it with --max-memory`));
  }, 180_000);
});

describe('the work estimate', () => {
  // ft3:k=64 by hand: 65,536 endpoints, 8,192 hosts, 5,120 switches (2,048 leaves), 131,072 links
  const ft3k64 = { endpoints: 65536, hosts: 8192, switches: 5120, switchesByTier: { tier1: 2048, tier2: 2048, tier3: 1024 }, links: 131072, endpointLinks: 65536 };
  const elements = 65536 * 3 + 5120 + 8192 + 131072;
  const passVisits = 5120 + 2 * (131072 + 65536);

  it('build only: elements / BUILD_RATE', () => {
    expect(estimateWork({ counts: ft3k64 }).seconds).toBeCloseTo(elements / BUILD_RATE, 9);
  });

  it('uniform traffic folds to √leaves passes; --no-symmetry routes every leaf', () => {
    const folded = estimateWork({ counts: ft3k64, workload: 'uniform' }).seconds - elements / BUILD_RATE;
    expect(folded).toBeCloseTo((Math.ceil(Math.sqrt(2048)) * passVisits) / VISIT_RATE, 9);
    const every = estimateWork({ counts: ft3k64, workload: 'uniform', symmetry: false }).seconds - elements / BUILD_RATE;
    expect(every).toBeCloseTo((2048 * passVisits) / VISIT_RATE, 9);
  });

  it('failure trials: (trials + 1) runs of every-leaf routing × FAIL_FACTOR', () => {
    const s = estimateWork({ counts: ft3k64, failTrials: 9 }).seconds - elements / BUILD_RATE;
    expect(s).toBeCloseTo((10 * 2048 * passVisits * FAIL_FACTOR) / VISIT_RATE, 6);
  });

  it('sampled gating: gpus × drawn tokens × (experts + ep), plus the ep² count matrix per group', () => {
    const small = { endpoints: 32, hosts: 4, switches: 12, switchesByTier: { tier1: 8, tier2: 4 }, links: 32, endpointLinks: 32 };
    const w = { kind: 'ep', ep: 32, experts: 256, sharedExperts: 1, topk: 8, maxHostsPerToken: 4, tokensPerGpu: 1e6, hidden: 7168, dispatchBytes: 1, combineBytes: 2, expertPlacement: 'contiguous', gating: 'sampled', skew: 0, sampleTokensPerGpu: 1e6, forwarding: 'nvlink' } as const;
    const e = estimateWork({ counts: small, workload: w as never });
    const draws = 32 * 1e6 * (256 + 32) + 1 * 32 * 32;
    expect(e.detail).toBe('9.2e9 gating draws');
    expect(e.seconds).toBeGreaterThan(draws / SAMPLE_RATE);
    expect(e.seconds).toBeLessThan(draws / SAMPLE_RATE + 1);
  });
});
