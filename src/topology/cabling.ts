/**
 * Cable plans: each family's switches and cables in closed form, by layer, with the block of
 * endpoints whose racks each cable class spans. The layout turns a block into racks and lengths, so
 * the bill of materials needs no graph (formula-only fabrics such as Slim Fly q=28 get one too).
 * Families without a closed-form plan fall back to counting a built graph's lanes per layer.
 *
 * Placement (why each block is what it is) is documented in docs/cost-model.md:
 *  - a leaf or router sits in the racks of the endpoints it serves (block = its endpoints);
 *  - a pod (FT3), a group (Dragonfly) or a rack pair of MMS groups (Slim Fly, as in Besta & Hoefler)
 *    is placed contiguously, so cables inside it span the pod's racks;
 *  - everything else spans the whole floor of the plane.
 * A multi-plane fabric is laid out plane by plane: each plane is a copy of the same plan.
 */
import type { ClosedCounts } from './family.js';
import { ceilDiv } from './family.js';
import { leafPorts } from './families/ft2.js';
import { closSize } from './families/clos.js';
import { sfDelta, sfNetworkRadix } from './families/slimfly.js';
import type { EdgeLayer, Fabric, SwitchRole, Tier } from './model.js';
import type { TopoSpec } from './spec.js';
import { getFamily } from './registry.js';

export interface SwitchClass {
  tier: Tier;
  role: SwitchRole;
  radix: number;
  /** per plane */
  count: number;
}

export interface CableClass {
  layer: EdgeLayer;
  /** per plane */
  cables: number;
  gbps: number;
  /** endpoints whose racks the two ends of a cable of this class are spread over */
  blockEndpoints: number;
  /** where the ends sit, for the reader */
  placement: string;
}

export interface CablePlan {
  planes: number;
  /** endpoints of one plane: sets the plane's floor */
  planeEndpoints: number;
  /** all endpoints (NIC ports) */
  endpoints: number;
  nicGbps: number;
  /** sets the endpoints per rack (hostsPerRack · gpusPerHost) */
  gpusPerHost: number;
  switches: SwitchClass[];
  cables: CableClass[];
  source: 'closed form' | 'graph';
}

type P = Record<string, any>;

function ft2Plan(p: P): CablePlan {
  const { down, up } = leafPorts(p.k, p.oversubscription ?? 1);
  const n = p.endpoints ?? p.k * down;
  const leaves = ceilDiv(n, down);
  const size = closSize({ leaves, up, radix: p.k, tiers: 2 });
  return clos2(1, n, n, leaves, size.spines, leaves * up, down, p);
}

function clos2(planes: number, endpoints: number, perPlane: number, leaves: number, spines: number, up: number, down: number, p: P): CablePlan {
  return {
    planes,
    planeEndpoints: perPlane,
    endpoints,
    nicGbps: p.nicGbps,
    gpusPerHost: p.gpusPerHost,
    switches: [
      { tier: 1, role: 'leaf', radix: p.k, count: leaves },
      { tier: 2, role: 'spine', radix: p.k, count: spines },
    ],
    cables: [
      { layer: 'endpoint', cables: perPlane, gbps: p.nicGbps, blockEndpoints: Math.min(down, perPlane), placement: 'NIC to its leaf' },
      { layer: 'leaf-spine', cables: up, gbps: p.nicGbps, blockEndpoints: perPlane, placement: 'across the plane' },
    ],
    source: 'closed form',
  };
}

function mpftPlan(p: P): CablePlan {
  const half = p.k / 2;
  const nicsPerPlane = p.gpusPerHost / p.planes;
  const n = p.endpoints ?? Math.floor((p.k * p.k) / 2 / nicsPerPlane) * p.gpusPerHost;
  const perPlane = n / p.planes;
  const leaves = ceilDiv(perPlane, half);
  const size = closSize({ leaves, up: half, radix: p.k, tiers: 2 });
  return clos2(p.planes, n, perPlane, leaves, size.spines, leaves * half, half, p);
}

function ft3Plan(p: P): CablePlan {
  const half = p.k / 2;
  const n = p.endpoints ?? (p.k * p.k * p.k) / 4;
  const leaves = ceilDiv(n, half);
  const size = closSize({ leaves, up: half, radix: p.k, tiers: 3, podLeaves: half });
  const leafSpine = leaves * half;
  const switches: SwitchClass[] = [
    { tier: 1, role: 'leaf', radix: p.k, count: leaves },
    { tier: 2, role: 'spine', radix: p.k, count: size.spines },
  ];
  const cables: CableClass[] = [
    { layer: 'endpoint', cables: n, gbps: p.nicGbps, blockEndpoints: Math.min(half, n), placement: 'NIC to its leaf' },
    { layer: 'leaf-spine', cables: leafSpine, gbps: p.nicGbps, blockEndpoints: Math.min(half * half, n), placement: 'inside a pod' },
  ];
  if (size.cores > 0) {
    switches.push({ tier: 3, role: 'core', radix: p.k, count: size.cores });
    cables.push({ layer: 'spine-core', cables: size.links - leafSpine, gbps: p.nicGbps, blockEndpoints: n, placement: 'across the floor' });
  }
  return { planes: 1, planeEndpoints: n, endpoints: n, nicGbps: p.nicGbps, gpusPerHost: p.gpusPerHost, switches, cables, source: 'closed form' };
}

