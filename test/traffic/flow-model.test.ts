import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/topology/compiled.js';
import { runTraffic } from '../../src/traffic/run.js';
import { parseWorkload, type Workload } from '../../src/traffic/workload.js';
import { parsePattern } from '../../src/traffic/patterns.js';
import { maxMinSchedule, type FlowClass } from '../../src/traffic/flow-model.js';

const cls = (arcs: number[], bytes: number, count = 1): FlowClass => ({ arcs: Int32Array.from(arcs), fracs: Float64Array.from(arcs, () => 1), bytes, count });

describe('max-min fair flow model', () => {
  it('a hand-made 3-link example where max-min is slower than the bound', () => {
    // links A = 0, B = 1, C = 2, 1 B/s each. f1: A,B (1 B); f2: A,C (1 B); f3, f4: B (0.25 B each); f5, f6: C (0.25 B each).
    // Bound: A carries 2 B, B and C 1.5 B → 2 s. Max-min: B and C are shared three ways (1/3 each), so f1 and f2 get
    // 1/3 and A idles at 2/3; at t = 0.75 the small flows finish, f1 and f2 have 0.75 B left each and share A at
    // 1/2: 1.5 s more. Makespan 2.25 s.
    const s = maxMinSchedule(Float64Array.from([1, 1, 1]), [cls([0, 1], 1), cls([0, 2], 1), cls([1], 0.25), cls([1], 0.25), cls([2], 0.25), cls([2], 0.25)]);
    expect(s.makespan).toBeCloseTo(2.25, 12);
    expect(Array.from(s.completion)).toEqual([2.25, 2.25, 0.75, 0.75, 0.75, 0.75].map((x) => expect.closeTo(x, 12)));
    // B and C bind first, then A
    expect(s.bottlenecks[0].arcs.sort()).toEqual([1, 2]);
    expect(s.bottlenecks[1].arcs).toEqual([0]);
  });

  it('a class of k identical flows behaves as k separate flows (exact aggregation)', () => {
    const caps = Float64Array.from([3, 1]);
    const a = maxMinSchedule(caps, [cls([0], 2, 3), cls([0, 1], 1)]);
    const b = maxMinSchedule(caps, [cls([0], 2), cls([0], 2), cls([0], 2), cls([0, 1], 1)]);
    expect(a.makespan).toBeCloseTo(b.makespan, 12);
    expect(a.completion[1]).toBeCloseTo(b.completion[3], 12);
    // by hand: 4 flows share link 0 (3 B/s): 0.75 each; the short flow ends at 1/0.75 = 4/3 s, having let 3·1 B of
    // the others through; they have 1 B left each at 1 B/s: 7/3 s (= the bound 7 B / 3 B/s)
    expect(a.makespan).toBeCloseTo(7 / 3, 12);
  });

  const ft = compile(resolveTopology('ft2:k=8')[0]);
  it('equal flows through one bottleneck give exactly the bound (incast onto one NIC)', () => {
    const w = parseWorkload(parsePattern('incast:3', 1e9), 'test');
    const r = runTraffic(ft, w, { model: 'flow' });
    // senders GPU 8, 16, 24 (⌊i·32/4⌋): one on each other host, 1 GB each, into one 50 GB/s NIC: 60 ms, the bound,
    // and every sender ends then
    expect(r.phases[0].flow!.makespanSeconds).toBeCloseTo((3 * 1e9) / 50e9, 12);
    expect(r.phases[0].flow!.makespanSeconds).toBeCloseTo(r.congestion.timeSeconds, 12);
    expect(r.phases[0].flow!.nicCompletion.p50).toBeCloseTo(0.06, 12);
  });

  it('the makespan is never below the bound (random permutations, shifts, EP) and names its model', () => {
    const cases: Workload[] = [
      ...[1, 2, 3].map((seed) => parseWorkload({ kind: 'permutation', bytesPerPair: 1e8, seed }, 'test')),
      parseWorkload(parsePattern('shift:5', 1e8), 'test'),
      parseWorkload({ kind: 'ep', ep: 16, experts: 32, tokensPerGpu: 512, gating: 'topm', sampleTokensPerGpu: 64 }, 'test'),
    ];
    for (const w of cases) {
      const r = runTraffic(compile(resolveTopology('ft2:k=8,oversubscription=2')[0]), w, { model: 'flow' });
      expect(r.model).toBe('flow');
      for (const p of r.phases) expect(p.flow!.makespanSeconds).toBeGreaterThanOrEqual(p.congestion.timeSeconds * (1 - 1e-9));
    }
  });

  it('refuses what it does not model, with one line', () => {
    expect(() => runTraffic(ft, 'uniform', { model: 'flow' })).toThrow(/needs explicit flows/);
    expect(() => runTraffic(ft, parseWorkload(parsePattern('bisect', 1e6), 't'), { model: 'flow', routing: 'ecmp-hash' })).toThrow(/routing ideal/);
  });
});
