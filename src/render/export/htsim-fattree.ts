/**
 * htsim FatTree `.topo` (Broadcom/csg-htsim sim/datacenter/fat_tree_topology.cpp, FatTreeTopology::load and
 * set_custom_params). The format describes a regular 2- or 3-tier fat tree by tier parameters, not by wiring:
 * htsim rebuilds the wiring itself. So the exporter first proves that the fabric *is* the tree htsim would
 * build (uniform leaves, full bipartite leaf–spine blocks, pods, core stripes) and refuses anything else,
 * naming htsim-generic, which takes any fabric. Field semantics and limits: docs/interop.md.
 */
import { UsageError } from '../../errors.js';
import { defaultTiming, type ExportView, type LinkTiming } from './view.js';

export interface HtsimFatTreeOptions extends Partial<LinkTiming> {
  /** MPFT and other multi-plane fabrics: the plane to export (default 0); the planes are independent trees */
  plane?: number;
}

function refuse(why: string): never {
  throw new UsageError(`--format htsim-fattree: ${why}; use --format htsim-generic, which describes any fabric link by link`);
}

/** The single value of a list, or a refusal naming what differs. */
function single<T>(values: Iterable<T>, what: string): T {
  const set = [...new Set(values)];
  if (set.length !== 1) refuse(`${what} differ (${set.slice(0, 4).join(', ')}${set.length > 4 ? ', ...' : ''}); htsim gives every switch of a tier the same value`);
  return set[0];
}

function intGbps(g: number, what: string): number {
  if (!Number.isInteger(g)) refuse(`${what} is ${g} Gb/s; htsim reads Downlink_speed_Gbps with stoi (whole Gb/s only)`);
  return g;
}

export interface FatTreeShape {
  nodes: number;
  tiers: 2 | 3;
  podsize: number;
  speed: number[];
  radixDown: number[];
  radixUp: number[];
  oversub: number[];
  bundle: number[];
  plane: number | undefined;
}

