/**
 * slimfly: Slim Fly, the McKay–Miller–Širáň (MMS) graph of diameter 2 over GF(q), q = 4w + δ a prime power
 * with δ ∈ {−1, 0, 1}. 2q² routers (0,x,y) and (1,m,c); (0,x,y)~(0,x,y') iff y−y' ∈ X,
 * (1,m,c)~(1,m,c') iff c−c' ∈ X', (0,x,y)~(1,m,c) iff y = m·x + c. Network radix k' = (3q − δ)/2;
 * p = ⌈k'/2⌉ endpoints per router by default. Counts: routers 2q², links q²·k', endpoints 2q²·p.
 * Citation: M. Besta, T. Hoefler, "Slim Fly: A Cost Effective Low-Diameter Network Topology", SC14;
 * B. D. McKay, M. Miller, J. Širáň, J. Combin. Theory B 74 (1998).
 */
import { z } from 'zod';
import { commonShape, evenRadix, ceilDiv, fmtCount, type Family, type ClosedCounts, type SizingRequest, type SizingOption } from '../family.js';
import type { CablePlan } from '../cabling.js';
import { routerPlan, type P } from '../cable-plans.js';
import { familyEngine, type Fabric } from '../model.js';
import { galoisField, power, primePowerOf } from '../gf.js';

/** δ with q = 4w + δ, or null when q ≡ 2 (mod 4). */
export function sfDelta(q: number): -1 | 0 | 1 | null {
  const m = ((q % 4) + 4) % 4;
  return m === 0 ? 0 : m === 1 ? 1 : m === 3 ? -1 : null;
}

export const sfNetworkRadix = (q: number) => (3 * q - (sfDelta(q) ?? 0)) / 2;

/** the largest q the schema accepts (and so the largest Slim Fly `plan` may propose) */
export const SF_Q_MAX = 97;

export const slimflySchema = z
  .object({
    k: evenRadix(),
    q: z.number().int().min(3).max(SF_Q_MAX),
    p: z.number().int().min(1).optional(),
    ...commonShape,
  })
  .strict()
  .superRefine((p, ctx) => {
    if (sfDelta(p.q) === null) {
      ctx.addIssue({ code: 'custom', path: ['q'], message: 'must be 4w + δ with δ ∈ {−1, 0, 1} (q ≡ 2 mod 4 has no Slim Fly)' });
      return;
    }
    const kp = sfNetworkRadix(p.q);
    const ep = p.p ?? Math.ceil(kp / 2);
    if (ep + kp > p.k) ctx.addIssue({ code: 'custom', path: ['k'], message: `router radix p + k' = ${ep} + ${kp} = ${ep + kp} exceeds the switch radix` });
  })
  .transform((p) => ({ ...p, p: p.p ?? Math.ceil(sfNetworkRadix(p.q) / 2) }));

export type SlimflyParams = z.output<typeof slimflySchema>;

export function buildableQ(q: number): boolean {
  return sfDelta(q) !== null && primePowerOf(q) !== null && q >= 3;
}

/** Why no MMS graph exists for q, naming the nearest buildable q below and above. */
export function slimflyUnbuildable(p: SlimflyParams): string | null {
  if (primePowerOf(p.q)) return null;
  let below = p.q - 1;
  while (below >= 3 && !buildableQ(below)) below--;
  let above = p.q + 1;
  while (!buildableQ(above)) above++;
  const fit = (q: number) => {
    const kp = sfNetworkRadix(q);
    const radix = kp + Math.ceil(kp / 2);
    const n = (x: number) => x.toLocaleString('en-US');
    return `q=${q} (${n(2 * q * q)} routers, ${n(2 * q * q * Math.ceil(kp / 2))} endpoints, radix ${radix}${radix > p.k ? `: exceeds ${p.k} ports` : `, fits ${p.k} ports`})`;
  };
  return `no Slim Fly (MMS graph) exists for q=${p.q}: ${p.q} is not a prime power, so GF(${p.q}) does not exist; counts are closed-form only. Nearest buildable: ${below >= 3 ? fit(below) : 'none below'} and ${fit(above)}`;
}

