import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/topology/compiled.js';
import { runTraffic } from '../../src/traffic/run.js';
import { parseWorkload } from '../../src/traffic/workload.js';
import { parsePattern } from '../../src/traffic/patterns.js';
import { ugalOrder, ugalSplit } from '../../src/traffic/route-ugal.js';

describe('UGAL decision rule: the largest minimal fraction x with q_min(x) ≤ q_nonmin(x) + T', () => {
  const lines = (m0: number[], m1: number[]) => [m0.length, Float64Array.from(m0), Float64Array.from(m1)] as const;
  it('interior split, computed by hand', () => {
    // q_min(x) = x (empty minimal link, the class's bytes fill it), q_nm(x) = 0.5·(1 − x): x = 0.5(1 − x) → x = 1/3
    expect(ugalSplit(...lines([0], [1]), 0.5, 0)).toBeCloseTo(1 / 3, 8);
    // with T = 0.25: x = 0.5(1 − x) + 0.25 → x = 1/2
    expect(ugalSplit(...lines([0], [1]), 0.5, 0, 0.25)).toBeCloseTo(0.5, 8);
    // two minimal links, q_min(x) = max(0.6 + 0.2x, x), q_nm(x) = 1 − 0.5x: the first binds, 0.6 + 0.2x = 1 − 0.5x →
    // x = 4/7 (where x = 0.57 < 0.71)
    expect(ugalSplit(...lines([0.6, 0], [0.8, 1]), 1, 0.5)).toBeCloseTo(4 / 7, 8);
  });
  it('ties go minimal; a minimal side busier even at x = 0 goes all Valiant', () => {
    expect(ugalSplit(...lines([0.2], [0.4]), 0.4, 0.4)).toBe(1);
    expect(ugalSplit(...lines([1], [2]), 0.5, 0.5)).toBe(0);
  });
  it('the class order is a seeded permutation', () => {
    const a = Array.from(ugalOrder(50, 1));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(ugalOrder(50, 1))).toEqual(a);
    expect(Array.from(ugalOrder(50, 2))).not.toEqual(a);
  });
});

describe('UGAL on a tiny Dragonfly, by hand (p = 1, a = 2, h = 2: g = 5 groups of 2 routers, one global link per group pair)', () => {
  // incast:1 on 10 GPUs: GPU ⌊10/2⌋ = 5 (router g2.r1) sends 1 GB to GPU 0 (g0.r0). Palm-tree: group 2's ports go
  // to groups 3, 4, 0, 1 in order, 2 per router, so g2.r1 owns the link to group 0; group 0's port to group 2 is its
  // second, on g0.r0: no local hop. Valiant intermediates: 10 routers, 1/5 per group. The class (2 → 0) starts
  // minimal; taken out, the state is empty. Each packet draws an intermediate group: groups 2 and 0 (2/5 of them)
  // keep it on the minimal 2→0 link; group I ∈ {1, 3, 4} sends it through I when that path is less loaded than the
  // minimal link. Level λ: the minimal link carries z = S − Σ y_I, a path through I carries y_I ≤ S/5; every path
  // filled to its share gives z = 2/5·S > the paths' S/5, so all three take their share: the class sends 3/5 of
  // its bytes Valiant, and the 2→0 link carries 2/5·S, each link of the three paths S/5.
  const c = compile(resolveTopology('dragonfly:p=1,a=2,h=2,gpusPerHost=1')[0]);
  const S = 1e9;
  const r = runTraffic(c, parseWorkload(parsePattern('incast:1', S), 't'), { routing: 'ugal', keepArcLoads: true });
  it('the class sends 3/5 Valiant, and every global link carries what the hand count says', () => {
    expect(r.phases[0].routing.ugal!.valiantFraction).toBeCloseTo(3 / 5, 9);
    expect(r.phases[0].routing.ugal!.classes).toBe(1);
    const { csr } = c;
    const group = (u: number) => Number(csr.ids[u].slice(1).split('.')[0]);
    let checked = 0;
    for (let a = 0; a < 2 * csr.edges; a++) {
      const u = csr.arcTail[a];
      const v = csr.arcHead[a];
      if (u >= csr.switches || v >= csr.switches || group(u) === group(v)) continue;
      const [A, B] = [group(u), group(v)];
      const expected = A === 2 && B === 0 ? (2 / 5) * S : (A === 2 && B !== 0) || (B === 0 && A !== 2) ? S / 5 : 0;
      expect(r.phases[0].arcLoad![a], `${csr.ids[u]}→${csr.ids[v]}`).toBeCloseTo(expected, -1);
      checked++;
    }
    expect(checked).toBe(5 * 4);
  });
});

describe('one router down on a Dragonfly (the plan column "1 switch down")', () => {
  // dragonfly p=4, a=8, h=4, g=7: 32 global ports per group over 6 other groups, 6 links to the groups at distance
  // ±1 and 5 to the others. Palm-tree: group 0's first 6 ports go to group 1, 4 per router, so g0.r0 owns 4 of the
  // 6 links to group 1 and g0.r1 the other 2. With g0.r0 down, oblivious routing keeps sending group 0's bytes for
  // group 1 over those 2 links: under uniform traffic 28 live GPUs × 32 GPUs × 1 GB over 2 × 50 GB/s = 8.96 s.
  const c = compile(resolveTopology('dragonfly:p=4,a=8,h=4,g=7')[0]);
  const failed = new Uint8Array(c.csr.edges);
  const r0 = c.csr.ids.indexOf('g0.r0');
  for (let a = 0; a < 2 * c.csr.edges; a++) if (c.csr.arcTail[a] === r0) failed[a >> 1] = 1;
  const w = parseWorkload(parsePattern('uniform', 1e9), 't');
  it('minimal (oblivious) is bound by the 2 links the dead router left its group pair, by hand', () => {
    const r = runTraffic(c, w, { routing: 'minimal', failedEdges: failed });
    expect(r.congestion.timeSeconds).toBeCloseTo((28 * 32 * 1e9) / (2 * 50e9), 9);
    expect(r.congestion.bottleneck!.source).toBe('g0.r1');
  });
  it('UGAL routes around it: well under the oblivious figure, and within 25% of its own healthy time', () => {
    const broken = runTraffic(c, w, { routing: 'ugal', failedEdges: failed });
    const healthy = runTraffic(c, w, { routing: 'ugal' });
    expect(broken.congestion.timeSeconds).toBeLessThan(8.96 * 0.6);
    expect(broken.congestion.timeSeconds).toBeLessThan(healthy.congestion.timeSeconds * 1.25);
    expect(broken.phases[0].routing.ugal!.valiantFraction).toBeGreaterThan(0);
  });
});
