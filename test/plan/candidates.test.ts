import { describe, expect, it } from 'vitest';
import { enumerateCandidates, isPrimePower, slimFlyShape, type PlanRequest } from '../../src/plan/candidates.js';
import { closedCounts } from '../../src/topology/build.js';

const req = (gpus: number, over: Partial<PlanRequest> = {}): PlanRequest => ({ gpus, gpusPerHost: 8, nicGbps: 400, radix: 64, maxOversubscription: 1, ...over });
const byDesign = (gpus: number, prefix: string) => enumerateCandidates(req(gpus)).candidates.find((c) => c.design.startsWith(prefix))!;

describe('plan candidates', () => {
  it('N = 2,048: FT2, MPFT and MRFT each need 96 switches', () => {
    for (const d of ['FT2', 'MPFT', 'MRFT']) expect(closedCounts(byDesign(2048, d).spec).switches).toBe(96);
  });

  it('N = 16,384 at radix 64: FT2 excluded with its reason; MPFT 768 switches; 3-tier MRFT = SuperPOD 64 SUs', () => {
    const set = enumerateCandidates(req(16384));
    expect(set.excluded.find((e) => e.design === 'FT2')?.reason).toBe('FT2 holds at most 2,048 endpoints at radix 64');
    expect(closedCounts(byDesign(16384, 'MPFT').spec).switches).toBe(768);
    const mrft = byDesign(16384, 'MRFT (3-tier)');
    expect(closedCounts(mrft.spec).switchesByTier).toEqual({ tier1: 512, tier2: 512, tier3: 256 });
  });

  it('every sized design holds at least N GPUs, within its stated capacity (property over N)', () => {
    // Every N here is within reach of some family at radix 64 (Dragonfly reaches 262,656, rail-only 524,288),
    // so enumeration must succeed for each: no error is swallowed, and the checks below must all run.
    let checked = 0;
    let sizes = 0;
    for (let N = 8; N <= 300_000; N = Math.ceil((N * 1.37) / 8) * 8) {
      const set = enumerateCandidates(req(N));
      expect(set.candidates.length, `N=${N}`).toBeGreaterThanOrEqual(1);
      sizes++;
      for (const c of set.candidates) {
        checked++;
        const counts = closedCounts(c.spec);
        expect(counts.endpoints, `${c.design} at N=${N}`).toBeGreaterThanOrEqual(N);
        expect(c.capacity).toBeGreaterThanOrEqual(counts.endpoints);
        expect(c.headroom).toBe(c.capacity - N);
      }
    }
    // N = 8, then ⌈1.37·N/8⌉·8 up to 300,000: 31 sizes; every size has at least one design
    expect(sizes).toBe(31);
    expect(checked).toBeGreaterThanOrEqual(sizes);
  });

  it('switch count is non-decreasing in N for each design (fewest switches never shrinks as N grows)', () => {
    const last = new Map<string, number>();
    for (let N = 8; N <= 70_000; N += 8 * 97) {
      for (const c of enumerateCandidates(req(N)).candidates) {
        const fam = c.design.replace(/ \(.*\)$/, '');
        const s = closedCounts(c.spec).switches;
        expect(s, `${c.design} at N=${N}`).toBeGreaterThanOrEqual(last.get(fam) ?? 0);
        last.set(fam, s);
      }
    }
    // the sweep sizes every design family, each more than once, so none is compared with nothing
    expect([...last.keys()].sort()).toEqual(['Dragonfly', 'FT2', 'FT3', 'MPFT', 'MRFT', 'Rail-only', 'Slim Fly']);
  });

  it('bad requests are usage errors naming the largest possible N', () => {
    expect(() => enumerateCandidates(req(1001))).toThrow(/multiple of --gpus-per-host \(8\)/);
    expect(() => enumerateCandidates(req(8 * 10 ** 7))).toThrow(/largest possible is [\d,]+/);
  });

  it('Slim Fly shapes: prime powers only, k\' = (3q − δ)/2', () => {
    const primePowers = [2, 3, 4, 5, 7, 8, 9, 11, 13, 16, 17, 19, 23, 25, 27, 29, 31, 32, 37, 41, 43, 47, 49];
    for (let q = 1; q <= 50; q++) expect(isPrimePower(q)).toBe(primePowers.includes(q));
    expect(slimFlyShape(28)).toBeNull();
    expect(slimFlyShape(27)).toEqual({ q: 27, delta: -1, kPrime: 41, p: 21 });
    expect(slimFlyShape(29)).toEqual({ q: 29, delta: 1, kPrime: 43, p: 22 });
  });
});