/** The tier parameters of the fabric, or a UsageError explaining why htsim's FatTree cannot describe it. */
export function fatTreeShape(v: ExportView, opts: HtsimFatTreeOptions = {}): FatTreeShape {
  let plane: number | undefined;
  let inPlane = (_i: number) => true;
  if (v.planes > 1) {
    plane = opts.plane ?? 0;
    if (!Number.isInteger(plane) || plane < 0 || plane >= v.planes) throw new UsageError(`--plane = ${opts.plane}: this fabric has planes 0 to ${v.planes - 1}`);
    if (v.switches.some((s) => s.plane === undefined)) refuse(`the ${v.planes} planes share switches (a plane's switches must be its own)`);
    inPlane = (i: number) => v.switches[i].plane === plane;
  } else if (opts.plane !== undefined && opts.plane !== 0) throw new UsageError(`--plane = ${opts.plane}: this fabric has one plane (0)`);

  const eps = v.endpoints.filter((e) => e.leaf >= 0 && inPlane(e.leaf));
  if (eps.length === 0) refuse('no endpoint is attached to a switch');
  const sw = v.switches.map((_s, i) => i).filter(inPlane);
  const byTier = [1, 2, 3].map((t) => sw.filter((i) => v.switches[i].tier === t));
  const tiers = byTier[2].length > 0 ? 3 : byTier[1].length > 0 ? 2 : 1;
  if (tiers === 1) refuse('it has a single switch tier (htsim FatTree needs 2 or 3: Tiers must be 2 or 3)');
  for (const l of v.links) {
    if (!inPlane(l.a)) continue;
    if (Math.abs(v.switches[l.a].tier - v.switches[l.b].tier) !== 1) refuse(`switches ${v.switches[l.a].id} and ${v.switches[l.b].id} are joined within a tier or across two tiers`);
  }
  const perLeaf = new Map<number, number>();
  for (const e of eps) perLeaf.set(e.leaf, (perLeaf.get(e.leaf) ?? 0) + 1);
  const leaves = byTier[0];
  if (leaves.some((l) => !perLeaf.has(l))) refuse('some leaves have no endpoints (htsim fills every ToR)');
  if (perLeaf.size !== leaves.length) refuse('endpoints attach above tier 1');
  const d0 = single(perLeaf.values(), 'endpoints per leaf');
  const s0 = intGbps(single(eps.map((e) => e.gbps), 'NIC link rates'), 'the NIC link rate');
  const up = (i: number) => [...v.adjacency[i]].filter(([n]) => v.switches[n].tier === v.switches[i].tier + 1);
  const down = (i: number) => [...v.adjacency[i]].filter(([n]) => v.switches[n].tier === v.switches[i].tier - 1);
  const rate = (tierLow: number) => {
    const rates = v.links.filter((l) => inPlane(l.a) && Math.min(v.switches[l.a].tier, v.switches[l.b].tier) === tierLow).map((l) => l.gbps);
    return intGbps(single(rates, `tier ${tierLow}–${tierLow + 1} link rates`), `the tier ${tierLow}–${tierLow + 1} link rate`);
  };
  const s1 = rate(1);
  const b1 = single(leaves.flatMap((l) => up(l).map(([, lanes]) => lanes)), 'leaf-to-spine bundle sizes');

  // Pods: leaves grouped by the spines above them. A 2-tier tree is one pod holding every spine.
  const pods = new Map<string, number[]>();
  for (const l of leaves) {
    const key = up(l)
      .map(([n]) => n)
      .sort((a, b) => a - b)
      .join(',');
    const pod = pods.get(key);
    if (pod) pod.push(l);
    else pods.set(key, [l]);
  }
  const aggSets = [...pods.keys()].map((k) => k.split(',').map(Number));
  const seen = new Set<number>();
  for (const set of aggSets) for (const a of set) {
    if (seen.has(a)) refuse('pods share tier-2 switches (each leaf must reach exactly the tier-2 switches of its pod)');
    seen.add(a);
  }
  if (seen.size !== byTier[1].length) refuse('some tier-2 switches have no leaf below them');
  if (tiers === 2 && pods.size !== 1) refuse('leaves reach different spines (a 2-tier htsim FatTree joins every leaf to every spine)');
  const leavesPerPod = single([...pods.values()].map((p) => p.length), 'leaves per pod');
  const aggsPerPod = single(aggSets.map((s) => s.length), 'tier-2 switches per pod');
  for (const a of seen) if (down(a).length !== leavesPerPod) refuse(`tier-2 switch ${v.switches[a].id} does not reach every leaf of its pod`);
  const u0 = aggsPerPod * b1;
  const n = eps.length;
  // set_custom_params: no_of_tor_uplinks = N·s0 / (s1·oversub0), and radix_down/radix_up must equal oversub0.
  const o0 = (n * s0) / (s1 * leaves.length * u0);
  if (!Number.isInteger(o0) || o0 < 1 || Math.floor(d0 / u0) !== o0)
    refuse(`leaves have ${d0} ports down at ${s0} Gb/s and ${u0} up at ${s1} Gb/s; htsim needs Radix_Down / Radix_Up (integer division) to equal the integer Oversubscribed ratio`);
  const shape: FatTreeShape = {
    nodes: n,
    tiers,
    podsize: leavesPerPod * d0,
    speed: [s0, s1],
    radixDown: [d0, leavesPerPod * b1],
    radixUp: [u0],
    oversub: [o0],
    bundle: [1, b1],
    plane,
  };
  if (tiers === 3) {
    const s2 = rate(2);
    const aggs = [...seen];
    const b2 = single(aggs.flatMap((a) => up(a).map(([, lanes]) => lanes)), 'tier-2-to-core bundle sizes');
    const coresPerAgg = single(aggs.map((a) => up(a).length), 'core switches per tier-2 switch');
    const cores = byTier[2];
    const podOfAgg = new Map<number, number>();
    aggSets.forEach((set, p) => set.forEach((a) => podOfAgg.set(a, p)));
    for (const c of cores) {
      const below = down(c).map(([a]) => podOfAgg.get(a) ?? -1);
      if (below.length !== pods.size || new Set(below).size !== pods.size) refuse(`core switch ${v.switches[c].id} does not reach exactly one tier-2 switch in every pod`);
    }
    // htsim joins tier-2 switch number p of every pod to the same cores (p, p + A, p + 2A, ...): the pods' tier-2
    // switches must fall into A stripes with identical core sets.
    const stripe = new Map<string, number>();
    for (const a of aggs) {
      const key = up(a)
        .map(([c]) => c)
        .sort((x, y) => x - y)
        .join(',');
      stripe.set(key, (stripe.get(key) ?? 0) + 1);
    }
    if (stripe.size !== aggsPerPod || [...stripe.values()].some((c) => c !== pods.size)) refuse('tier-2 switches of different pods do not share core sets stripe by stripe');
    const u1 = coresPerAgg * b2;
    const torUplinks = leaves.length * u0;
    const o1 = (torUplinks * s1) / (s2 * aggs.length * u1);
    if (!Number.isInteger(o1) || o1 < 1) refuse(`tier-2 switches carry ${leavesPerPod * b1} × ${s1} Gb/s down and ${u1} × ${s2} Gb/s up: not an integer oversubscription`);
    shape.speed.push(s2);
    shape.radixDown.push(pods.size * b2);
    shape.radixUp.push(u1);
    shape.oversub.push(o1);
    shape.bundle.push(b2);
  }
  // fat_tree_topology.cpp asserts addPort() < 96 on ToRs and < 64 on aggregation and core switches.
  const ports = [shape.radixDown[0] + shape.radixUp[0], shape.radixDown[1] + (shape.radixUp[1] ?? 0), shape.radixDown[2] ?? 0];
  const limits = [96, 64, 64];
  ports.forEach((p, i) => {
    if (p > limits[i]) refuse(`tier ${i} switches use ${p} ports; htsim's FatTreeTopology asserts fewer than ${limits[i]} ports per ${['ToR', 'aggregation', 'core'][i]} switch`);
  });
  return shape;
}

