import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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
  });
});

describe('flow model on every routing', () => {
  const df = compile(resolveTopology('dragonfly:p=4,a=8,h=4')[0]);
  it('Dragonfly minimal under shift by a group: 32 equal flows share the one global link, exactly the bound 32·S/50 GB/s', () => {
    const r = runTraffic(df, parseWorkload(parsePattern('shift:32', 1e9), 't'), { routing: 'minimal', model: 'flow' });
    expect(r.phases[0].flow!.routing).toBe('minimal');
    expect(r.phases[0].flow!.makespanSeconds).toBeCloseTo((32 * 1e9) / 50e9, 12);
    // Valiant spreads the same flows: its makespan is far below minimal's (about twice the NIC time, 2·20 ms)
    const v = runTraffic(df, parseWorkload(parsePattern('shift:32', 1e9), 't'), { routing: 'valiant', model: 'flow' });
    expect(v.phases[0].flow!.routing).toBe('valiant');
    expect(v.phases[0].flow!.makespanSeconds).toBeLessThan(0.1);
    expect(v.phases[0].flow!.makespanSeconds).toBeGreaterThanOrEqual(v.congestion.timeSeconds * (1 - 1e-9));
  });

  it('ecmp-hash: equal flows into one NIC give exactly the bound', () => {
    // incast onto one NIC is bound by that NIC whatever the hash: 3 × 1 GB at 50 GB/s = 60 ms
    const ft = compile(resolveTopology('ft2:k=8')[0]);
    const r = runTraffic(ft, parseWorkload(parsePattern('incast:3', 1e9), 't'), { routing: 'ecmp-hash', model: 'flow' });
    expect(r.phases[0].flow!.routing).toBe('ecmp-hash');
    expect(r.phases[0].flow!.makespanSeconds).toBeCloseTo(0.06, 12);
  });

  it('property (fast-check, seeded): the makespan is never below the bound, for random small workloads under each routing', () => {
    const small = {
      ideal: compile(resolveTopology('ft2:k=8,oversubscription=2')[0]),
      'ecmp-hash': compile(resolveTopology('ft2:k=8,oversubscription=2')[0]),
      minimal: compile(resolveTopology('dragonfly:p=2,a=4,h=2,gpusPerHost=2')[0]),
      valiant: compile(resolveTopology('dragonfly:p=2,a=4,h=2,gpusPerHost=2')[0]),
      ugal: compile(resolveTopology('dragonfly:p=2,a=4,h=2,gpusPerHost=2')[0]),
    } as const;
    const sf = compile(resolveTopology('slimfly:q=5,gpusPerHost=1')[0]);
    const pattern = fc.oneof(
      fc.record({ kind: fc.constant('permutation' as const), seed: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({ kind: fc.constant('shift' as const), shift: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('incast' as const), senders: fc.integer({ min: 1, max: 7 }) }),
      fc.record({ kind: fc.constant('bisect' as const) }),
    );
    fc.assert(
      fc.property(pattern, fc.constantFrom(...(Object.keys(small) as Array<keyof typeof small>)), fc.boolean(), fc.integer({ min: 1, max: 1e9 }), (p, routing, onSlimFly, bytes) => {
        const fabric = onSlimFly && routing !== 'ideal' && routing !== 'ecmp-hash' ? sf : small[routing];
        const w = parseWorkload({ ...p, bytesPerPair: bytes }, 'prop');
        const r = runTraffic(fabric, w, { routing, model: 'flow', seed: 3 });
        for (const ph of r.phases) {
          expect(ph.flow!.routing).toBe(routing);
          expect(ph.flow!.makespanSeconds).toBeGreaterThanOrEqual(ph.flow!.boundSeconds * (1 - 1e-9));
          if (routing !== 'ecmp-hash') expect(ph.flow!.boundSeconds).toBe(ph.congestion.timeSeconds);
        }
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});