export function slimflyCounts(p: SlimflyParams): ClosedCounts {
  const routers = 2 * p.q * p.q;
  const endpoints = routers * p.p;
  return {
    endpoints,
    hosts: ceilDiv(endpoints, p.gpusPerHost),
    switches: routers,
    switchesByTier: { tier1: routers },
    links: p.q * p.q * sfNetworkRadix(p.q),
    endpointLinks: endpoints,
  };
}

/** The MMS generator sets X (for the (0,·,·) side) and X' (for the (1,·,·) side) as field elements. */
export function generatorSets(q: number): { X: number[]; Xp: number[] } {
  const f = galoisField(q);
  const d = sfDelta(q)!;
  const w = (q - d) / 4;
  const pw = (e: number) => power(f, e);
  const range = (from: number, to: number) => (from > to ? [] : Array.from({ length: Math.floor((to - from) / 2) + 1 }, (_, i) => from + 2 * i));
  if (d === 1) return { X: range(0, q - 3).map(pw), Xp: range(1, q - 2).map(pw) };
  if (d === 0) return { X: range(0, q - 2).map(pw), Xp: range(1, q - 1).map(pw) };
  return { X: [...range(0, 2 * w - 2), ...range(2 * w - 1, 4 * w - 3)].map(pw), Xp: [...range(1, 2 * w - 1), ...range(2 * w, 4 * w - 2)].map(pw) };
}

export const sfRouterId = (side: number, a: number, b: number) => `sf${side}.${a}.${b}`;

function slimflyNotes(p: SlimflyParams): string[] {
  return [`MMS graph over GF(${p.q}), δ = ${sfDelta(p.q)}, network radix k' = ${sfNetworkRadix(p.q)}, ${p.p} endpoints per router`];
}

export function buildSlimfly(p: SlimflyParams, name: string): Fabric {
  const q = p.q;
  const f = galoisField(q);
  const { X, Xp } = generatorSets(q);
  const counts = slimflyCounts(p);
  const b = familyEngine('slimfly', name, p, counts.hosts, 1, slimflyNotes(p), counts);
  // router (side, a, b) is node first + side·q² + a·q + b
  const qq = q * q;
  const first = b.switches(
    2 * qq,
    (j) => sfRouterId(Math.floor(j / qq), Math.floor(j / q) % q, j % q),
    (j) => ({ tier: 1, role: 'router', radix: p.k, group: Math.floor(j / qq) * q + (Math.floor(j / q) % q) }),
  );
  const router = (side: number, a: number, c: number) => first + side * qq + a * q + c;
  const sub = (a: number, c: number) => f.add[a * q + f.neg[c]];
  const inX = new Uint8Array(q);
  const inXp = new Uint8Array(q);
  X.forEach((x) => (inX[x] = 1));
  Xp.forEach((x) => (inXp[x] = 1));
  for (let a = 0; a < q; a++)
    for (let y = 0; y < q; y++)
      for (let y2 = y + 1; y2 < q; y2++) {
        if (inX[sub(y, y2)]) b.link(router(0, a, y), router(0, a, y2), 1, p.nicGbps, 'router');
        if (inXp[sub(y, y2)]) b.link(router(1, a, y), router(1, a, y2), 1, p.nicGbps, 'router');
      }
  for (let x = 0; x < q; x++)
    for (let m = 0; m < q; m++) for (let c = 0; c < q; c++) b.link(router(0, x, f.add[f.mul[m * q + x] * q + c]), router(1, m, c), 1, p.nicGbps, 'router');
  for (let e = 0; e < counts.endpoints; e++) {
    const ep = b.hostScaleUp(Math.floor(e / p.gpusPerHost), e % p.gpusPerHost);
    b.link(ep, first + Math.floor(e / p.p), 1, p.nicGbps, 'endpoint');
  }
  return b.fabric();
}

