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
    // two NICs of each host per plane: k²/2 / 2 hosts
    'mpft:k=8,planes=2,gpusPerHost=4',
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

describe('closed counts equal the compiled graph, tier by tier (survivors of the families mutation run)', () => {
  it.each([
    'ft2:k=8',
    'ft2:k=16,endpoints=77,spines=5',
    'ft3:k=8,endpoints=16',
    'ft3:k=8,endpoints=40',
    'mpft:k=8,planes=2,gpusPerHost=4',
    'mpft:k=8,planes=4,gpusPerHost=4,endpoints=40',
    'mrft:k=16,gpusPerHost=4,suHosts=8,sus=2',
    'mrft:k=8,gpusPerHost=2,suHosts=4,sus=6',
    'railonly:k=8,gpusPerHost=2',
    'railonly:k=8,gpusPerHost=2,endpoints=40',
    'railonly:k=4,gpusPerHost=2,endpoints=32',
  ])('%s', (ref) => {
    const s = spec(ref);
    const counts = fam(s.family).counts(s.params);
    const c = compile(s);
    const { switches, lanes } = tiers(c);
    const byTier: Record<string, number> = {};
    for (const [t, n] of switches) byTier[`tier${t}`] = n;
    expect(counts.switchesByTier).toEqual(byTier);
    expect(counts.switches).toBe(c.csr.switches);
    expect(counts.endpoints).toBe(c.csr.endpoints);
    // switch-to-switch lanes: every tier pair above the endpoints
    expect(counts.links).toBe((lanes.get('1-2') ?? 0) + (lanes.get('2-3') ?? 0));
  });

  it('rail-only without endpoints is G rails of k²/2 (two tiers)', () => {
    // k = 8, G = 2: 2 · 32 endpoints; per rail 8 leaves and 4 spines (each leaf 4 up over 4 spines)
    const c = fam('railonly').counts(spec('railonly:k=8,gpusPerHost=2').params);
    expect([c.endpoints, c.switches, c.links]).toEqual([64, 2 * (8 + 4), 2 * 8 * 4]);
  });
});

