/**
 * Dragonfly's model beyond the counts, through public functions only (spec, family record, compiled CSR):
 * global links per group pair, notes and construction, sizing, closed-form bisection against the max-flow
 * cut, orbits, cable plan, and the parameter checks. Expected values are formulas written here or read off the
 * compiled switch graph (router ids name their group), so the tests hold however the family builds its graph.
 */
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/topology/compiled.js';
import { familyOf } from '../../src/topology/registry.js';
import { bisection } from '../../src/topology/bisection.js';
import { globalLinkCount, type DragonflyParams } from '../../src/topology/families/dragonfly.js';
import { LAYERS, ROLES } from '../../src/topology/engine.js';

const spec = (ref: string) => resolveTopology(ref)[0];
const df = familyOf({ family: 'dragonfly' });
const params = (ref: string) => spec(ref).params as DragonflyParams;

/** Global lanes between each unordered pair of groups, and per router, read off the compiled switch graph. */
function globalLanes(c: Compiled) {
  const group = (u: number) => Number(/^g(\d+)\.r\d+$/.exec(c.csr.ids[u])![1]);
  const pair = new Map<string, number>();
  const router = new Array<number>(c.csr.switches).fill(0);
  let local = 0;
  for (let e = 0; e < c.csr.edges; e++) {
    const [u, v] = [c.csr.arcTail[2 * e], c.csr.arcHead[2 * e]];
    if (u >= c.csr.switches || v >= c.csr.switches) continue;
    const [gu, gv] = [group(u), group(v)];
    if (gu === gv) {
      local += c.csr.lanes[e];
      continue;
    }
    const k = `${Math.min(gu, gv)},${Math.max(gu, gv)}`;
    pair.set(k, (pair.get(k) ?? 0) + c.csr.lanes[e]);
    router[u] += c.csr.lanes[e];
    router[v] += c.csr.lanes[e];
  }
  return { pair, router, local, group };
}

describe('global links per group pair', () => {
  it.each([
    // [a, h, g]: a·h ports per group over g − 1 other groups
    [4, 2, 6],
    [4, 2, 5],
    [3, 2, 4],
    [4, 4, 8],
    [2, 3, 4],
    [4, 2, 9],
  ])('a=%i h=%i g=%i: ⌊a·h/(g−1)⌋ or one more, a·h per group, equal at distances d and g−d, as built', (a, h, g) => {
    for (const arrangement of ['palm-tree', 'consecutive']) {
      const ref = `dragonfly:p=1,a=${a},h=${h},g=${g},gpusPerHost=1,arrangement=${arrangement}`;
      const p = params(ref);
      const base = Math.floor((a * h) / (g - 1));
      let sum = 0;
      for (let d = 1; d < g; d++) {
        const n = globalLinkCount(p, d);
        expect([base, base + 1], `d=${d}`).toContain(n);
        expect(globalLinkCount(p, g - d)).toBe(n);
        sum += n;
      }
      expect(sum).toBe(a * h);
      // the built fabric: every router has h global lanes, every group pair the count at its distance (palm-tree
      // pairs group i with i + d); a·(a−1)/2 local links per group
      const c = compile(spec(ref));
      const { pair, router, local } = globalLanes(c);
      expect(router).toEqual(new Array(a * g).fill(h));
      expect(local).toBe((g * a * (a - 1)) / 2);
      const counts = [...pair.values()];
      expect(pair.size).toBe((g * (g - 1)) / 2);
      if (arrangement === 'palm-tree')
        for (let i = 0; i < g; i++) for (let j = i + 1; j < g; j++) expect(pair.get(`${i},${j}`), `${i},${j}`).toBe(globalLinkCount(p, j - i));
      expect(Math.min(...counts)).toBe(Math.min(...Array.from({ length: g - 1 }, (_, d) => globalLinkCount(p, d + 1))));
    }
  });

  it('the circulant rule: the a·h − (g−1)·⌊a·h/(g−1)⌋ extra links go to the nearest distances, and to g/2 when odd', () => {
    // a=4 h=2 g=6: 8 ports, 5 other groups, base 1, 3 extra: d = ±1 and d = 3
    expect([1, 2, 3, 4, 5].map((d) => globalLinkCount(params('dragonfly:p=1,a=4,h=2,g=6'), d))).toEqual([2, 1, 2, 1, 2]);
    // a=4 h=4 g=8: 16 ports, 7 others, base 2, 2 extra: d = ±1
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => globalLinkCount(params('dragonfly:p=1,a=4,h=4,g=8'), d))).toEqual([3, 2, 2, 2, 2, 2, 3]);
    // canonical: one each
    expect([1, 4, 8].map((d) => globalLinkCount(params('dragonfly:p=1,a=4,h=2'), d))).toEqual([1, 1, 1]);
  });
});

