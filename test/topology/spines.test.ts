import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { closedCounts, buildFabric } from '../../src/topology/build.js';
import { measureCounts } from '../../src/topology/counts.js';
import { analyze } from '../../src/analysis/analyze.js';
import { cli } from '../helpers/cli.js';

const spec = (ref: string) => resolveTopology(ref)[0];

describe('two-tier spine rule: smallest count at or above the port minimum that splits uplinks evenly', () => {
  // NVIDIA DGX SuperPOD B300-XDR reference architecture, Table 3 "Example Compute Fabric Components"
  // (docs.nvidia.com/dgx-superpod/reference-architecture/scalable-infrastructure-b300-xdr): Quantum-X800
  // 144-port switches, 72 DGX B300 per SU. SUs → leaves, spines.
  it.each([
    [1, 8, 4],
    [2, 16, 8],
    [4, 32, 18],
    [8, 64, 36],
    [18, 144, 72],
  ])('B300-XDR, %i SUs: %i leaves, %i spines (graph and closed form)', (sus, leaves, spines) => {
    const s = spec(`mrft:k=144,suHosts=72,sus=${sus}`);
    expect(closedCounts(s).switchesByTier).toEqual({ tier1: leaves, tier2: spines });
    if (sus <= 8) expect(measureCounts(buildFabric(s)).switchesByTier).toEqual({ tier1: leaves, tier2: spines });
  });

  it('every leaf has equal bundles to every spine under the default rule (brute force over the graph)', () => {
    for (const ref of ['mrft:k=144,suHosts=72,sus=4', 'ft2:k=16,endpoints=70', 'mpft:k=16,endpoints=400']) {
      const f = buildFabric(spec(ref));
      f.forEachNode((id, a) => {
        if (a.kind !== 'switch' || a.tier !== 1) return;
        const lanes = new Set<number>();
        f.forEachEdge(id, (_e, ea) => ea.layer === 'leaf-spine' && lanes.add(ea.lanes));
        expect(lanes.size).toBe(1);
      });
    }
  });

  it('spines=N overrides the rule; an uneven choice warns with the bundle sizes and the effective bisection', () => {
    const a = analyze(spec('mrft:k=144,suHosts=72,sus=4,spines=16'), { paths: false, bisection: true, effective: true });
    expect(a.counts.switchesByTier).toEqual({ tier1: 32, tier2: 16 });
    const note = a.notes.find((n) => n.includes('unevenly'));
    // 72 uplinks over 16 spines: 72 = 8·4 + 8·5
    expect(note).toMatch(/bundles of 4 and 5 links/);
    // ECMP splits evenly over the 16 spines: the 4-link bundle carries 72/16 = 4.5 links' share
    expect(note).toContain(`${((4 / 4.5) * 100).toFixed(1)}%`);
    // the engine's routed figure sits between the spine-layer fraction and that fraction over the share of
    // traffic that leaves a leaf (2,304 − 72 of 2,303 destinations)
    const eff = (a.bisection as { effective: { fraction: number } }).effective.fraction;
    expect(eff).toBeGreaterThanOrEqual(4 / 4.5 - 1e-9);
    expect(eff).toBeLessThanOrEqual(4 / 4.5 / ((2304 - 72) / 2303) + 1e-9);
    // NVIDIA's 18 spines route uniform traffic at the full NIC rate
    const even = analyze(spec('mrft:k=144,suHosts=72,sus=4'), { paths: false, bisection: true, effective: true });
    expect((even.bisection as { effective: { fraction: number } }).effective.fraction).toBeCloseTo(1, 6);
    expect(even.notes.some((n) => n.includes('unevenly'))).toBe(false);
  });

  it('an even explicit choice carries no warning; ft2 and mpft take spines=N too', () => {
    // 4 leaves × 8 uplinks: the rule picks 2 (the port minimum); 4 also divides 8
    expect(closedCounts(spec('ft2:k=16,endpoints=32')).switchesByTier).toEqual({ tier1: 4, tier2: 2 });
    expect(closedCounts(spec('ft2:k=16,endpoints=32,spines=4')).switchesByTier).toEqual({ tier1: 4, tier2: 4 });
    expect(analyze(spec('ft2:k=16,spines=8'), { paths: false }).notes.some((n) => n.includes('unevenly'))).toBe(false);
    expect(closedCounts(spec('mpft:k=16,planes=2,endpoints=64,spines=4')).switchesByTier).toEqual({ tier1: 8, tier2: 8 });
    // 4 leaves × 8 uplinks over 3 spines: 8 = 2·3 + 2 → bundles of 2 and 3
    expect(analyze(spec('ft2:k=16,endpoints=32,spines=3'), { paths: false }).notes.find((n) => n.includes('unevenly'))).toMatch(/bundles of 2 and 3 links/);
  });

  it('spines below the port minimum or above the uplinks exit 2 naming the field', () => {
    for (const [ref, why] of [
      ['mrft:k=144,suHosts=72,sus=4,spines=15', /mrft\.spines = 15: at least 16/],
      ['ft2:k=16,spines=9', /ft2\.spines = 9: at most 8/],
      ['ft2:k=16,spines=4', /ft2\.spines = 4: at least 8/],
      ['mrft:k=64,sus=16,spines=64', /two-tier form only/],
    ] as const) {
      const r = cli(['analyze', ref]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(why);
    }
  });
});