describe('closed forms against the compiled graph where few fabrics reach them', () => {
  it('a single leaf is a crossbar halved inside: ⌊n/2⌋ NICs', () => {
    for (const [ref, n] of [['ft2:k=8,endpoints=3', 3], ['ft2:k=8,endpoints=4', 4], ['mpft:k=8,planes=2,gpusPerHost=2,endpoints=6', 3]] as const) {
      const s = spec(ref);
      const planes = Number(s.params.planes ?? 1);
      expect(fam(s.family).bisection!(s.params).gbps, ref).toBe(planes * Math.floor(n / 2) * 400);
      expect(bisection(compile(s), { trials: 0 }).cutGbps, ref).toBeCloseTo(planes * Math.floor(n / 2) * 400, 6);
    }
  });

  it('a three-tier fabric whose leaves fit one pod has a closed form, the two-tier cut of that pod', () => {
    // ft3:k=8 pods hold 4 leaves of 4 NICs: 16 endpoints are one pod, halves of 8 NICs, 2·4 uplinks each
    for (const ref of ['ft3:k=8,endpoints=16', 'ft3:k=8,endpoints=12', 'ft3:k=8,endpoints=8']) {
      const s = spec(ref);
      const n = Number(s.params.endpoints);
      const closed = fam('ft3').bisection!(s.params);
      expect(closed.gbps, ref).not.toBeNull();
      expect(closed.gbps, ref).toBeCloseTo(bisection(compile(s), { trials: 0 }).cutGbps, 6);
      // full leaves on either side: the NICs of the smaller half cross
      expect(closed.gbps, ref).toBe(Math.floor(n / 2 / 4) * 4 * 400);
    }
    // ft3:k=6 with 6 endpoints: two leaves of 3 NICs and 3 uplinks in one pod, ⌈2·3/3⌉ = 2 aggregation
    // spines; round-robin gives leaf 0 bundles of 2 and 1, leaf 1 of 1 and 2: the cut is 1 + 1 lanes, not
    // the 3 NICs of a half (a two-tier spine rule would use 1 spine and get 3)
    const s6 = spec('ft3:k=6,endpoints=6');
    expect(fam('ft3').bisection!(s6.params).gbps).toBe(2 * 400);
    expect(bisection(compile(s6), { trials: 0 }).cutGbps).toBeCloseTo(2 * 400, 6);
  });

  it('MRFT bases: two tiers up to k rail leaves, pods beyond', () => {
    // k = 8, G = 2, SUs of 4 hosts: 4 SUs = 8 rail leaves = k, still two tiers; 6 SUs = 12 leaves, three
    const two = fam('mrft').bisection!(spec('mrft:k=8,gpusPerHost=2,suHosts=4,sus=4').params);
    expect(two.basis).toMatch(/\(rail leaves in SU order\)$/);
    expect(two.gbps).toBeCloseTo(bisection(compile(spec('mrft:k=8,gpusPerHost=2,suHosts=4,sus=4')), { trials: 0 }).cutGbps, 6);
    // 8 SUs = 16 rail leaves in pods of 2 SUs (4 leaves): the halves fall between pods
    const ref = 'mrft:k=8,gpusPerHost=2,suHosts=4,sus=8';
    const three = fam('mrft').bisection!(spec(ref).params);
    expect(three.basis).toBe("Σ over the pods of each half of min(rail leaves' share, aggregation uplinks)");
    expect(three.gbps).toBeCloseTo(bisection(compile(spec(ref)), { trials: 0 }).cutGbps, 6);
    // 6 SUs = 12 leaves: the halves (6 leaves each) split the second pod
    const split = fam('mrft').bisection!(spec('mrft:k=8,gpusPerHost=2,suHosts=4,sus=6').params);
    expect([split.gbps, split.basis]).toEqual([null, 'the natural halves split a pod, or a pod spreads its leaf uplinks unevenly: no closed form (see the max-flow cut)']);
  });

  it('rail-only at its default size: G rails, each a full two-tier fat-tree cut at k²/4 NICs', () => {
    const s = spec('railonly:k=8,gpusPerHost=2');
    expect(fam('railonly').bisection!(s.params).gbps).toBe(2 * 16 * 400);
    expect(bisection(compile(s), { trials: 0 }).cutGbps).toBeCloseTo(2 * 16 * 400, 6);
  });

  it('pair-transitive only at full size', () => {
    for (const [ref, full] of [['ft2:k=8', true], ['ft2:k=8,endpoints=30', false], ['ft3:k=8', true], ['ft3:k=8,endpoints=100', false], ['mpft:k=8,planes=2,gpusPerHost=2', true], ['mpft:k=8,planes=2,gpusPerHost=2,endpoints=30', false]] as const) {
      const s = spec(ref);
      expect(fam(s.family).pairTransitive!(s.params), ref).toBe(full);
    }
  });
});

describe('floor views in closed form equal the compiled graph', () => {
  it.each([
    'ft2:k=8,endpoints=27',
    'ft2:k=16,endpoints=77,spines=5',
    'mpft:k=8,planes=2,gpusPerHost=4,endpoints=40',
    'mrft:k=16,gpusPerHost=4,suHosts=8,sus=2',
    'mrft:k=8,gpusPerHost=2,suHosts=3,endpoints=22',
  ])('%s', (ref) => {
    const s = spec(ref);
    const view = fam(s.family).floorView!(s.params)!;
    const c = compile(s).csr;
    expect([view.switches, view.endpoints]).toEqual([c.switches, c.endpoints]);
    const S = c.switches;
    expect(Array.from(view.tier.subarray(0, S))).toEqual(Array.from(c.tier.subarray(0, S)));
    for (let e = 0; e < c.endpoints; e++) {
      expect(view.endpointLeaf[e], `${ref} endpoint ${e} leaf`).toBe(c.endpointLeaf[e]);
      expect(view.host[S + e], `${ref} endpoint ${e} host`).toBe(c.host[S + e]);
    }
    // switch-to-switch links: the same (lower, upper, lanes) triples
    const links = (v: typeof view) => {
      const out: string[] = [];
      for (let e = 0; e < v.edges; e++) {
        const [a, b] = [v.arcTail[2 * e], v.arcHead[2 * e]];
        if (a < S && b < S) out.push(`${Math.min(a, b)}-${Math.max(a, b)}:${v.lanes[e]}`);
      }
      return out.sort();
    };
    expect(links(view)).toEqual(links(c));
  });

  it('a three-tier MRFT has no closed-form floor view', () => {
    expect(fam('mrft').floorView!(spec('mrft:k=8,gpusPerHost=2,suHosts=4,sus=6').params)).toBeNull();
  });
});

