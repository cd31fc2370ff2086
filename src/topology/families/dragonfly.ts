/**
 * dragonfly: g groups of a routers; routers of a group form a full mesh (local links); each router has h
 * global links and p endpoints. Canonical: g = a·h + 1, exactly one global link per pair of groups. With
 * fewer groups, pairs of groups get ⌊a·h/(g−1)⌋ or one more global links (bundled as lanes), the extra
 * links forming a circulant pattern so every group has exactly a·h global ports in use.
 * Router radix p + (a−1) + h. Counts: routers a·g, endpoints p·a·g, local links g·a(a−1)/2,
 * global links g·a·h/2.
 * Citation: J. Kim, W. J. Dally, S. Scott, D. Abts, "Technology-Driven, Highly-Scalable Dragonfly
 * Topology", ISCA 2008; global-link arrangements after Camarero, Vallejo, Beivide, TACO 2014.
 */
import { z } from 'zod';
import { commonShape, evenRadix, ceilDiv, fmtCount, type Family, type ClosedCounts, type ClosedBisection, type SizingRequest, type SizingOption } from '../family.js';
import type { CablePlan } from '../cabling.js';
import { routerPlan, type P } from '../cable-plans.js';
import { familyEngine, type Fabric } from '../model.js';

export const dragonflySchema = z
  .object({
    k: evenRadix(),
    p: z.number().int().min(1).default(16),
    a: z.number().int().min(1).default(32),
    h: z.number().int().min(1).default(16),
    g: z.number().int().min(2).optional(),
    arrangement: z.enum(['palm-tree', 'consecutive']).default('palm-tree'),
    ...commonShape,
  })
  .strict()
  .superRefine((p, ctx) => {
    const radix = p.p + (p.a - 1) + p.h;
    if (radix > p.k) {
      ctx.addIssue({ code: 'custom', path: ['k'], message: `router radix p + (a−1) + h = ${p.p} + ${p.a - 1} + ${p.h} = ${radix} exceeds the switch radix` });
      return;
    }
    const g = p.g ?? p.a * p.h + 1;
    if (g > p.a * p.h + 1) ctx.addIssue({ code: 'custom', path: ['g'], message: `at most a·h + 1 = ${p.a * p.h + 1} groups: each group has a·h global ports` });
    else if ((g * p.a * p.h) % 2 !== 0) ctx.addIssue({ code: 'custom', path: ['g'], message: `g·a·h must be even so every global port is paired (g·a·h = ${g * p.a * p.h})` });
  })
  .transform((p) => ({ ...p, g: p.g ?? p.a * p.h + 1 }));

export type DragonflyParams = z.output<typeof dragonflySchema>;

export function dragonflyCounts(p: DragonflyParams): ClosedCounts {
  const routers = p.a * p.g;
  const endpoints = p.p * routers;
  return {
    endpoints,
    hosts: ceilDiv(endpoints, p.gpusPerHost),
    switches: routers,
    switchesByTier: { tier1: routers },
    links: (p.g * p.a * (p.a - 1)) / 2 + (p.g * p.a * p.h) / 2,
    endpointLinks: endpoints,
  };
}

/** Global links between group i and the group d steps ahead (d = 1..g−1), a circulant pattern. */
export function globalLinkCount(p: DragonflyParams, d: number): number {
  const ports = p.a * p.h;
  const base = Math.floor(ports / (p.g - 1));
  const rem = ports - base * (p.g - 1);
  // rem extra links per group: to the groups at distance ±1, ±2, …, and g/2 when rem is odd (g even then).
  const half = Math.floor(rem / 2);
  const dd = Math.min(d, p.g - d);
  const extra = dd <= half || (rem % 2 === 1 && 2 * d === p.g) ? 1 : 0;
  return base + extra;
}

/** Targets of group i in port order: palm-tree is relative (i+1, i+2, …), consecutive absolute (0, 1, … skipping i). */
function targetOrder(p: DragonflyParams, i: number): number[] {
  return Array.from({ length: p.g - 1 }, (_, m) => (p.arrangement === 'palm-tree' ? (i + m + 1) % p.g : m < i ? m : m + 1));
}

