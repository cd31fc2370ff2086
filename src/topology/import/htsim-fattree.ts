/**
 * Reads an htsim FatTree `.topo` (Broadcom/csg-htsim sim/datacenter/fat_tree_topology.cpp: FatTreeTopology::load
 * for the syntax, set_custom_params for the sizes, init_network for the wiring) into a raw graph with topoplan's
 * model attributes. The same checks htsim makes are made here, but as exit-2 messages with the line number.
 * Mapping: htsim hosts → endpoints (one NIC per host, gpusPerHost 1, no NVLink); ToR → tier 1 leaf, aggregation →
 * tier 2 spine, core → tier 3 core; bundles → lanes. Latencies and queue sizes are checked and dropped.
 */
import { UndirectedGraph } from 'graphology';
import { LineError } from './line-error.js';

const TIER_KEYS = ['downlink_speed_gbps', 'radix_up', 'radix_down', 'queue_up', 'queue_down', 'oversubscribed', 'bundle', 'switch_latency_ns', 'downlink_latency_ns'] as const;
type TierKey = (typeof TIER_KEYS)[number];

export interface HtsimFatTreeSpec {
  nodes: number;
  tiers: 2 | 3;
  podsize: number;
  tier: Array<Partial<Record<TierKey, number>>>;
}

export function parseHtsimFatTreeSpec(text: string, file: string): HtsimFatTreeSpec {
  const header: Record<string, { v: number; line: number }> = {};
  const tier: Array<Partial<Record<TierKey, number>>> = [{}, {}, {}];
  const seen = [false, false, false];
  let current = -1;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim().split(/\s+/);
    if (t[0] === '' || t[0].startsWith('#')) return;
    const key = t[0].toLowerCase();
    const value = (what: string, min: number) => {
      if (t.length < 2) throw new LineError(file, line, `${t[0]}: expected ${what}, found nothing`);
      if (!/^\d+$/.test(t[1]) || Number(t[1]) < min || Number(t[1]) > 2 ** 31 - 1) throw new LineError(file, line, `${t[0]}: expected ${what} (an integer >= ${min}), found ${JSON.stringify(t[1])}`);
      return Number(t[1]);
    };
    if (current < 0 && (key === 'nodes' || key === 'tiers' || key === 'podsize')) {
      if (header[key]) throw new LineError(file, line, `duplicate ${t[0]} (first on line ${header[key].line})`);
      header[key] = { v: value(key === 'nodes' ? 'the number of hosts' : key === 'tiers' ? 'the number of tiers (2 or 3)' : 'hosts per pod', 1), line };
      if (key === 'tiers' && (header.tiers.v < 2 || header.tiers.v > 3)) throw new LineError(file, line, `Tiers: expected 2 or 3, found ${header.tiers.v}`);
      return;
    }
    if (key === 'tier') {
      current = value('a tier number (0, 1 or 2)', 0);
      if (current > 2) throw new LineError(file, line, `Tier: expected 0, 1 or 2, found ${current}`);
      if (seen[current]) throw new LineError(file, line, `Tier ${current} appears twice`);
      seen[current] = true;
      return;
    }
    if (current < 0) throw new LineError(file, line, `expected Nodes, Tiers, Podsize or Tier, found ${JSON.stringify(t[0])}`);
    if (!(TIER_KEYS as readonly string[]).includes(key)) throw new LineError(file, line, `unknown setting ${JSON.stringify(t[0])} in Tier ${current}; allowed: Downlink_speed_Gbps, Radix_Up, Radix_Down, Queue_Up, Queue_Down, Oversubscribed, Bundle, Switch_Latency_ns, Downlink_Latency_ns`);
    const k = key as TierKey;
    if (tier[current][k] !== undefined) throw new LineError(file, line, `duplicate ${t[0]} setting for tier ${current}`);
    if ((k === 'radix_up' || k === 'queue_up') && current === 2) throw new LineError(file, line, `${t[0]} in Tier 2: the top tier has no uplinks`);
    tier[current][k] = value(k, k === 'switch_latency_ns' ? 0 : 1);
  });
  const last = lines.length;
  for (const [k, name] of [['nodes', 'Nodes'], ['tiers', 'Tiers'], ['podsize', 'Podsize']] as const) if (!header[k]) throw new LineError(file, last, `missing ${name} in the header`);
  const tiers = header.tiers.v as 2 | 3;
  for (let x = 0; x < tiers; x++) {
    if (!seen[x]) throw new LineError(file, last, `no configuration found for Tier ${x}`);
    for (const [k, name] of [['downlink_speed_gbps', 'Downlink_speed_Gbps'], ['downlink_latency_ns', 'Downlink_Latency_ns'], ['radix_down', 'Radix_Down']] as const)
      if (tier[x][k] === undefined) throw new LineError(file, last, `missing ${name} for Tier ${x}`);
    if (x < tiers - 1 && tier[x].radix_up === undefined) throw new LineError(file, last, `missing Radix_Up for Tier ${x}`);
  }
  return { nodes: header.nodes.v, tiers, podsize: header.podsize.v, tier };
}