describe('sizing at the boundaries', () => {
  const req = (gpus: number, radix = 64, gpusPerHost = 8, maxOversubscription = 1) => ({ gpus, radix, gpusPerHost, nicGbps: 400, maxOversubscription });
  it('an r:1 FT2 holds exactly k·⌊k·r/(r+1)⌋', () => {
    expect(fam('ft2').sizing!(req(3072, 64, 8, 3))[1]).toEqual({ design: 'FT2 3:1', params: { k: 64, endpoints: 3072, oversubscription: 3 }, capacity: 3072 });
  });
  it('rail-only: k²/2 per rail is still two tiers (MPFT), k³/4 per rail still three', () => {
    expect(fam('railonly').sizing!(req(8 * 2048))).toEqual([{ design: 'Rail-only', reason: 'at 16,384 GPUs each rail is a two-layer fat-tree: the same network as MPFT (see MPFT)', largest: 524_288 }]);
    expect(fam('railonly').sizing!(req(8 * 65_536))).toEqual([{ design: 'Rail-only (3-tier rails)', params: { k: 64, endpoints: 524_288 }, capacity: 524_288 }]);
  });
});

describe('more parameter checks', () => {
  it.each([
    // mpft:k=8 full planes: 8 leaves × 4 uplinks = 32 spine ports of radix 8: 4 to 4 spines
    ['mpft:k=8,planes=4,gpusPerHost=4,spines=1', 'mpft.spines = 1: at least 4: 8 leaves × 4 uplinks need 32 spine ports of radix 8'],
    ['mpft:k=8,planes=4,gpusPerHost=4,spines=5', "mpft.spines = 5: at most 4 (each leaf's uplinks): more spines would leave some without a link from every leaf"],
    // 40 endpoints over 4 planes: 10 per plane, 3 leaves × 4 uplinks = 12 ports: at least 2 spines
    ['mpft:k=8,planes=4,gpusPerHost=4,endpoints=40,spines=1', 'mpft.spines = 1: at least 2: 3 leaves × 4 uplinks need 12 spine ports of radix 8'],
    // mrft:k=8 with 8 GPUs per host: only ⌊8/8⌋ = 1 SU on two tiers, no three-tier form (G > k/2): 32 endpoints
    ['mrft:k=8,suHosts=4,sus=2', 'mrft.sus = 2: at most 32 endpoints (1 SUs of 4 hosts) fit a rail-optimized fat-tree of radix 8'],
    ['mrft:k=8,suHosts=4,endpoints=40', 'mrft.endpoints = 40: at most 32 endpoints (1 SUs of 4 hosts) fit a rail-optimized fat-tree of radix 8'],
    // k = 8, G = 2: 4 two-tier SUs, or 8 · ⌊4/2⌋ = 16 three-tier SUs of 4 hosts: 128 endpoints
    ['mrft:k=8,gpusPerHost=2,suHosts=4,sus=17', 'mrft.sus = 17: at most 128 endpoints (16 SUs of 4 hosts) fit a rail-optimized fat-tree of radix 8'],
    // mrft:k=16, G = 4, 2 SUs: 8 rail leaves × 8 uplinks = 64 spine ports of radix 16: 4 to 8 spines
    ['mrft:k=16,gpusPerHost=4,suHosts=8,sus=2,spines=3', 'mrft.spines = 3: at least 4: 8 leaves × 8 uplinks need 64 spine ports of radix 16'],
    ['mrft:k=8,gpusPerHost=2,suHosts=4,sus=6,spines=4', 'mrft.spines = 4: applies to the two-tier form only; 12 leaves need a core layer at radix 8'],
  ])('%s', (ref, message) => {
    expect(() => spec(ref)).toThrow(message);
  });

  it('the limits themselves are accepted', () => {
    for (const ref of ['mpft:k=8,planes=4,gpusPerHost=4,spines=4', 'mrft:k=8,suHosts=4,sus=1', 'mrft:k=8,gpusPerHost=2,suHosts=4,sus=16', 'mrft:k=8,gpusPerHost=2,suHosts=4,sus=4,spines=4', 'railonly:k=8,gpusPerHost=2'])
      expect(() => spec(ref), ref).not.toThrow();
  });

  it('every refusal is a zod custom issue on the field (spec.ts formats those by their message)', () => {
    for (const [family, raw, path] of [
      ['ft2', { k: 8, oversubscription: 8 }, 'oversubscription'],
      ['ft2', { k: 8, endpoints: 33 }, 'endpoints'],
      ['ft2', { k: 16, endpoints: 77, spines: 4 }, 'spines'],
      ['ft3', { k: 8, endpoints: 129 }, 'endpoints'],
      ['mpft', { k: 8, planes: 3 }, 'planes'],
      ['mpft', { k: 8, planes: 4, gpusPerHost: 4, endpoints: 30 }, 'endpoints'],
      ['mpft', { k: 8, planes: 4, gpusPerHost: 4, endpoints: 132 }, 'endpoints'],
      ['mpft', { k: 8, planes: 4, gpusPerHost: 4, spines: 1 }, 'spines'],
      ['mrft', { k: 8, suHosts: 5 }, 'suHosts'],
      ['mrft', { k: 8, suHosts: 4, sus: 2, endpoints: 64 }, 'sus'],
      ['mrft', { k: 8, suHosts: 4, gpusPerHost: 4, endpoints: 30 }, 'endpoints'],
      ['mrft', { k: 8, suHosts: 4, sus: 2 }, 'sus'],
      ['mrft', { k: 16, gpusPerHost: 4, suHosts: 8, sus: 2, spines: 3 }, 'spines'],
      ['railonly', { k: 8, gpusPerHost: 4, endpoints: 30 }, 'endpoints'],
      ['railonly', { k: 4, gpusPerHost: 2, endpoints: 36 }, 'endpoints'],
    ] as const) {
      const r = fam(family).schema.safeParse(raw);
      expect(r.success, `${family} ${JSON.stringify(raw)}`).toBe(false);
      const issue = r.error!.issues[0];
      expect([issue.code, issue.path.join('.')], `${family} ${JSON.stringify(raw)}`).toEqual(['custom', path]);
    }
  });
});