/** For each group, the router owning each port towards each target group. */
function portRouters(p: DragonflyParams): Array<Map<number, number[]>> {
  return Array.from({ length: p.g }, (_, i) => {
    const m = new Map<number, number[]>();
    let port = 0;
    for (const t of targetOrder(p, i)) {
      const c = globalLinkCount(p, (t - i + p.g) % p.g);
      const rs: number[] = [];
      for (let x = 0; x < c; x++) rs.push(Math.floor(port++ / p.h));
      m.set(t, rs);
    }
    return m;
  });
}

export const routerId = (group: number, r: number) => `g${group}.r${r}`;

function dragonflyNotes(p: DragonflyParams): string[] {
  if (p.g === p.a * p.h + 1) return [`canonical dragonfly: g = a·h + 1 = ${p.g}, one global link per pair of groups (${p.arrangement})`];
  // the extra links sit at the nearest distances (and g/2), so the fewest is not always at g/2: take both ends
  const counts = Array.from({ length: p.g - 1 }, (_, d) => globalLinkCount(p, d + 1));
  return [`non-canonical dragonfly: g = ${p.g} < a·h + 1 = ${p.a * p.h + 1}; group pairs get ${Math.min(...counts)}–${Math.max(...counts)} global links (${p.arrangement})`];
}

export function buildDragonfly(p: DragonflyParams, name: string): Fabric {
  const counts = dragonflyCounts(p);
  const b = familyEngine('dragonfly', name, p, counts.hosts, 1, dragonflyNotes(p), counts);
  // router r of group grp is node first + grp·a + r
  const first = b.switches(p.g * p.a, (i) => routerId(Math.floor(i / p.a), i % p.a), (i) => ({ tier: 1, role: 'router', radix: p.k, group: Math.floor(i / p.a) }));
  const router = (grp: number, r: number) => first + grp * p.a + r;
  // Every router pair is linked once (no lookup): local pairs are distinct, and the global links of a group
  // pair are bundled per router pair before they are added.
  for (let grp = 0; grp < p.g; grp++)
    for (let r = 0; r < p.a; r++) for (let s = r + 1; s < p.a; s++) b.link(router(grp, r), router(grp, s), 1, p.nicGbps, 'local');
  // Pair the ports of i towards t with the ports of t towards i, in order; repeats of a router pair are lanes.
  const ports = portRouters(p);
  const lanes = new Map<number, number>();
  for (let i = 0; i < p.g; i++)
    for (const [t, rs] of ports[i]) {
      if (t < i) continue;
      const back = ports[t].get(i)!;
      lanes.clear();
      rs.forEach((r, x) => lanes.set(r * p.a + back[x], (lanes.get(r * p.a + back[x]) ?? 0) + 1));
      for (const [pair, n] of lanes) b.link(router(i, Math.floor(pair / p.a)), router(t, pair % p.a), n, p.nicGbps, 'global');
    }
  // Endpoints fill routers in order, p each; hosts take consecutive endpoints, so when gpusPerHost does not
  // divide p a host straddles two routers (possibly two groups) and the last host may be partial.
  for (let e = 0; e < counts.endpoints; e++) {
    const r = Math.floor(e / p.p);
    const ep = b.hostScaleUp(Math.floor(e / p.gpusPerHost), e % p.gpusPerHost, 'group', Math.floor(r / p.a));
    b.link(ep, first + r, 1, p.nicGbps, 'endpoint');
  }
  return b.fabric();
}

function dragonflyPlan(p: P): CablePlan {
  const routers = p.a * p.g;
  return routerPlan(p, routers, [
    { layer: 'local', cables: (p.g * p.a * (p.a - 1)) / 2, blockEndpoints: p.p * p.a, placement: 'inside a group' },
    { layer: 'global', cables: (p.g * p.a * p.h) / 2, blockEndpoints: p.p * routers, placement: 'across the floor' },
  ]);
}

