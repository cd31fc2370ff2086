/**
 * The Clos families (ft2, ft3, mpft, mrft, railonly) beyond their counts, through public functions only
 * (spec, family record, compiled CSR): cable plans against lanes counted tier by tier on the compiled graph,
 * closed-form bisection against the max-flow cut of the same halves (a second algorithm), sizing against
 * formulas written here, the uneven-spine note, and the parameter checks. Nothing here reads how a family
 * builds its graph, so the tests hold across rewrites of the build code.
 */
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/topology/compiled.js';
import { familyOf } from '../../src/topology/registry.js';
import { bisection } from '../../src/topology/bisection.js';

const spec = (ref: string) => resolveTopology(ref)[0];
const fam = (name: string) => familyOf({ family: name });

/** Switches per tier, and lanes per tier pair ('0-1' = endpoint to leaf, '1-2', '2-3'), from the CSR. */
function tiers(c: Compiled) {
  const switches = new Map<number, number>();
  for (let u = 0; u < c.csr.switches; u++) switches.set(c.csr.tier[u], (switches.get(c.csr.tier[u]) ?? 0) + 1);
  const lanes = new Map<string, number>();
  for (let e = 0; e < c.csr.edges; e++) {
    const [u, v] = [c.csr.arcTail[2 * e], c.csr.arcHead[2 * e]];
    const tu = u < c.csr.switches ? c.csr.tier[u] : 0;
    const tv = v < c.csr.switches ? c.csr.tier[v] : 0;
    if (u >= c.csr.switches && v >= c.csr.switches) continue; // NVLink spokes
    if ((u >= c.csr.switches && c.csr.kind[u] !== 1) || (v >= c.csr.switches && c.csr.kind[v] !== 1)) continue;
    const k = `${Math.min(tu, tv)}-${Math.max(tu, tv)}`;
    lanes.set(k, (lanes.get(k) ?? 0) + c.csr.lanes[e]);
  }
  return { switches, lanes };
}

describe('cable plans in closed form equal the lanes of the built graph, tier by tier', () => {
  it.each([
    'ft2:k=8',
    'ft2:k=16,endpoints=77',
    'ft2:k=16,oversubscription=3',
    'ft2:k=16,endpoints=77,spines=5',
    'ft3:k=8',
    'ft3:k=8,endpoints=77',
    'ft3:k=8,endpoints=16',
    'mpft:k=8,planes=4,gpusPerHost=4',
    'mpft:k=8,planes=8,endpoints=64',
  ])('%s', (ref) => {
    const s = spec(ref);
    const plan = fam(s.family).cablePlan!(s.params);
    const c = compile(s);
    const { switches, lanes } = tiers(c);
    const P = plan.planes;
    expect(P * plan.planeEndpoints).toBe(c.csr.endpoints);
    expect(plan.endpoints).toBe(c.csr.endpoints);
    const roleTier: Record<string, number> = { leaf: 1, spine: 2, core: 3 };
    const planSwitches = new Map<number, number>();
    for (const x of plan.switches) planSwitches.set(roleTier[x.role], x.count * P);
    expect(planSwitches).toEqual(switches);
    const layerTiers: Record<string, string> = { endpoint: '0-1', 'leaf-spine': '1-2', 'spine-core': '2-3' };
    const planLanes = new Map<string, number>();
    for (const x of plan.cables) planLanes.set(layerTiers[x.layer], (planLanes.get(layerTiers[x.layer]) ?? 0) + x.cables * P);
    expect(planLanes).toEqual(lanes);
    for (const x of plan.cables) expect(x.gbps).toBe(400);
    expect(plan.source).toBe('closed form');
  });

  it('block sizes: a leaf\'s NICs, a pod, the plane or floor', () => {
    const ft3 = fam('ft3').cablePlan!(spec('ft3:k=8').params);
    expect(ft3.cables.map((x) => [x.layer, x.blockEndpoints, x.placement])).toEqual([
      ['endpoint', 4, 'NIC to its leaf'],
      ['leaf-spine', 16, 'inside a pod'],
      ['spine-core', 128, 'across the floor'],
    ]);
    // a partial FT3 inside one pod has no core layer, and blocks never exceed the endpoints
    const small = fam('ft3').cablePlan!(spec('ft3:k=8,endpoints=3').params);
    expect(small.cables.map((x) => [x.layer, x.cables, x.blockEndpoints])).toEqual([
      ['endpoint', 3, 3],
      ['leaf-spine', 4, 3],
    ]);
    expect(small.switches.map((x) => [x.role, x.count])).toEqual([
      ['leaf', 1],
      ['spine', 1],
    ]);
    const ft2 = fam('ft2').cablePlan!(spec('ft2:k=8,endpoints=3').params);
    expect(ft2.cables.map((x) => [x.layer, x.cables, x.blockEndpoints])).toEqual([
      ['endpoint', 3, 3],
      ['leaf-spine', 4, 3],
    ]);
  });
});