describe('Clos helpers, from the round-robin rule', () => {
  it('bundle sizes of up uplinks over S spines: ⌊up/S⌋ and ⌈up/S⌉, or 0 and 1 with more spines than uplinks', async () => {
    const { bundleSizes, closSize } = await import('../../src/topology/families/clos.js');
    expect(bundleSizes(8, 4)).toEqual([2]);
    expect(bundleSizes(8, 5)).toEqual([1, 2]);
    expect(bundleSizes(2, 5)).toEqual([0, 1]);
    // a two-tier Clos is one pod holding every spine, no core
    expect(closSize({ leaves: 10, up: 8, radix: 16, tiers: 2 })).toMatchObject({ spines: 8, cores: 0, pods: 1, podSpines: [8], coreGroups: [], links: 80 });
    // three tiers without podLeaves: pods of k/2 leaves (radix 4: 2 leaves a pod, 8 leaves = 4 pods)
    expect(closSize({ leaves: 8, up: 2, radix: 4, tiers: 3 }).pods).toBe(4);
  });
});

describe('roles, layers and host attributes in the compiled graph', () => {
  // role from the tier, layer from the tiers an edge joins; an endpoint's host, GPU, and its pod / SU /
  // plane from formulas over its index; a switch's plane, rail and SU from the endpoints below it
  it.each([
    ['ft2:k=8,endpoints=27,gpusPerHost=4', null],
    ['ft3:k=8,endpoints=100,gpusPerHost=2', 'pod'],
    ['mpft:k=8,planes=2,gpusPerHost=4,endpoints=40', 'plane'],
    ['mrft:k=8,gpusPerHost=2,suHosts=4,sus=6', 'su'],
    ['railonly:k=4,gpusPerHost=2,endpoints=32', 'plane'],
  ] as const)('%s', async (ref, attr) => {
    const { ROLES, LAYERS } = await import('../../src/topology/engine.js');
    const s = spec(ref);
    const p = s.params as Record<string, number>;
    const G = p.gpusPerHost;
    const c = compile(s).csr;
    const S = c.switches;
    const roleOfTier = ['', 'leaf', 'spine', 'core'];
    for (let u = 0; u < S; u++) expect(ROLES[c.role[u]], `switch ${u}`).toBe(roleOfTier[c.tier[u]]);
    const below = new Map<number, Set<string>>(); // switch → the plane / rail / SU values of endpoints below it
    for (let e = 0; e < c.edges; e++) {
      const [u, v] = [c.arcTail[2 * e], c.arcHead[2 * e]];
      const tu = u < S ? c.tier[u] : 0;
      const tv = v < S ? c.tier[v] : 0;
      const want = u >= S && v >= S ? 'nvlink' : ['endpoint', 'leaf-spine', 'spine-core'][Math.min(tu, tv)];
      if (u >= S && v >= S && c.kind[u] === 1 && c.kind[v] === 1) continue;
      if ((u >= S && c.kind[u] !== 1) || (v >= S && c.kind[v] !== 1)) expect(LAYERS[c.layer[e]]).toBe('nvlink');
      else expect(LAYERS[c.layer[e]], `edge ${u}-${v}`).toBe(want);
    }
    for (let e = 0; e < c.endpoints; e++) {
      const x = S + e;
      expect([c.host[x], c.gpu[x]], `endpoint ${e}`).toEqual([Math.floor(e / G), e % G]);
      const h = Math.floor(e / G);
      const g = e % G;
      if (attr === 'pod') expect(c.pod[x]).toBe(Math.floor(e / ((p.k / 2) * (p.k / 2))));
      if (attr === 'su') expect(c.su[x]).toBe(Math.floor(h / p.suHosts));
      if (attr === 'plane') expect(c.plane[x]).toBe(g % (p.planes ?? G));
      const leaf = c.endpointLeaf[e];
      const key = `${c.plane[x]}/${attr === 'su' ? `${c.su[x]}/${g}` : attr === 'pod' ? `${c.pod[x]}/` : ''}`;
      (below.get(leaf) ?? below.set(leaf, new Set()).get(leaf)!).add(key);
    }
    // leaves, then spines and cores, inherit the values of the switches below them
    for (let t = 2; t <= 3; t++)
      for (let e = 0; e < c.edges; e++) {
        const [u, v] = [c.arcTail[2 * e], c.arcHead[2 * e]];
        if (u >= S || v >= S) continue;
        const [lo, hi] = c.tier[u] < c.tier[v] ? [u, v] : [v, u];
        if (c.tier[hi] !== t) continue;
        // a spine sees its leaves' planes (mrft spines span SUs and rails: keep only the plane part)
        // (ft3: a pod's spines keep its pod; cores span pods)
        for (const k of below.get(lo) ?? []) (below.get(hi) ?? below.set(hi, new Set()).get(hi)!).add(attr === 'pod' && t === 2 ? k : k.split('/')[0] + '/');
      }
    for (let u = 0; u < S; u++) {
      const keys = [...(below.get(u) ?? [])];
      expect(keys.length, `switch ${u}`).toBe(1);
      const [plane, su, rail] = keys[0].split('/');
      expect(c.plane[u], `switch ${u} plane`).toBe(Number(plane));
      if (attr === 'su' && c.tier[u] === 1) expect([c.su[u], c.rail[u]], `leaf ${u}`).toEqual([Number(su), Number(rail)]);
      if (attr === 'pod') expect(c.pod[u], `switch ${u} pod`).toBe(c.tier[u] === 3 ? -1 : Number(su));
    }
    if (s.family === 'railonly') for (let u = 0; u < S; u++) expect(c.rail[u]).toBe(c.plane[u]);
  });
});

