/**
 * The floor plan: one physical layout for every family, derived from the built graph, so a new family needs
 * no cabling code. Every host rack and every switch gets a position on a grid of rows, and every cable gets
 * its length and medium from the positions of its two ends (electric up to the book's reach for its lane
 * rate, else optical with two transceivers). Rules (docs/cost-model.md, with sources):
 *
 *  - Hosts fill host racks in host order, `hostsPerRack` per rack, and racks fill rows of `hostRacksPerRow`.
 *    Every NIC of a host sits in the host's rack, so the planes and rails of a multi-plane or rail-optimized
 *    fabric are interleaved over the same racks, as real builds do.
 *  - Each row has its switch racks in the middle of the row, at the same slot in every row (NVIDIA DGX
 *    SuperPOD: a scalable unit's racks in a row, its leaf switches in the row's network racks). A switch that serves endpoints (leaf, router)
 *    stands in the switch racks of the row of its endpoints' mean host; NIC cables run there.
 *  - A switch without endpoints (spine, aggregation, core) stands in the row at the mean row of its
 *    lower-tier neighbours, weighted by lanes: a global spine layer lands in the middle of the floor, a pod's
 *    aggregation switches in the middle of the pod.
 *  - In a row, switches fill its switch racks by tier, then by the mean host (or row) they serve, `rackUnits`
 *    each, `switchRackUnits` per rack.
 *  - A cable between two racks is |dx|·rackWidthM + |dy|·rowPitchM + slackM long; inside one rack intraRackM.
 *
 * Cost O(V + E). Placement depends only on the graph's structure and host numbering, so fabrics with the same
 * switches, links and hosts per leaf get the same bill whatever family built them.
 */
import { CableTally, powerAndSpace, type BomLine, type FloorInfo } from './bom.js';
import type { PlanBom } from './bom-plan.js';
import { compileCsr, MEDIUM_FABRIC, type FabricCsr } from './csr.js';
import { LAYERS } from './engine.js';
import type { Fabric } from './model.js';
import { electricReach, type Pricebook } from './pricebook.js';

/**
 * The part of the engine view (csr.ts) the floor plan reads. A built fabric's FabricCsr is one; a family's
 * closed-form skeleton (floor-clos.ts) is another, built without the graph.
 */
export type FloorView = Pick<
  FabricCsr,
  'n' | 'switches' | 'endpoints' | 'tier' | 'radix' | 'host' | 'edges' | 'lanes' | 'gbps' | 'medium' | 'arcTail' | 'arcHead' | 'swOffsets' | 'swTarget' | 'swArc' | 'endpointLeaf' | 'endpointUpArc'
>;

export interface FloorPlan {
  hostRacks: number;
  rows: number;
  /** switch racks in each row */
  switchRacksPerRow: number[];
  /** rack slot along its row (x) and row (y) of every CSR node: switches, endpoints (their host's rack), hubs */
  x: Int32Array;
  y: Int32Array;
}

export const FLOOR_LABEL =
  "floor plan: hosts in rows of host racks, leaves and routers in their row's middle-of-row switch racks, spines and cores at the mean row of what they serve; planes and rails interleaved over the same racks";