describe('notes and construction name the arrangement and the link counts', () => {
  it('canonical', () => {
    const p = params('dragonfly:p=2,a=4,h=2');
    expect(df.notes!(p)).toEqual(['canonical dragonfly: g = a·h + 1 = 9, one global link per pair of groups (palm-tree)']);
    expect(df.construction!(p)).toBe('canonical (g=9)');
  });

  it('non-canonical: the fewest and most global links any group pair gets, as built', () => {
    const p = params('dragonfly:p=2,a=4,h=2,g=6,arrangement=consecutive');
    const counts = [...globalLanes(compile(spec('dragonfly:p=2,a=4,h=2,g=6,arrangement=consecutive'))).pair.values()];
    expect([Math.min(...counts), Math.max(...counts)]).toEqual([1, 2]);
    expect(df.notes!(p)).toEqual(['non-canonical dragonfly: g = 6 < a·h + 1 = 9; group pairs get 1–2 global links (consecutive)']);
    expect(df.construction!(p)).toBe('table (g=6; canonical 9)');
    // a·h = 8 over g − 1 = 4 other groups: 2 each, no extra links
    expect(df.notes!(params('dragonfly:p=2,a=4,h=2,g=5'))).toEqual(['non-canonical dragonfly: g = 5 < a·h + 1 = 9; group pairs get 2–2 global links (palm-tree)']);
  });

  it('arrangements: palm-tree ports point at the next groups, consecutive ports at groups 0, 1, … skipping its own', () => {
    // canonical p=2 a=4 h=2 (g = 9): router r of group i owns ports 2r and 2r + 1
    for (const [arrangement, want] of [
      ['palm-tree', [4, 5]],
      ['consecutive', [0, 1]],
    ] as const) {
      const c = compile(spec(`dragonfly:p=2,a=4,h=2,arrangement=${arrangement}`));
      const { group } = globalLanes(c);
      const r0 = c.csr.ids.indexOf('g3.r0');
      const peers: number[] = [];
      for (let e = 0; e < c.csr.edges; e++) {
        const [u, v] = [c.csr.arcTail[2 * e], c.csr.arcHead[2 * e]];
        if (u >= c.csr.switches || v >= c.csr.switches) continue;
        const other = u === r0 ? v : v === r0 ? u : -1;
        if (other >= 0 && group(other) !== 3) peers.push(group(other));
      }
      expect(peers.sort(), arrangement).toEqual(want);
    }
  });
});

describe('closed-form bisection equals the max-flow cut of the natural halves', () => {
  it.each(['dragonfly:p=2,a=4,h=2,g=6', 'dragonfly:p=2,a=4,h=2,g=6,arrangement=consecutive', 'dragonfly:p=1,a=4,h=4,g=8', 'dragonfly:p=4,a=4,h=2,g=4', 'dragonfly:p=2,a=4,h=2', 'dragonfly:p=3,a=6,h=3', 'dragonfly:p=1,a=2,h=1'])('%s', (ref) => {
    const s = spec(ref);
    const p = s.params as DragonflyParams;
    const c = compile(s);
    const b = bisection(c, { trials: 0 });
    const closed = df.bisection!(p);
    expect(closed.gbps).toBe(b.cutGbps);
    if (p.g % 2 === 0) {
      // whole groups a side: the global lanes between groups < g/2 and the rest, or the NICs of a half
      const { pair } = globalLanes(c);
      let crossing = 0;
      for (const [k, n] of pair) {
        const [i, j] = k.split(',').map(Number);
        if (i < p.g / 2 !== j < p.g / 2) crossing += n;
      }
      expect(closed.gbps).toBe(Math.min(crossing, (p.g * p.a * p.p) / 2) * 400);
      expect(closed.basis).toBe('global links between the two halves of the groups (or the NICs of a half)');
    } else {
      const m = (p.g - 1) / 2;
      expect(closed.gbps).toBe(Math.min(m * m + 2 * m, (p.g * p.a * p.p) / 2) * 400);
      expect(closed.basis).toMatch(/^canonical palm-tree, p = h: m² \+ 2m global links/);
    }
  });

  it('a NIC-bound even-g fabric: half the endpoints × NIC rate', () => {
    // p=1, a=2, h=4 (radix 1 + 1 + 4), g=6: 2 endpoints a group, 6 a side; 8 ports over 5 groups, 9 crossing lanes at least
    const p = params('dragonfly:p=1,a=2,h=4,g=6');
    expect(df.bisection!(p).gbps).toBe(6 * 400);
    expect(bisection(compile(spec('dragonfly:p=1,a=2,h=4,g=6')), { trials: 0 }).cutGbps).toBe(6 * 400);
  });

  it.each([
    ['dragonfly:p=2,a=4,h=2,g=5', 'odd g, not canonical'],
    ['dragonfly:p=2,a=4,h=2,arrangement=consecutive', 'canonical, consecutive'],
    ['dragonfly:p=3,a=4,h=2', 'p ≠ h'],
    ['dragonfly:p=2,a=3,h=2', 'odd a'],
  ])('%s (%s): no closed form, and it says why', (ref) => {
    expect(df.bisection!(params(ref))).toEqual({ gbps: null, basis: 'odd g splits a group between the halves: no closed form for this Dragonfly (see the max-flow cut)' });
  });
});