/**
 * Slim Fly after Besta & Hoefler's layout: rack pair ("cell") x holds group x of both MMS
 * subgraphs. Inside a cell: each group's (q−δ)/2-regular intra-group links, plus the q links that
 * join group x of subgraph 0 to group x of subgraph 1 (every group pair shares exactly q links).
 * The remaining q²(q−1) links join different cells. Closed form, so it holds for any q.
 */
function slimflyPlan(p: P): CablePlan {
  const q: number = p.q;
  const delta = sfDelta(q) ?? 0;
  const kp = sfNetworkRadix(q);
  const routers = 2 * q * q;
  const inCell = (q * (q - delta)) / 2 + q;
  return routerPlan(p, routers, [
    { layer: 'router', cables: q * inCell, blockEndpoints: 2 * q * p.p, placement: 'inside a rack pair (group x of both subgraphs)' },
    { layer: 'router', cables: q * q * kp - q * inCell, blockEndpoints: routers * p.p, placement: 'between rack pairs' },
  ]);
}

/** Slim Fly (MMS) parameters for q, or null when q is not buildable: q = 4w + δ, δ ∈ {−1, 0, 1}, a prime power. */
export function slimFlyShape(q: number): { q: number; delta: number; kPrime: number; p: number } | null {
  if (q < 3 || !buildableQ(q)) return null;
  const kPrime = sfNetworkRadix(q);
  return { q, delta: sfDelta(q)!, kPrime, p: Math.ceil(kPrime / 2) };
}

/** The smallest buildable q that holds N and fits the radix. */
function slimflySizing({ gpus: N, radix: k }: SizingRequest): SizingOption[] {
  let largest: ReturnType<typeof slimFlyShape> = null;
  let capped = false;
  for (let q = 3; ; q++) {
    if (q > SF_Q_MAX) {
      capped = true;
      break;
    }
    const s = slimFlyShape(q);
    if (!s) continue;
    if (s.p + s.kPrime > k) break;
    largest = s;
    if (2 * q * q * s.p >= N) return [{ design: `Slim Fly (q=${q})`, params: { k, q, p: s.p }, capacity: 2 * q * q * s.p }];
  }
  const most = largest ? 2 * largest.q ** 2 * largest.p : 0;
  const limit = capped ? `topoplan builds Slim Fly up to q=${SF_Q_MAX}, which holds ${fmtCount(most)} endpoints` : `a Slim Fly that fits radix ${k} holds at most ${fmtCount(most)} endpoints (q=${largest?.q})`;
  return [
    {
      design: 'Slim Fly',
      reason: largest ? limit : `radix ${k} is too small for any Slim Fly`,
      largest: most,
    },
  ];
}

export const slimfly: Family<SlimflyParams> = {
  name: 'slimfly',
  summary: "Slim Fly (MMS graph over GF(q)), router diameter 2, network radix k' = (3q − δ)/2, p = ⌈k'/2⌉ endpoints per router",
  citation: 'Besta, Hoefler, "Slim Fly: A Cost Effective Low-Diameter Network Topology", SC14 (MMS graphs)',
  schema: slimflySchema as unknown as z.ZodType<SlimflyParams>,
  counts: slimflyCounts,
  build: buildSlimfly,
  unbuildable: slimflyUnbuildable,
  // Not a claim of vertex-transitivity: an MMS graph is k'-regular with diameter 2 (McKay–Miller–Širáň;
  // tests check it by BFS from every router up to q = 27), so every router sees 1, k' and 2q² − 1 − k'
  // routers at distances 0, 1, 2, each with p endpoints: one BFS gives exact path statistics.
  orbits: (p) => [{ leaf: sfRouterId(0, 0, 0), size: 2 * p.q * p.q }],
  leafGroups: [],
  sizing: slimflySizing,
  construction: (p) => `MMS q=${p.q}`,
  notes: slimflyNotes,
  cablePlan: slimflyPlan,
};