export function htsimFatTree(v: ExportView, opts: HtsimFatTreeOptions = {}): string {
  const s = fatTreeShape(v, opts);
  const t = { ...defaultTiming, ...opts };
  if (!Number.isInteger(t.linkLatencyNs) || t.linkLatencyNs < 1) throw new UsageError(`--link-latency-ns = ${t.linkLatencyNs}: htsim needs a whole number of ns >= 1 (0 means "missing")`);
  if (!Number.isInteger(t.switchLatencyNs) || t.switchLatencyNs < 0) throw new UsageError(`--switch-latency-ns = ${t.switchLatencyNs}: must be a whole number of ns >= 0`);
  const lines = [
    `# htsim FatTree topology written by topoplan from ${v.name} (family ${v.family}${s.plane !== undefined ? `, plane ${s.plane} of ${v.planes}; the other planes are separate trees` : ''})`,
    `# hosts are endpoints (one NIC each); htsim joins host i to ToR floor(i / Radix_Down), the numbering of topoplan's htsim-generic and htsim-cm exports`,
    `Nodes ${s.nodes}`,
    `Tiers ${s.tiers}`,
    `Podsize ${s.podsize}`,
  ];
  for (let tier = 0; tier < s.tiers; tier++) {
    lines.push('', `Tier ${tier}`, `Downlink_speed_Gbps ${s.speed[tier]}`, `Radix_Down ${s.radixDown[tier]}`);
    if (tier < s.tiers - 1) lines.push(`Radix_Up ${s.radixUp[tier]}`, `Oversubscribed ${s.oversub[tier]}`);
    if (tier > 0) lines.push(`Bundle ${s.bundle[tier]}`);
    lines.push(`Downlink_Latency_ns ${t.linkLatencyNs}`, `Switch_Latency_ns ${t.switchLatencyNs}`);
  }
  return lines.join('\n') + '\n';
}