describe('sizing: a balanced Dragonfly, a = 2p = 2h, router radix 4p − 1 ≤ k, the fewest groups', () => {
  const req = (gpus: number, radix = 64) => ({ gpus, radix, gpusPerHost: 8, nicGbps: 400, maxOversubscription: 1 });
  it.each([
    [2048, 64],
    [100_000, 64],
    [262_656, 64],
    [4096, 32],
  ])('%i GPUs at radix %i', (N, k) => {
    const p = Math.floor((k + 1) / 4);
    const g = Math.ceil(N / (2 * p * p));
    expect(df.sizing!(req(N, k))).toEqual([{ design: `Dragonfly (g=${g})`, params: { k, p, a: 2 * p, h: p, g }, capacity: 2 * p * p * (2 * p * p + 1) }]);
  });

  it('too many GPUs, too few groups, too small a radix: a reason instead', () => {
    expect(df.sizing!(req(262_657))).toEqual([{ design: 'Dragonfly', reason: 'a balanced Dragonfly holds at most 262,656 endpoints at radix 64 (p=16, a=32, h=16, g=513)', largest: 262_656 }]);
    expect(df.sizing!(req(1536))).toEqual([
      { design: 'Dragonfly', reason: 'at radix 64 one Dragonfly group holds 512 endpoints, so 1,536 GPUs need only 3 groups; a Dragonfly needs at least 4 groups to be one', largest: 262_656 },
    ]);
    expect(df.sizing!(req(512))[0]).toMatchObject({ reason: 'at radix 64 one Dragonfly group holds 512 endpoints, so 512 GPUs need only 1 group; a Dragonfly needs at least 4 groups to be one' });
    expect(df.sizing!(req(1537))[0]).toMatchObject({ design: 'Dragonfly (g=4)' });
    expect(df.sizing!(req(64, 2))).toEqual([{ design: 'Dragonfly', reason: 'radix 2 is too small for a balanced Dragonfly', largest: 0 }]);
    // radix 3 is the smallest with p = 1: a = 2, h = 1, g ≤ 3
    expect(df.sizing!(req(7, 4))).toEqual([{ design: 'Dragonfly', reason: 'a balanced Dragonfly holds at most 6 endpoints at radix 4 (p=1, a=2, h=1, g=3)', largest: 6 }]);
  });
});

describe('orbits, cable plan', () => {
  it('palm-tree: group 0 routers represent g routers each; consecutive: no orbits', () => {
    expect(df.orbits!(params('dragonfly:p=2,a=4,h=2'))).toEqual([0, 1, 2, 3].map((r) => ({ leaf: `g0.r${r}`, size: 9 })));
    expect(df.orbits!(params('dragonfly:p=2,a=4,h=2,arrangement=consecutive'))).toBeNull();
  });

  it('cable plan in closed form: p·a·g endpoint cables, g·a(a−1)/2 local, g·a·h/2 global, a·g routers', () => {
    const p = params('dragonfly:p=2,a=4,h=2,g=6,nicGbps=200');
    const plan = df.cablePlan!(p);
    expect(plan.switches).toEqual([{ tier: 1, role: 'router', radix: 64, count: 24 }]);
    expect(plan.cables.map((x) => [x.layer, x.cables, x.blockEndpoints, x.gbps])).toEqual([
      ['endpoint', 48, 2, 200],
      ['local', 36, 8, 200],
      ['global', 24, 48, 200],
    ]);
    expect(plan.cables.map((x) => x.placement)).toEqual(['NIC to its router', 'inside a group', 'across the floor']);
    expect([plan.endpoints, plan.planeEndpoints, plan.planes, plan.source]).toEqual([48, 48, 1, 'closed form']);
  });
});