/** Places hosts and switches; pure function of the graph (its engine view) and the book's layout. O(V + E). */
export function placeFloor(csr: FloorView, hosts: number, book: Pricebook): FloorPlan {
  const d = book.layout;
  const S = csr.switches;
  const N = csr.endpoints;
  const hostRacks = Math.max(1, Math.ceil(Math.max(1, hosts) / d.hostsPerRack));
  const perRow = d.hostRacksPerRow;
  const rows = Math.ceil(hostRacks / perRow);
  const rackOfHost = (h: number) => Math.min(hostRacks - 1, Math.floor(Math.max(0, h) / d.hostsPerRack));
  const rowOfRack = (r: number) => Math.min(rows - 1, Math.floor(r / perRow));
  // mean host served by each switch, from its endpoint cables
  const hostSum = new Float64Array(S);
  const hostLanes = new Float64Array(S);
  for (let e = 0; e < N; e++) {
    const leaf = csr.endpointLeaf[e];
    if (leaf < 0) continue;
    const lanes = csr.lanes[csr.endpointUpArc[e] >> 1];
    hostSum[leaf] += csr.host[S + e] * lanes;
    hostLanes[leaf] += lanes;
  }
  const row = new Int32Array(S).fill(-1);
  const key = new Float64Array(S);
  for (let u = 0; u < S; u++)
    if (hostLanes[u] > 0) {
      key[u] = hostSum[u] / hostLanes[u];
      row[u] = rowOfRack(rackOfHost(Math.round(key[u])));
    }
  // switches without endpoints, lowest tier first, at the lane-weighted mean row of placed lower-tier neighbours
  const rest: number[] = [];
  for (let u = 0; u < S; u++) if (row[u] < 0) rest.push(u);
  rest.sort((a, b) => csr.tier[a] - csr.tier[b] || a - b);
  const middle = Math.floor((rows - 1) / 2);
  for (const u of rest) {
    let sum = 0;
    let n = 0;
    for (let i = csr.swOffsets[u]; i < csr.swOffsets[u + 1]; i++) {
      const v = csr.swTarget[i];
      if (row[v] < 0 || csr.tier[v] >= csr.tier[u]) continue;
      const lanes = csr.lanes[csr.swArc[i] >> 1];
      sum += row[v] * lanes;
      n += lanes;
    }
    key[u] = n > 0 ? sum / n : middle;
    row[u] = Math.min(rows - 1, Math.round(key[u]));
  }
  // fill each row's switch racks by tier, then by what the switch serves
  const byRow: number[][] = Array.from({ length: rows }, () => []);
  for (let u = 0; u < S; u++) byRow[row[u]].push(u);
  const perRack = Math.max(1, Math.floor(d.switchRackUnits / book.switch.rackUnits));
  const switchRacksPerRow = byRow.map((ids) => Math.ceil(ids.length / perRack));
  // switch racks stand at the same slot in every row (the middle of a full row), so a partial last row does
  // not shift them sideways
  const mid = Math.floor(Math.min(perRow, hostRacks) / 2);
  const half = (_y: number) => mid;
  const x = new Int32Array(csr.n);
  const y = new Int32Array(csr.n);
  byRow.forEach((ids, r) => {
    ids.sort((a, b) => csr.tier[a] - csr.tier[b] || key[a] - key[b] || a - b);
    ids.forEach((u, j) => {
      x[u] = half(r) + Math.floor(j / perRack);
      y[u] = r;
    });
  });
  for (let u = S; u < csr.n; u++) {
    const rack = rackOfHost(csr.host[u]);
    const r = rowOfRack(rack);
    const i = rack - r * perRow;
    x[u] = i < half(r) ? i : i + switchRacksPerRow[r];
    y[u] = r;
  }
  return { hostRacks, rows, switchRacksPerRow, x, y };
}

const PLACEMENT: Record<string, string> = {
  endpoint: "NIC to its leaf's switch rack (middle of the row)",
  'leaf-spine': 'leaf to spine',
  'spine-core': 'spine to core',
  local: 'inside a group',
  global: 'between groups',
  router: 'router to router',
};

/** The layer of every fabric edge: from the tiers where they say it, else from `layerOf` (the graph's attribute). */
function edgeLayers(csr: FloorView, layerOf: (e: number) => string): { names: string[]; of: Uint8Array } {
  const names: string[] = [];
  const code = new Map<string, number>();
  const id = (l: string) => {
    let c = code.get(l);
    if (c === undefined) {
      c = names.length;
      names.push(l);
      code.set(l, c);
    }
    return c;
  };
  const of = new Uint8Array(csr.edges);
  const S = csr.switches;
  for (let e = 0; e < csr.edges; e++) {
    if (csr.medium[e] !== MEDIUM_FABRIC) continue;
    const a = csr.arcTail[2 * e];
    const b = csr.arcHead[2 * e];
    if (a >= S || b >= S) of[e] = id('endpoint');
    else {
      const [lo, hi] = csr.tier[a] < csr.tier[b] ? [csr.tier[a], csr.tier[b]] : [csr.tier[b], csr.tier[a]];
      of[e] = id(lo === 1 && hi === 2 ? 'leaf-spine' : lo === 2 && hi === 3 ? 'spine-core' : layerOf(e));
    }
  }
  return { names, of };
}