describe('closed-form bisection against max-flow on every small Clos fabric', () => {
  // Every ft2 / ft3 / mpft / mrft / rail-only fabric of radix 4–8 in a grid of sizes, oversubscription,
  // planes, rails, SU sizes and spine counts: the closed form, where it gives one, equals the max-flow cut
  // of the same halves (a second algorithm). It must give one when the fabric is a single pod or whole
  // pods split evenly (an even number of full pods), where nothing shortcuts through a split pod.
  const refs: string[] = [];
  for (const k of [4, 6, 8]) for (const r of [1, 2, 3]) for (let n = 1; n <= k * k; n++) for (const sp of ['', ',spines=1', ',spines=2', ',spines=3', ',spines=4']) refs.push(`ft2:k=${k},oversubscription=${r},endpoints=${n}${sp}`);
  for (const k of [4, 6, 8]) for (let n = 1; n <= (k * k * k) / 4; n += k === 8 ? 3 : 1) refs.push(`ft3:k=${k},endpoints=${n}`);
  for (const k of [4, 8]) for (const G of [1, 2, 4]) for (const P of [1, 2]) for (let n = G; n <= (P * k * k) / 2; n += G) for (const sp of ['', ',spines=3']) refs.push(`mpft:k=${k},planes=${P},gpusPerHost=${G},endpoints=${n}${sp}`);
  for (const k of [4, 8]) for (const G of [1, 2, 4]) for (let su = 1; su <= k / 2; su++) for (let n = G; n <= 64 * G; n += G) for (const sp of ['', ',spines=3']) refs.push(`mrft:k=${k},gpusPerHost=${G},suHosts=${su},endpoints=${n}${sp}`);
  for (const k of [4, 8]) for (const G of [1, 2]) for (let n = G; n <= 40 * G; n += G) refs.push(`railonly:k=${k},gpusPerHost=${G},endpoints=${n}`);

  /** one pod, or an even number of full pods (pods of k/2 leaves of k/2 NICs; MRFT: ⌊k/2/G⌋ SUs, at least 1) */
  function mustClose(family: string, p: Record<string, number>): boolean {
    const n = p.endpoints;
    const G = p.gpusPerHost;
    const wholeEvenPods = (units: number, perPod: number) => units <= perPod || (units % perPod === 0 && (units / perPod) % 2 === 0);
    if (family === 'ft2' || family === 'mpft') return true;
    if (family === 'ft3') return wholeEvenPods(n, (p.k * p.k) / 4);
    if (family === 'railonly') return n / G <= (p.k * p.k) / 2 || wholeEvenPods(n / G, (p.k * p.k) / 4);
    // mrft: two tiers up to k rail leaves; beyond, pods of max(1, ⌊k/2/G⌋) SUs of suHosts hosts
    const hosts = n / G;
    if (Math.ceil(hosts / p.suHosts) * G <= p.k) return true;
    return wholeEvenPods(hosts, Math.max(1, Math.floor(p.k / 2 / G)) * p.suHosts);
  }

  it(`the grid's ${refs.length} specs, those the schemas accept`, () => {
    let checked = 0;
    let closedCount = 0;
    for (const ref of refs) {
      let s;
      try {
        s = spec(ref);
      } catch {
        continue;
      }
      checked++;
      const closed = fam(s.family).bisection!(s.params);
      if (closed.gbps === null) {
        expect(mustClose(s.family, s.params as Record<string, number>), `${ref}: no closed form`).toBe(false);
        expect(closed.basis, ref).toMatch(/no closed form/);
        continue;
      }
      closedCount++;
      expect(closed.gbps, ref).toBeCloseTo(bisection(compile(s), { trials: 0 }).cutGbps, 6);
    }
    // the grid reaches both kinds, and most specs have a closed form
    expect(checked).toBeGreaterThan(1500);
    expect(closedCount).toBeGreaterThan(1200);
  });
});

