import { describe, expect, it } from 'vitest';
import { paretoFront, recommend, ranks, type Scored } from '../../src/plan/rank.js';
import { rng } from '../../src/topology/paths.js';

describe('Pareto front', () => {
  it('matches a brute-force definition on random sets', () => {
    const r = rng(42);
    for (let trial = 0; trial < 200; trial++) {
      const xs: Scored[] = Array.from({ length: 1 + Math.floor(r() * 9) }, (_, i) => ({
        design: `d${i}`,
        costPerGpuUSD: Math.round(r() * 10),
        timeSeconds: Math.round(r() * 10),
      }));
      const front = new Set(paretoFront(xs));
      xs.forEach((a, i) => {
        // brute force: a is on the front iff no b is at least as good on both and strictly better on one
        let dominated = false;
        for (const b of xs) if (b !== a && b.costPerGpuUSD <= a.costPerGpuUSD && b.timeSeconds <= a.timeSeconds && (b.costPerGpuUSD < a.costPerGpuUSD || b.timeSeconds < a.timeSeconds)) dominated = true;
        expect(front.has(i)).toBe(!dominated);
      });
      // the cheapest and the fastest are always on the front
      const minCost = Math.min(...xs.map((x) => x.costPerGpuUSD));
      expect([...front].some((i) => xs[i].costPerGpuUSD === minCost)).toBe(true);
    }
  });

  it('ranks are 1-based and ties share a rank', () => {
    const xs = [3, 1, 3, 2].map((c, i) => ({ design: `d${i}`, costPerGpuUSD: c, timeSeconds: 0 }));
    expect(ranks(xs, (s) => s.costPerGpuUSD)).toEqual([3, 1, 3, 2]);
  });
});

describe('recommendation text comes from the numbers', () => {
  it('states the saving and the time gap', () => {
    const text = recommend(
      [
        { design: 'MPFT', costPerGpuUSD: 4390, timeSeconds: 1.02 },
        { design: 'FT3', costPerGpuUSD: 7500, timeSeconds: 1.0 },
        { design: 'DF', costPerGpuUSD: 9000, timeSeconds: 2 },
      ],
      'EP all-to-all',
    );
    // 1 − 4390/7500 = 41.5% → 41%; 1.02/1.0 − 1 = 2%
    expect(text).toMatch(/^MPFT is 41% cheaper than FT3 .* within 2% of its EP all-to-all time/);
  });
  it('names a single winner', () => {
    expect(recommend([{ design: 'A', costPerGpuUSD: 1, timeSeconds: 1 }, { design: 'B', costPerGpuUSD: 2, timeSeconds: 2 }], 'x')).toMatch(/^A is both the cheapest/);
  });
});