describe('closed-form bisection equals the max-flow cut of the natural halves', () => {
  it.each([
    'ft2:k=8',
    'ft2:k=16,endpoints=77',
    'ft2:k=16,endpoints=100',
    'ft2:k=16,oversubscription=3',
    'ft2:k=12,oversubscription=2,endpoints=50',
    'ft2:k=16,endpoints=77,spines=5',
    'ft2:k=16,endpoints=77,spines=6',
    'ft3:k=8',
    'ft3:k=8,endpoints=64',
    'ft3:k=8,endpoints=96',
    'ft3:k=8,endpoints=40',
    'mpft:k=8,planes=4,gpusPerHost=4',
    'mpft:k=8,planes=8,endpoints=64',
    'mpft:k=16,planes=2,gpusPerHost=2,endpoints=154,spines=6',
    'mrft:k=16,gpusPerHost=4,suHosts=8,sus=2',
    'mrft:k=16,gpusPerHost=4,suHosts=8,sus=3',
    'mrft:k=8,gpusPerHost=2,suHosts=4,sus=6',
    'mrft:k=8,gpusPerHost=2,suHosts=4,sus=8',
    'railonly:k=8,gpusPerHost=2,endpoints=12',
    'railonly:k=8,gpusPerHost=2,endpoints=40',
    'railonly:k=4,gpusPerHost=2,endpoints=32',
    'railonly:k=8,gpusPerHost=2,endpoints=14',
  ])('%s', (ref) => {
    const s = spec(ref);
    const closed = fam(s.family).bisection!(s.params);
    const cut = bisection(compile(s), { trials: 0 }).cutGbps;
    if (closed.gbps === null) expect(closed.basis).toMatch(/no closed form|split|uneven/);
    else expect(closed.gbps).toBeCloseTo(cut, 6);
  });

  it('bases name the model', () => {
    expect(fam('mpft').bisection!(spec('mpft:k=8,planes=4,gpusPerHost=4').params).basis).toMatch(/^planes × the two-tier cut of one plane: /);
    expect(fam('railonly').bisection!(spec('railonly:k=8,gpusPerHost=2,endpoints=40').params).basis).toBe('rails × the cut of one rail');
    expect(fam('mrft').bisection!(spec('mrft:k=16,gpusPerHost=4,suHosts=8,sus=2').params).basis).toMatch(/\(rail leaves in SU order\)$/);
    expect(fam('ft3').bisection!(spec('ft3:k=8').params).basis).toBe('Σ over the pods of each half of min(NICs and edge uplinks, aggregation uplinks)');
  });

  it('a one-tier rail is a crossbar: ⌊hosts/2⌋ NICs a rail cross', () => {
    // railonly k=8, 2 rails of 7 hosts each on one leaf: ⌊7/2⌋ · 400 per rail
    expect(fam('railonly').bisection!(spec('railonly:k=8,gpusPerHost=2,endpoints=14').params).gbps).toBe(2 * 3 * 400);
  });
});

