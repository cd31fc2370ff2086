/**
 * Cable plans: each family's switches and cables in closed form (the family's `cablePlan` member, built
 * from cable-plans.ts's blocks), by layer, with the block of
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
import type { EdgeLayer, Fabric, SwitchRole, Tier } from './model.js';
import type { TopoSpec } from './spec.js';
import { getFamily } from './registry.js';
import { compileCsr, MEDIUM_FABRIC } from './csr.js';
import { LAYERS, ROLES } from './engine.js';
import { pendingEngine } from './engine-fabric.js';

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

/** True when the family gives its cable plan in closed form (Family.cablePlan): no graph is needed. */
export function hasClosedPlan(family: string): boolean {
  return Boolean(getFamily(family)?.cablePlan);
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
  const byLayer = new Map<string, CableClass>();
  const c = pendingEngine(f) ? compileCsr(f) : null;
  if (c && c.layer.every((l) => l < LAYERS.length)) {
    // the engine's arrays, in the same orders as the graph walk below: switches, then edges, as inserted
    endpoints = c.endpoints;
    for (let u = 0; u < c.switches; u++) {
      const tier = c.tier[u] as Tier;
      const role = ROLES[c.role[u]] as SwitchRole;
      const key = `${tier}|${role}|${c.radix[u]}`;
      const s = switchClass.get(key) ?? { tier, role, radix: c.radix[u], count: 0 };
      s.count++;
      switchClass.set(key, s);
      if (tier === 1) leaves++;
      if (c.pod[u] >= 0) pods.add(c.pod[u]);
      if (c.group[u] >= 0) groups.add(c.group[u]);
    }
    for (let e = 0; e < c.edges; e++) {
      if (c.medium[e] !== MEDIUM_FABRIC) continue;
      const layer = LAYERS[c.layer[e]];
      const key = `${layer}|${c.gbps[e]}`;
      const k = byLayer.get(key) ?? { layer, cables: 0, gbps: c.gbps[e], blockEndpoints: endpoints, placement: 'across the floor' };
      k.cables += c.lanes[e];
      byLayer.set(key, k);
    }
  } else walkGraph(f, switchClass, pods, groups, byLayer, (n) => (endpoints = n), (n) => (leaves = n));
  return planFrom(meta, switchClass, pods, groups, byLayer, endpoints, leaves);
}

function walkGraph(
  f: Fabric,
  switchClass: Map<string, SwitchClass>,
  pods: Set<number>,
  groups: Set<number>,
  byLayer: Map<string, CableClass>,
  setEndpoints: (n: number) => void,
  setLeaves: (n: number) => void,
): void {
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
  f.forEachEdge((_e, a) => {
    if (a.medium !== 'fabric') return;
    const key = `${a.layer}|${a.gbps}`;
    const c = byLayer.get(key) ?? { layer: a.layer, cables: 0, gbps: a.gbps, blockEndpoints: endpoints, placement: 'across the floor' };
    c.cables += a.lanes;
    byLayer.set(key, c);
  });
  setEndpoints(endpoints);
  setLeaves(leaves);
}

function planFrom(
  meta: ReturnType<Fabric['getAttributes']>,
  switchClass: Map<string, SwitchClass>,
  pods: Set<number>,
  groups: Set<number>,
  byLayer: Map<string, CableClass>,
  endpoints: number,
  leaves: number,
): CablePlan {
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