/** Closed-form bisection between the natural halves: groups in order, the middle group split when g is odd. */
function dragonflyBisection(p: DragonflyParams): ClosedBisection {
  const nic = p.nicGbps;
  const half = (p.g * p.a * p.p) / 2;
  if (p.g % 2 === 0) {
    // whole groups on each side: only global links cross
    const gA = p.g / 2;
    let global = 0;
    for (let i = 0; i < gA; i++) for (let j = gA; j < p.g; j++) global += globalLinkCount(p, (j - i + p.g) % p.g);
    return { gbps: Math.min(global, half) * nic, basis: 'global links between the two halves of the groups (or the NICs of a half)' };
  }
  if (p.g === p.a * p.h + 1 && p.arrangement === 'palm-tree' && p.p === p.h && p.a % 2 === 0) {
    // Balanced canonical palm-tree, m = (g−1)/2 whole groups a side plus half of the middle group M.
    // Flow ≥ m² + 2m: the m² global links between whole groups, the m links from M's first half (its
    // ports towards the m groups after it) and the m links into M's second half, all disjoint.
    // Cut ≤ m² + m + (a/2)·p: cut around side A's whole groups (m² + m global links) and the NICs of
    // M's first half. With p = h, (a/2)·p = a·h/2 = m, so both are m² + 2m.
    const m = (p.g - 1) / 2;
    return { gbps: Math.min(m * m + 2 * m, half) * nic, basis: 'canonical palm-tree, p = h: m² + 2m global links, m = (g−1)/2 whole groups a side' };
  }
  return { gbps: null, basis: 'odd g splits a group between the halves: no closed form for this Dragonfly (see the max-flow cut)' };
}

/** A balanced Dragonfly fitted to the radix (a = 2p = 2h, router radix 4p − 1 <= k) with the fewest groups. */
function dragonflySizing({ gpus: N, radix: k }: SizingRequest): SizingOption[] {
  const p = Math.floor((k + 1) / 4);
  const a = 2 * p;
  const h = p;
  const gMax = a * h + 1;
  const groups = Math.ceil(N / (p * a));
  const largest = p * a * gMax;
  if (p < 1) return [{ design: 'Dragonfly', reason: `radix ${k} is too small for a balanced Dragonfly`, largest: 0 }];
  if (groups > gMax) return [{ design: 'Dragonfly', reason: `a balanced Dragonfly holds at most ${fmtCount(largest)} endpoints at radix ${k} (p=${p}, a=${a}, h=${h}, g=${gMax})`, largest }];
  // fewer groups is a couple of router meshes joined by global links, not a Dragonfly worth ranking
  const minGroups = 4;
  if (groups < minGroups)
    return [{ design: 'Dragonfly', reason: `at radix ${k} one Dragonfly group holds ${fmtCount(p * a)} endpoints, so ${fmtCount(N)} GPUs need only ${groups} group${groups === 1 ? '' : 's'}; a Dragonfly needs at least ${minGroups} groups to be one`, largest }];
  return [{ design: `Dragonfly (g=${groups})`, params: { k, p, a, h, g: groups }, capacity: largest }];
}

export const dragonfly: Family<DragonflyParams> = {
  name: 'dragonfly',
  summary: 'Dragonfly: groups of a fully meshed routers, h global links per router, p endpoints per router; canonical g = a·h + 1',
  citation: 'Kim, Dally, Scott, Abts, "Technology-Driven, Highly-Scalable Dragonfly Topology", ISCA 2008',
  schema: dragonflySchema as unknown as z.ZodType<DragonflyParams>,
  counts: dragonflyCounts,
  build: buildDragonfly,
  // Palm-tree arrangements are invariant under rotating the groups, so group 0's routers represent all.
  orbits: (p) => (p.arrangement === 'palm-tree' ? Array.from({ length: p.a }, (_, r) => ({ leaf: routerId(0, r), size: p.g })) : null),
  leafGroups: ['group'],
  bisection: dragonflyBisection,
  sizing: dragonflySizing,
  notes: dragonflyNotes,
  construction: (p) => (p.g === p.a * p.h + 1 ? `canonical (g=${p.g})` : `table (g=${p.g}; canonical ${p.a * p.h + 1})`),
  cablePlan: dragonflyPlan,
};