describe('sizing against formulas written here', () => {
  const req = (gpus: number, radix = 64, gpusPerHost = 8, maxOversubscription = 1) => ({ gpus, radix, gpusPerHost, nicGbps: 400, maxOversubscription });
  it('FT2: k²/2; with a ratio r > 1 also an r:1 FT2 of k·⌊k·r/(r+1)⌋', () => {
    expect(fam('ft2').sizing!(req(2048))).toEqual([{ design: 'FT2', params: { k: 64, endpoints: 2048 }, capacity: 2048 }]);
    expect(fam('ft2').sizing!(req(2049))).toEqual([{ design: 'FT2', reason: 'FT2 holds at most 2,048 endpoints at radix 64', largest: 2048 }]);
    // r = 3 at k = 64: 48 down, 16 up, 64·48 = 3,072
    expect(fam('ft2').sizing!(req(3000, 64, 8, 3))[1]).toEqual({ design: 'FT2 3:1', params: { k: 64, endpoints: 3000, oversubscription: 3 }, capacity: 3072 });
    expect(fam('ft2').sizing!(req(3073, 64, 8, 3))[1]).toEqual({ design: 'FT2 3:1', reason: 'a 3:1 oversubscribed FT2 holds at most 3,072 endpoints at radix 64', largest: 3072 });
    // r = 2 at k = 16: ⌊32/3⌋ = 10 down, 6 up: 10/6 = 1.667:1
    expect(fam('ft2').sizing!(req(100, 16, 8, 2))[1]).toMatchObject({ design: 'FT2 1.667:1', capacity: 160 });
    expect(fam('ft2').sizing!(req(100, 16, 8, 1))).toHaveLength(1);
  });

  it('FT3: k³/4, and not below the two-layer limit k²/2', () => {
    expect(fam('ft3').sizing!(req(2048))).toEqual([{ design: 'FT3', reason: '2,048 GPUs fit a two-layer fat-tree at radix 64; an FT3 would build only two tiers (see FT2)', largest: 65_536 }]);
    expect(fam('ft3').sizing!(req(2049))).toEqual([{ design: 'FT3', params: { k: 64, endpoints: 2049 }, capacity: 65_536 }]);
    expect(fam('ft3').sizing!(req(65_536))).toEqual([{ design: 'FT3', params: { k: 64, endpoints: 65_536 }, capacity: 65_536 }]);
    expect(fam('ft3').sizing!(req(65_537))).toEqual([{ design: 'FT3', reason: 'FT3 holds at most 65,536 endpoints at radix 64', largest: 65_536 }]);
  });

  it('MPFT: G planes of k²/2', () => {
    expect(fam('mpft').sizing!(req(16_384))).toEqual([{ design: 'MPFT', params: { k: 64, planes: 8, endpoints: 16_384 }, capacity: 16_384 }]);
    expect(fam('mpft').sizing!(req(16_385))).toEqual([{ design: 'MPFT', reason: 'MPFT (8 planes of two-layer fat-trees) holds at most 16,384 endpoints at radix 64', largest: 16_384 }]);
  });

  it('MRFT: SUs of min(32, k/2) hosts; ⌊k/G⌋ SUs on two tiers, k·max(1, ⌊k/2/G⌋) SUs on three', () => {
    // k = 64, G = 8: SU = 32 hosts = 256 GPUs; 2-tier 8 SUs = 2,048; 3-tier 64·4 SUs = 65,536
    expect(fam('mrft').sizing!(req(2048))).toEqual([{ design: 'MRFT (2-tier)', params: { k: 64, suHosts: 32, endpoints: 2048 }, capacity: 2048 }]);
    expect(fam('mrft').sizing!(req(2049))).toEqual([{ design: 'MRFT (3-tier)', params: { k: 64, suHosts: 32, endpoints: 2049 }, capacity: 65_536 }]);
    expect(fam('mrft').sizing!(req(65_537))).toEqual([{ design: 'MRFT', reason: 'a rail-optimized fat-tree holds at most 65,536 endpoints at radix 64', largest: 65_536 }]);
    // k = 16, G = 8: SU = 8 hosts = 64 GPUs; 2-tier 2 SUs = 128; 3-tier 16·max(1, 1) = 16 SUs = 1,024
    expect(fam('mrft').sizing!(req(1024, 16))).toEqual([{ design: 'MRFT (3-tier)', params: { k: 16, suHosts: 8, endpoints: 1024 }, capacity: 1024 }]);
    // G > k/2: SUs of k/2 = 4 hosts (32 GPUs), one SU on two tiers, no three-tier MRFT
    expect(fam('mrft').sizing!(req(1000, 8, 8))).toEqual([{ design: 'MRFT', reason: 'a rail-optimized fat-tree holds at most 32 endpoints at radix 8', largest: 32 }]);
  });

  it('rail-only: G rails of one switch (k), an FT2 (k²/2, then it is MPFT) or an FT3 (k³/4)', () => {
    expect(fam('railonly').sizing!(req(512))).toEqual([{ design: 'Rail-only (1-tier rails)', params: { k: 64, endpoints: 512 }, capacity: 512 }]);
    expect(fam('railonly').sizing!(req(513))).toEqual([{ design: 'Rail-only', reason: 'at 513 GPUs each rail is a two-layer fat-tree: the same network as MPFT (see MPFT)', largest: 524_288 }]);
    expect(fam('railonly').sizing!(req(16_385))).toEqual([{ design: 'Rail-only (3-tier rails)', params: { k: 64, endpoints: 16_385 }, capacity: 524_288 }]);
    expect(fam('railonly').sizing!(req(524_289))).toEqual([{ design: 'Rail-only', reason: 'rail-only holds at most 524,288 endpoints at radix 64 (three-tier rails)', largest: 524_288 }]);
  });
});