/** set_custom_params: the sizes htsim derives, with its consistency checks. */
export function htsimFatTreeSizes(s: HtsimFatTreeSpec, file: string) {
  const fail = (msg: string): never => {
    throw new LineError(file, 1, msg);
  };
  const T = s.tier;
  const get = (t: number, k: TierKey, def: number) => T[t][k] ?? def;
  const speed = [0, 1, 2].map((t) => get(t, 'downlink_speed_gbps', 0));
  const rd = [0, 1, 2].map((t) => get(t, 'radix_down', 0));
  const ru = [0, 1].map((t) => get(t, 'radix_up', 0));
  const bundle = [0, 1, 2].map((t) => get(t, 'bundle', 1));
  const oversub = [0, 1, 2].map((t) => get(t, 'oversubscribed', 1));
  for (let t = 0; t < s.tiers; t++) {
    if (rd[t] % bundle[t] !== 0) fail(`Tier ${t} Radix_Down ${rd[t]} is not a multiple of its Bundle ${bundle[t]}`);
    if (t < s.tiers - 1 && ru[t] % bundle[t + 1] !== 0) fail(`Tier ${t} Radix_Up ${ru[t]} is not a multiple of Tier ${t + 1} Bundle ${bundle[t + 1]}`);
  }
  if (bundle[0] !== 1) fail(`Tier 0 Bundle ${bundle[0]}: htsim requires 1 (one link per host)`);
  if (s.nodes % s.podsize !== 0) fail(`Nodes ${s.nodes} is not a multiple of Podsize ${s.podsize}`);
  const pods = s.nodes / s.podsize;
  if (s.podsize % rd[0] !== 0) fail(`Podsize ${s.podsize} is not a multiple of Tier 0 Radix_Down ${rd[0]}`);
  const torPerPod = s.podsize / rd[0];
  const torUplinks = (s.nodes * speed[0]) / (speed[1] * oversub[0]);
  if (!Number.isInteger(torUplinks)) fail(`Nodes × Tier 0 speed / (Tier 1 speed × Tier 0 Oversubscribed) = ${torUplinks} is not an integer`);
  if (Math.floor(rd[0] / ru[0]) !== oversub[0]) fail(`Tier 0 Radix_Down ${rd[0]} / Radix_Up ${ru[0]} does not equal Oversubscribed ${oversub[0]}`);
  if (torUplinks % (pods * rd[1]) !== 0) fail(`${torUplinks} ToR uplinks do not divide into ${pods} pods of Tier 1 Radix_Down ${rd[1]}`);
  const aggPerPod = torUplinks / (pods * rd[1]);
  if (aggPerPod * bundle[1] !== ru[0]) fail(`Tier 0 Radix_Up ${ru[0]} does not match ${aggPerPod} aggregation switches per pod × Tier 1 Bundle ${bundle[1]}`);
  let cores = 0;
  if (s.tiers === 3) {
    const aggUplinks = (torUplinks * speed[1]) / (speed[2] * oversub[1]);
    if (!Number.isInteger(aggUplinks) || aggUplinks % rd[2] !== 0) fail(`${aggUplinks} aggregation uplinks do not divide by Tier 2 Radix_Down ${rd[2]}`);
    cores = aggUplinks / rd[2];
    if (cores % aggPerPod !== 0) fail(`${cores} core switches are not a multiple of ${aggPerPod} aggregation switches per pod`);
    if ((cores * bundle[2]) / aggPerPod !== ru[1]) fail(`Tier 1 Radix_Up ${ru[1]} does not match ${cores} core switches × Tier 2 Bundle ${bundle[2]} / ${aggPerPod} aggregation switches per pod`);
  }
  const ports = [rd[0] + ru[0], rd[1] + (s.tiers === 3 ? ru[1] : 0), rd[2]];
  if (ports[0] > 96) fail(`ToRs would have ${ports[0]} ports; htsim asserts fewer than 96`);
  if (ports[1] > 64 || (s.tiers === 3 && ports[2] > 64)) fail(`aggregation or core switches would have more than 64 ports; htsim asserts fewer`);
  return { pods, torPerPod, aggPerPod, tors: torPerPod * pods, aggs: aggPerPod * pods, cores, speed, rd, ru, bundle, ports };
}