describe('parameter checks name the constraint', () => {
  it.each([
    ['dragonfly:p=16,a=32,h=18', 'dragonfly.k = 64: router radix p + (a−1) + h = 16 + 31 + 18 = 65 exceeds the switch radix'],
    ['dragonfly:p=2,a=4,h=2,g=10', 'dragonfly.g = 10: at most a·h + 1 = 9 groups: each group has a·h global ports'],
    ['dragonfly:p=2,a=3,h=1,g=3', 'dragonfly.g = 3: g·a·h must be even so every global port is paired (g·a·h = 9)'],
    ['dragonfly:p=2,a=3,h=3,g=3', 'dragonfly.g = 3: g·a·h must be even so every global port is paired (g·a·h = 27)'],
  ])('%s', (ref, message) => {
    expect(() => spec(ref)).toThrow(message);
  });

  it('every refusal is a zod custom issue on the field (spec.ts formats those by their message)', () => {
    // a mutant that empties `code: 'custom'` keeps the message, so the formatted error above is unchanged
    for (const [raw, path] of [
      [{ p: 16, a: 32, h: 18 }, 'k'],
      [{ p: 2, a: 4, h: 2, g: 10 }, 'g'],
      [{ p: 2, a: 3, h: 1, g: 3 }, 'g'],
    ] as const) {
      const r = familyOf({ family: 'dragonfly' }).schema.safeParse(raw);
      expect(r.success).toBe(false);
      expect([r.error!.issues[0].code, r.error!.issues[0].path.join('.')]).toEqual(['custom', path]);
    }
  });

  it('the limits themselves are accepted: radix exactly k, g = a·h + 1, even g·a·h', () => {
    expect(spec('dragonfly:k=8,p=2,a=4,h=2').params).toMatchObject({ g: 9 });
    expect(spec('dragonfly:p=2,a=4,h=2,g=9').params).toMatchObject({ g: 9 });
    expect(spec('dragonfly:p=2,a=3,h=1,g=4').params).toMatchObject({ g: 4 });
    // g·a·h = 12 is even (g·a/h = 3 is not: the rule is about ports, g·a·h)
    expect(spec('dragonfly:p=2,a=2,h=2,g=3').params).toMatchObject({ g: 3 });
  });
});

describe('the engine columns the report, the floor plan and the cabling read', () => {
  it('dragonfly:p=3,a=4,h=2,gpusPerHost=2: roles, groups and link layers, by formula', () => {
    const [p, a, h, G] = [3, 4, 2, 2];
    const g = a * h + 1;
    const c = compile(spec(`dragonfly:p=${p},a=${a},h=${h},gpusPerHost=${G}`));
    const { csr } = c;
    const S = g * a;
    expect([csr.switches, csr.endpoints]).toEqual([S, S * p]);
    expect(c.fabric.getAttribute('family')).toBe('dragonfly');
    // the closed counts: every router is tier 1
    expect(df.counts(c.spec.params).switchesByTier).toEqual({ tier1: S });
    // the engine's code tables decode the columns; what is tested is the labels the family gave
    const [roles, layers] = [ROLES, LAYERS];
    for (let u = 0; u < S; u++) {
      expect(roles[csr.role[u]], `role of ${u}`).toBe('router');
      expect(csr.group[u], `group of router ${u}`).toBe(Math.floor(u / a));
    }
    // endpoint e hangs off router ⌊e/p⌋ (hosts of G GPUs may straddle two routers), so its group is ⌊e/(p·a)⌋
    const layerCount = new Map<string, number>();
    for (let e = 0; e < csr.edges; e++) {
      const [u, v] = [csr.arcTail[2 * e], csr.arcHead[2 * e]];
      const layer = layers[csr.layer[e]];
      layerCount.set(layer, (layerCount.get(layer) ?? 0) + 1);
      if (layer === 'endpoint') {
        const [ep, router] = u >= S ? [u, v] : [v, u];
        const i = ep - S;
        expect(router, `router of endpoint ${i}`).toBe(Math.floor(i / p));
        expect(csr.group[ep], `group of endpoint ${i}`).toBe(Math.floor(i / (p * a)));
      }
      if (layer === 'local') expect(Math.floor(u / a)).toBe(Math.floor(v / a));
      if (layer === 'global') expect(Math.floor(u / a)).not.toBe(Math.floor(v / a));
    }
    // one NIC link per endpoint, a(a−1)/2 local links per group, one global link per pair of groups (canonical),
    // and G NVLink spokes per host
    expect(Object.fromEntries(layerCount)).toEqual({ endpoint: S * p, local: (g * a * (a - 1)) / 2, global: (g * (g - 1)) / 2, nvlink: S * p });
  });
});
