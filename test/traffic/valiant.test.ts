import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/topology/compiled.js';
import { runTraffic } from '../../src/traffic/run.js';
import { parseWorkload, type Workload } from '../../src/traffic/workload.js';
import { parsePattern } from '../../src/traffic/patterns.js';
import { UsageError } from '../../src/errors.js';

// Canonical balanced Dragonfly p = 4, a = 8, h = 4: g = 33 groups of 8 routers, 32 GPUs per group, exactly one
// global link (1 lane, 400 Gb/s = 50 GB/s) between every pair of groups; NICs 50 GB/s.
const df = compile(resolveTopology('dragonfly:p=4,a=8,h=4')[0]);
const S = 1e9;
const pattern = (p: string): Workload => parseWorkload(parsePattern(p, S), 'test');
const time = (w: Workload, routing: 'minimal' | 'valiant' | 'ugal' | 'ideal') => runTraffic(df, w, { routing }).congestion.timeSeconds;
const injection = S / 50e9;

describe('Dragonfly routing under shift by a group (Kim et al., ISCA’08)', () => {
  const shift = pattern('shift:32');

  it('minimal: the 32 GPUs of a group send everything over the one global link to the next group', () => {
    expect(time(shift, 'minimal')).toBeCloseTo((32 * S) / 50e9, 12);
  });

  it('Valiant: about half the injection rate (every packet crosses two global links)', () => {
    const fraction = injection / time(shift, 'valiant');
    expect(fraction).toBeGreaterThan(0.45);
    expect(fraction).toBeLessThan(0.55);
  });

  it('UGAL under shift by whole groups: within 10% of the better of minimal and Valiant, and strictly better than minimal', () => {
    for (const p of ['shift:32', 'shift:64', 'shift:96']) {
      const w = pattern(p);
      const minimal = time(w, 'minimal');
      const valiant = time(w, 'valiant');
      const ugal = time(w, 'ugal');
      expect(ugal, p).toBeLessThanOrEqual(Math.min(minimal, valiant) * 1.1);
      expect(ugal, p).toBeLessThan(minimal * 0.5);
    }
  });

  it('UGAL inside groups (shift by 2 routers): local misrouting through the group’s other routers, within 10% of the better of minimal and Valiant', () => {
    const w = pattern('shift:8');
    // minimal: routers 0–5 of a group send their 4 GPUs' 4·S to router r + 2 over one local link (80 ms); routers 6
    // and 7 send 8·S to the next group over its one global link: 8·S / 50 GB/s = 160 ms
    expect(time(w, 'minimal')).toBeCloseTo(0.16, 9);
    expect(time(w, 'ugal')).toBeLessThanOrEqual(Math.min(time(w, 'minimal'), time(w, 'valiant')) * 1.1);
  });

  it('UGAL under mixed adversarial patterns: well below minimal (local links, which UGAL-G does not see, keep it above Valiant)', () => {
    for (const [p, factor] of [['shift:100', 0.5], ['bisect', 0.5], ['permutation', 0.7]] as const) {
      const w = pattern(p);
      expect(time(w, 'ugal'), p).toBeLessThan(time(w, 'minimal') * factor);
    }
  });

  it('UGAL under uniform traffic: within 1% of minimal, strictly better than Valiant (which doubles the global hops)', () => {
    const w = pattern('uniform');
    const minimal = time(w, 'minimal');
    expect(time(w, 'ugal')).toBeLessThanOrEqual(minimal * 1.01);
    expect(time(w, 'ugal')).toBeLessThan(time(w, 'valiant') * 0.6);
  });

  it('UGAL’s choice: (nearly) everything Valiant under shift by a group, (nearly) everything minimal under uniform', () => {
    const frac = (p: string) => runTraffic(df, pattern(p), { routing: 'ugal' }).phases[0].routing.ugal!;
    // shift: a class's minimal link carries its group's 32·S alone, a Valiant path's links about 2·32·S/31. A packet
    // that draws an intermediate in its own group or the destination group (2 of 33 groups) stays on the minimal link,
    // so at most 31/33 = 93.9% go Valiant: all of them do
    expect(frac('shift:32').valiantFraction).toBeCloseTo(31 / 33, 6);
    // uniform: every global link carries (32·32)·S under all-minimal, a tie with the Valiant side: ties go minimal.
    // The busiest all-minimal link is a local one u → v: u's 4 GPUs' bytes for the 4 groups v is the gateway to
    // (4·4·32·S), the bytes 4 groups land on u for v's 4 GPUs (4·32·4·S), and u's own 4·4·S for v: 1,040·S
    const u = frac('uniform');
    expect(u.valiantFraction).toBeLessThan(0.02);
    expect(u.minimalSeconds).toBeCloseTo((1040 * S) / 50e9, 9);
    // classes: every ordered group pair, and the ordered router pairs inside a group with fabric traffic: a host of
    // 8 GPUs spans two routers of 4, whose traffic stays on NVLink, so each router has 6 partners, not 7
    expect(u.classes).toBe(33 * 32 + 33 * 8 * 6);
  });

  it('UGAL is deterministic under --seed', () => {
    const w = pattern('permutation');
    const a = runTraffic(df, w, { routing: 'ugal', seed: 7 });
    const b = runTraffic(df, w, { routing: 'ugal', seed: 7 });
    expect(a.congestion.timeSeconds).toBe(b.congestion.timeSeconds);
    expect(a.phases[0].routing.ugal!.valiantFraction).toBe(b.phases[0].routing.ugal!.valiantFraction);
  });

  it('minimal under uniform traffic: a global link carries all of one group’s bytes for the other, (32·32)·S', () => {
    const r = runTraffic(df, pattern('uniform'), { routing: 'minimal', keepArcLoads: true });
    const { csr } = df;
    let globalMax = 0;
    let globalMin = Infinity;
    for (let a = 0; a < 2 * csr.edges; a++) {
      const u = csr.arcTail[a];
      const v = csr.arcHead[a];
      if (u >= csr.switches || v >= csr.switches || csr.ids[u].split('.')[0] === csr.ids[v].split('.')[0]) continue;
      globalMax = Math.max(globalMax, r.phases[0].arcLoad![a]);
      globalMin = Math.min(globalMin, r.phases[0].arcLoad![a]);
    }
    expect(globalMax).toBeCloseTo(32 * 32 * S, -3);
    expect(globalMin).toBeCloseTo(32 * 32 * S, -3);
  });

  it('Valiant conserves bytes: switch-link bytes = Σ bytes × hops of both minimal legs', () => {
    const r = runTraffic(df, pattern('permutation'), { routing: 'valiant', keepArcLoads: true });
    const { csr } = df;
    let sw = 0;
    for (let a = 0; a < 2 * csr.edges; a++) if (csr.arcTail[a] < csr.switches && csr.arcHead[a] < csr.switches) sw += r.phases[0].arcLoad![a];
    expect(sw).toBeCloseTo(r.phases[0].demand.switchHopBytes, -3);
    expect(r.phases[0].demand.deliveredBytes).toBeCloseTo(r.phases[0].demand.fabricBytes, -3);
  });

  it('UGAL conserves bytes: switch-link bytes = Σ bytes × hops over the minimal, through-a-group and local-misrouting paths', () => {
    for (const p of ['permutation', 'shift:8', 'shift:100']) {
      const r = runTraffic(df, pattern(p), { routing: 'ugal', keepArcLoads: true });
      const ph = r.phases[0];
      expect(ph.routing.ugal!.valiantFraction, p).toBeGreaterThan(0.2);
      const { csr } = df;
      let sw = 0;
      for (let a = 0; a < 2 * csr.edges; a++) if (csr.arcTail[a] < csr.switches && csr.arcHead[a] < csr.switches) sw += ph.arcLoad![a];
      expect(sw, p).toBeCloseTo(ph.demand.switchHopBytes, -3);
      expect(ph.demand.deliveredBytes, p).toBeCloseTo(ph.demand.fabricBytes, -3);
    }
  });

  it('router-only models are refused on other fabrics with one line', () => {
    const ft = compile(resolveTopology('ft2:k=8')[0]);
    expect(() => runTraffic(ft, pattern('uniform'), { routing: 'valiant' })).toThrow(UsageError);
    expect(() => runTraffic(ft, pattern('uniform'), { routing: 'ugal' })).toThrow(/only for dragonfly and slimfly/);
  });
});

describe('Slim Fly: minimal = shortest paths (diameter 2), Valiant and UGAL on top', () => {
  const sf = compile(resolveTopology('slimfly:q=5')[0]);
  const t = (w: Workload, routing: 'minimal' | 'valiant' | 'ugal') => runTraffic(sf, w, { routing }).congestion.timeSeconds;
  it('UGAL (hop-weighted) equals minimal under uniform traffic and beats minimal under adversarial patterns', () => {
    const u = pattern('uniform');
    expect(t(u, 'ugal')).toBeLessThanOrEqual(t(u, 'minimal') * 1.01);
    expect(t(u, 'ugal')).toBeLessThan(t(u, 'valiant') * 0.6);
    for (const p of ['permutation', 'shift:10', 'bisect']) {
      const w = pattern(p);
      expect(t(w, 'ugal'), p).toBeLessThan(t(w, 'minimal') * 0.9);
    }
  });
});