describe('the built fabric names its family, notes and switches as the docs do', () => {
  it.each([
    'ft2:k=8',
    'ft2:k=16,endpoints=77,spines=5',
    'ft3:k=8,endpoints=40',
    'mpft:k=16,planes=2,gpusPerHost=2,endpoints=154,spines=6',
    'mpft:k=8,planes=2,gpusPerHost=2',
    'mrft:k=16,gpusPerHost=4,suHosts=8,sus=2,spines=5',
    'mrft:k=16,gpusPerHost=4,suHosts=8,sus=2',
    'railonly:k=8,gpusPerHost=2,endpoints=40',
  ])('%s: family and notes on the graph equal the closed-form notes', (ref) => {
    const s = spec(ref);
    const f = compile(s).fabric;
    expect(f.getAttribute('family')).toBe(s.family);
    expect(f.getAttribute('planes')).toBe(s.family === 'mpft' ? s.params.planes : s.family === 'railonly' ? s.params.gpusPerHost : 1);
    expect(f.getAttribute('notes')).toEqual(fam(s.family).notes?.(s.params) ?? []);
  });

  it('switch ids: leaf0 … and spine0 … (docs/failures.md), p<plane>. per MPFT plane, r<rail>. per rail', () => {
    const ids = (ref: string) => new Set(compile(spec(ref)).csr.ids.slice(0, compile(spec(ref)).csr.switches));
    expect(ids('ft2:k=8')).toEqual(new Set([...Array.from({ length: 8 }, (_, i) => `leaf${i}`), ...Array.from({ length: 4 }, (_, i) => `spine${i}`)]));
    const mpft = ids('mpft:k=4,planes=2,gpusPerHost=2');
    for (const id of ['p0.leaf0', 'p0.spine0', 'p1.leaf3', 'p1.spine1']) expect(mpft.has(id), id).toBe(true);
    const rails = ids('railonly:k=4,gpusPerHost=2,endpoints=16');
    for (const id of ['r0.leaf0', 'r0.spine0', 'r1.leaf3', 'r1.spine1']) expect(rails.has(id), id).toBe(true);
    // ft3:k=8: pods of 4 leaves and 4 spines, core groups of 4 (pod<p>.leaf<i>, pod<p>.spine<j>, core<j>.<i>)
    const ft3 = ids('ft3:k=8');
    expect(ft3.size).toBe(32 + 32 + 16);
    for (const id of ['pod0.leaf0', 'pod1.leaf3', 'pod7.leaf3', 'pod0.spine0', 'pod7.spine3', 'core0.0', 'core3.3']) expect(ft3.has(id), id).toBe(true);
    const mrft = ids('mrft:k=8,gpusPerHost=2,suHosts=4,sus=2');
    for (const id of ['su0.leaf0', 'su1.leaf1', 'spine0']) expect(mrft.has(id), id).toBe(true);
  });
});

describe('round-robin uplinks inside a partial pod', () => {
  it("ft3:k=8,endpoints=44: the last pod's leaf i spreads uplinks i·4 … i·4 + 3 over its 3 spines (mod 3)", () => {
    // 11 leaves: pods of 4, the third pod holds leaves 8–10 with ⌈3·4/4⌉ = 3 spines
    const c = compile(spec('ft3:k=8,endpoints=44')).csr;
    const lanesBetween = (a: string, b: string) => {
      const [u, v] = [c.index.get(a)!, c.index.get(b)!];
      let n = 0;
      for (let e = 0; e < c.edges; e++) if ((c.arcTail[2 * e] === u && c.arcHead[2 * e] === v) || (c.arcTail[2 * e] === v && c.arcHead[2 * e] === u)) n += c.lanes[e];
      return n;
    };
    for (let i = 0; i < 3; i++) {
      const want = [0, 0, 0];
      for (let x = i * 4; x < i * 4 + 4; x++) want[x % 3]++;
      expect([0, 1, 2].map((j) => lanesBetween(`pod2.leaf${i}`, `pod2.spine${j}`)), `pod2.leaf${i}`).toEqual(want);
    }
  });
});