describe('notes', () => {
  it('an explicit uneven spine count names its bundles and the effective share; an even one says nothing', () => {
    // ft2:k=16: 8 uplinks over 5 spines: bundles of 1 and 2; ⌊8/5⌋/(8/5) = 62.5%
    expect(fam('ft2').notes!(spec('ft2:k=16,endpoints=77,spines=5').params)).toEqual([
      "spines=5 splits each leaf's 8 uplinks unevenly into bundles of 1 and 2 links: with ECMP spreading evenly over the spines, effective bisection ≈ 62.5% of the cut (the thinnest bundle carries 1 of 1.60 links' share; analyze --effective routes it); the default spine rule picks a count that divides 8",
    ]);
    expect(fam('ft2').notes!(spec('ft2:k=16,endpoints=64,spines=4').params)).toEqual([]);
    expect(fam('ft2').notes!(spec('ft2:k=16').params)).toEqual([]);
    expect(fam('mpft').notes!(spec('mpft:k=16,planes=2,gpusPerHost=2,endpoints=154,spines=6').params)[0]).toMatch(/^spines=6 splits each leaf's 8 uplinks unevenly into bundles of 1 and 2 links: .* ≈ 75\.0% /);
    expect(fam('mpft').notes!(spec('mpft:k=16,planes=2,gpusPerHost=2').params)).toEqual([]);
    expect(fam('mrft').notes!(spec('mrft:k=16,gpusPerHost=4,suHosts=8,sus=2,spines=5').params)[0]).toMatch(/^spines=5 splits each leaf's 8 uplinks unevenly into bundles of 1 and 2 links/);
    expect(fam('mrft').notes!(spec('mrft:k=16,gpusPerHost=4,suHosts=8,sus=2').params)).toEqual([]);
    expect(fam('railonly').notes!(spec('railonly:k=8,gpusPerHost=2,endpoints=40').params)).toEqual(['each rail is an independent 2-tier network; cross-rail traffic is forwarded over NVLink']);
    expect(fam('mpft').construction!(spec('mpft:k=8,planes=4,gpusPerHost=4').params)).toBe('4 planes');
  });

  it('spine counts the schema refuses, with the bound and why', () => {
    expect(() => spec('ft2:k=16,endpoints=77,spines=4')).toThrow('ft2.spines = 4: at least 5: 10 leaves × 8 uplinks need 80 spine ports of radix 16');
    expect(() => spec('ft2:k=16,endpoints=77,spines=9')).toThrow("ft2.spines = 9: at most 8 (each leaf's uplinks): more spines would leave some without a link from every leaf");
    // the bounds themselves build
    expect(compile(spec('ft2:k=16,endpoints=77,spines=8')).csr.switches).toBe(10 + 8);
    expect(compile(spec('ft2:k=16,endpoints=77,spines=5')).csr.switches).toBe(10 + 5);
    expect(compile(spec('ft2:k=16,endpoints=8,spines=1')).csr.switches).toBe(1 + 1);
  });
});

describe('parameter checks name the constraint', () => {
  it.each([
    ['ft2:k=8,oversubscription=8', 'ft2.oversubscription = 8: a radix-8 leaf allows at most 7:1 (7 ports down, 1 up)'],
    ['ft2:k=8,endpoints=33', 'ft2.endpoints = 33: at most 32 endpoints fit a two-layer fat-tree of radix 8 (8 leaves × 4 ports down)'],
    ['ft2:k=8,oversubscription=3,endpoints=49', 'ft2.endpoints = 49: at most 48 endpoints fit a two-layer fat-tree of radix 8 (8 leaves × 6 ports down)'],
    ['ft3:k=8,endpoints=129', 'ft3.endpoints = 129: at most 128 endpoints fit a three-layer fat-tree of radix 8 (k³/4)'],
    ['mpft:k=8,planes=3', 'mpft.planes = 3: must divide gpusPerHost (8) so every plane gets the same NICs of every host'],
    ['mpft:k=8,planes=4,gpusPerHost=4,endpoints=30', 'mpft.endpoints = 30: must be a multiple of gpusPerHost (4): every host joins every plane'],
    ['mpft:k=8,planes=4,gpusPerHost=4,endpoints=132', 'mpft.endpoints = 132: at most 128 endpoints fit 4 planes of two-layer radix-8 fat-trees (planes × k²/2)'],
    ['mrft:k=8,suHosts=5', 'mrft.suHosts = 5: at most k/2 = 4: a rail leaf needs as many ports up as down for full bisection'],
    ['mrft:k=8,suHosts=4,sus=2,endpoints=64', 'mrft.sus = 2: give either sus or endpoints, not both'],
    ['mrft:k=8,suHosts=4,gpusPerHost=4,endpoints=30', 'mrft.endpoints = 30: must be a multiple of gpusPerHost (4): every host has one NIC per rail'],
    ['railonly:k=8,gpusPerHost=4,endpoints=30', 'railonly.endpoints = 30: must be a multiple of gpusPerHost (4): every host joins every rail'],
    ['railonly:k=4,gpusPerHost=2,endpoints=36', 'railonly.endpoints = 36: at most 32 endpoints fit 2 rails of three-tier radix-4 fat-trees'],
  ])('%s', (ref, message) => {
    expect(() => spec(ref)).toThrow(message);
  });

  it('the limits themselves are accepted', () => {
    for (const ref of ['ft2:k=8,oversubscription=7', 'ft2:k=8,endpoints=32', 'ft3:k=8,endpoints=128', 'mpft:k=8,planes=4,gpusPerHost=4,endpoints=128', 'mrft:k=8,suHosts=4', 'railonly:k=4,gpusPerHost=2,endpoints=32'])
      expect(() => spec(ref), ref).not.toThrow();
  });
});