/** The bill of materials of a built fabric on the floor plan: every cable measured from its two ends. */
export function floorBom(f: Fabric, book: Pricebook, compiled?: FabricCsr): PlanBom {
  const csr = compiled ?? compileCsr(f);
  return floorViewBom(csr, { hosts: f.getAttribute('hosts'), nicGbps: f.getAttribute('nicGbps'), source: 'graph', layerOf: (e) => LAYERS[csr.layer[e]] ?? f.getEdgeAttribute(csr.edgeKey(e), 'layer') }, book);
}

/** The bill on the floor plan of any engine view: a built graph's, or a closed-form skeleton's. */
export function floorViewBom(
  csr: FloorView,
  o: { hosts: number; nicGbps: number; source: 'graph' | 'closed form'; layerOf?: (e: number) => string },
  book: Pricebook,
): PlanBom {
  const d = book.layout;
  const plan = placeFloor(csr, o.hosts, book);
  const { names, of } = edgeLayers(csr, o.layerOf ?? (() => 'router'));
  // per layer and rate: lanes by length; metres are summed at the end in ascending length, so fabrics with the
  // same multiset of cable lengths get bit-identical bills whatever order their edges come in
  const acc = new Map<number, { layer: string; gbps: number; byLen: Map<number, number> }>();
  let endpoints = 0;
  let nicGbps = 0;
  const { x, y } = plan;
  for (let e = 0; e < csr.edges; e++) {
    if (csr.medium[e] !== MEDIUM_FABRIC) continue;
    const s = csr.arcTail[2 * e];
    const t = csr.arcHead[2 * e];
    const len = x[s] === x[t] && y[s] === y[t] ? d.intraRackM : Math.abs(x[s] - x[t]) * d.rackWidthM + Math.abs(y[s] - y[t]) * d.rowPitchM + d.slackM;
    const gbps = csr.gbps[e];
    const lanes = csr.lanes[e];
    const k = of[e] * 1e7 + gbps;
    let c = acc.get(k);
    if (!c) acc.set(k, (c = { layer: names[of[e]], gbps, byLen: new Map() }));
    c.byLen.set(len, (c.byLen.get(len) ?? 0) + lanes);
    if (c.layer === 'endpoint') {
      endpoints += lanes;
      nicGbps = gbps;
    }
  }
  const tally = new CableTally();
  for (const c of [...acc.values()].sort((a, b) => a.layer.localeCompare(b.layer) || a.gbps - b.gbps)) {
    const reach = electricReach(book, c.gbps);
    let [e, o, eM, oM] = [0, 0, 0, 0];
    for (const len of [...c.byLen.keys()].sort((a, b) => a - b)) {
      const n = c.byLen.get(len)!;
      if (len <= reach) [e, eM] = [e + n, eM + n * len];
      else [o, oM] = [o + n, oM + n * len];
    }
    tally.add(c.layer, PLACEMENT[c.layer] ?? c.layer, c.gbps, e, o, eM, oM);
  }
  const { endpointCables, ...sections } = tally.sections();
  const classes = new Map<string, { radix: number; tier: number; count: number }>();
  for (let u = 0; u < csr.switches; u++) {
    const k = `${csr.tier[u]}|${csr.radix[u]}`;
    const c = classes.get(k) ?? { radix: csr.radix[u], tier: csr.tier[u], count: 0 };
    c.count++;
    classes.set(k, c);
  }
  const switches = [...classes.values()].sort((a, b) => a.tier - b.tier || a.radix - b.radix);
  const cables = sections.cables.electric.count + sections.cables.optical.count;
  const floor: FloorInfo = {
    convention: 'floor plan',
    label: FLOOR_LABEL,
    hostRacks: plan.hostRacks,
    switchRacks: plan.switchRacksPerRow.reduce((a, b) => a + b, 0),
    rows: plan.rows,
  };
  const lines: BomLine[] = tally.lines;
  return powerAndSpace(
    {
      switches,
      nics: { count: endpoints, gbps: nicGbps || o.nicGbps },
      ...sections,
      source: o.source,
      switchPorts: { total: switches.reduce((a, s) => a + s.count * s.radix, 0), used: 2 * (cables - endpointCables) + endpointCables },
      lines,
    },
    book,
    floor,
  );
}