/** A single-tier (direct) network of routers with p endpoints each: NIC cables plus `links` classes. */
function routerPlan(p: P, routers: number, links: Array<Omit<CableClass, 'gbps'>>): CablePlan {
  const n = p.p * routers;
  return {
    planes: 1,
    planeEndpoints: n,
    endpoints: n,
    nicGbps: p.nicGbps,
    gpusPerHost: p.gpusPerHost,
    switches: [{ tier: 1, role: 'router', radix: p.k, count: routers }],
    cables: [{ layer: 'endpoint' as const, cables: n, blockEndpoints: p.p, placement: 'NIC to its router' }, ...links].map((c): CableClass => ({ ...c, gbps: p.nicGbps })),
    source: 'closed form',
  };
}

function dragonflyPlan(p: P): CablePlan {
  const routers = p.a * p.g;
  return routerPlan(p, routers, [
    { layer: 'local', cables: (p.g * p.a * (p.a - 1)) / 2, blockEndpoints: p.p * p.a, placement: 'inside a group' },
    { layer: 'global', cables: (p.g * p.a * p.h) / 2, blockEndpoints: p.p * routers, placement: 'across the floor' },
  ]);
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

const closedPlans: Record<string, (p: P) => CablePlan> = {
  ft2: ft2Plan,
  mpft: mpftPlan,
  ft3: ft3Plan,
  dragonfly: dragonflyPlan,
  slimfly: slimflyPlan,
};

export function hasClosedPlan(family: string): boolean {
  return Object.hasOwn(closedPlans, family) || Boolean(getFamily(family)?.cablePlan);
}

/**
 * A plan from a built graph: lanes per layer; endpoint cables span the endpoints of an average
 * leaf, pod/group-internal layers span an average pod or group, the rest the whole floor.
 */
export function graphPlan(f: Fabric): CablePlan {
  const meta = f.getAttributes();
  const switchClass = new Map<string, SwitchClass>();
  const pods = new Set<number>();
  const groups = new Set<number>();
  let endpoints = 0;
  let leaves = 0;
  f.forEachNode((_id, a) => {
    if (a.kind === 'endpoint') endpoints++;
    if (a.kind !== 'switch') return;
    const key = `${a.tier}|${a.role}|${a.radix}`;
    const c = switchClass.get(key) ?? { tier: a.tier, role: a.role, radix: a.radix, count: 0 };
    c.count++;
    switchClass.set(key, c);
    if (a.tier === 1) leaves++;
    if (a.pod !== undefined) pods.add(a.pod);
    if (a.group !== undefined) groups.add(a.group);
  });
  const byLayer = new Map<string, CableClass>();
  f.forEachEdge((_e, a) => {
    if (a.medium !== 'fabric') return;
    const key = `${a.layer}|${a.gbps}`;
    const c = byLayer.get(key) ?? { layer: a.layer, cables: 0, gbps: a.gbps, blockEndpoints: endpoints, placement: 'across the floor' };
    c.cables += a.lanes;
    byLayer.set(key, c);
  });
  // Planes (rails of a rail-only network) are laid out one by one, like MPFT's: per-plane counts.
  const planes = Math.max(1, meta.planes);
  const perPlane = endpoints / planes;
  for (const c of byLayer.values()) {
    c.cables /= planes;
    c.blockEndpoints = perPlane;
    if (c.layer === 'endpoint') [c.blockEndpoints, c.placement] = [Math.max(1, Math.round(endpoints / Math.max(1, leaves))), 'NIC to its leaf'];
    else if (c.layer === 'leaf-spine' && pods.size > 1) [c.blockEndpoints, c.placement] = [Math.max(1, Math.round(perPlane / pods.size)), 'inside a pod'];
    else if (c.layer === 'local' && groups.size > 1) [c.blockEndpoints, c.placement] = [Math.max(1, Math.round(endpoints / groups.size)), 'inside a group'];
  }
  for (const s of switchClass.values()) s.count /= planes;
  return {
    planes,
    planeEndpoints: perPlane,
    endpoints,
    nicGbps: meta.nicGbps,
    gpusPerHost: meta.gpusPerHost,
    switches: [...switchClass.values()].sort((a, b) => a.tier - b.tier || a.radix - b.radix),
    cables: [...byLayer.values()],
    source: 'graph',
  };
}

/** The spec's plan in closed form, or from its graph when the family has none (null if neither). */
export function cablePlan(spec: TopoSpec, fabric?: Fabric): CablePlan | null {
  const own = getFamily(spec.family)?.cablePlan;
  if (own) return own(spec.params);
  const closed = Object.hasOwn(closedPlans, spec.family) ? closedPlans[spec.family] : undefined;
  if (closed) return closed(spec.params);
  return fabric ? graphPlan(fabric) : null;
}

/** Switch-to-switch and endpoint cables of a plan, for checks against closed counts. */
export function planTotals(plan: CablePlan): Pick<ClosedCounts, 'links' | 'endpointLinks' | 'switches'> {
  let links = 0;
  let endpointLinks = 0;
  for (const c of plan.cables) {
    if (c.layer === 'endpoint') endpointLinks += c.cables * plan.planes;
    else links += c.cables * plan.planes;
  }
  return { links, endpointLinks, switches: plan.switches.reduce((s, c) => s + c.count, 0) * plan.planes };
}