/** Peak bytes of building the fabric a .topo describes (the model's per-node and per-edge figures, build.ts). */
export function htsimFatTreeBytes(text: string, file: string): number {
  const s = parseHtsimFatTreeSpec(text, file);
  const z = htsimFatTreeSizes(s, file);
  const nodes = 2 * s.nodes + z.tors + z.aggs + z.cores;
  const edges = s.nodes + z.tors * z.ru[0] + (s.tiers === 3 ? z.aggs * z.ru[1] : 0);
  return 150e6 + nodes * 700 + edges * 800;
}

export function parseHtsimFatTree(text: string, file: string): UndirectedGraph {
  const s = parseHtsimFatTreeSpec(text, file);
  const z = htsimFatTreeSizes(s, file);
  const g = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  g.replaceAttributes({ gpusPerHost: 1, planes: 1, nicGbps: z.speed[0], nvlinkGbps: 1600, radix: Math.max(...z.ports),
    importedAs: 'htsim FatTree .topo: one endpoint per htsim host (gpusPerHost 1, no NVLink); wiring as FatTreeTopology::init_network; latencies and queue sizes dropped',
  });
  for (let t = 0; t < z.tors; t++) g.addNode(`tor${t}`, { kind: 'switch', tier: 1, role: 'leaf', radix: z.ports[0] });
  for (let a = 0; a < z.aggs; a++) g.addNode(`agg${a}`, { kind: 'switch', tier: 2, role: 'spine', radix: z.ports[1] });
  for (let c = 0; c < z.cores; c++) g.addNode(`core${c}`, { kind: 'switch', tier: 3, role: 'core', radix: z.ports[2] });
  // init_network: host srv on ToR srv / Radix_Down; ToR to the aggregation switches of its pod (all of them in
  // 2 tiers); aggregation switch at pod position p to cores p, p + A, p + 2A, ...
  for (let h = 0; h < s.nodes; h++) {
    g.addNode(`h${h}.g0`, { kind: 'endpoint', host: h, gpu: 0 });
    g.addEdge(`h${h}.g0`, `tor${Math.floor(h / z.rd[0])}`, { medium: 'fabric', layer: 'endpoint', gbps: z.speed[0], lanes: 1 });
  }
  for (let t = 0; t < z.tors; t++) {
    const pod = Math.floor(t / z.torPerPod);
    const [lo, hi] = s.tiers === 3 ? [pod * z.aggPerPod, (pod + 1) * z.aggPerPod] : [0, z.aggs];
    for (let a = lo; a < hi; a++) g.addEdge(`tor${t}`, `agg${a}`, { medium: 'fabric', layer: 'leaf-spine', gbps: z.speed[1], lanes: z.bundle[1] });
  }
  if (s.tiers === 3)
    for (let a = 0; a < z.aggs; a++) {
      const podpos = a % z.aggPerPod;
      for (let l = 0; l < z.ru[1] / z.bundle[2]; l++) g.addEdge(`agg${a}`, `core${podpos + z.aggPerPod * l}`, { medium: 'fabric', layer: 'spine-core', gbps: z.speed[2], lanes: z.bundle[2] });
    }
  return g;
}
