/**
 * The floor plan: one physical layout for every family, derived from the built graph, so a new family needs
 * no cabling code. Every host rack and every switch gets a position on a grid of rows, and every cable gets
 * its length and medium from the positions of its two ends (electric up to the book's reach for its lane
 * rate, else optical with two transceivers). Rules (docs/cost-model.md, with sources):
 *
 *  - Hosts fill host racks in host order, `hostsPerRack` per rack, and racks fill rows of `hostRacksPerRow`.
 *    Every NIC of a host sits in the host's rack, so the planes and rails of a multi-plane or rail-optimized
 *    fabric are interleaved over the same racks, as real builds do.
 *  - Each row has its switch racks in the middle of the row (NVIDIA DGX SuperPOD: a scalable unit's racks
 *    in a row, its leaf switches in the row's network racks). A switch that serves endpoints (leaf, router)
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
import type { Fabric } from './model.js';
import { electricReach, type Pricebook } from './pricebook.js';

export interface FloorPlan {
  hostRacks: number;
  rows: number;
  /** switch racks in each row */
  switchRacksPerRow: number[];
  /** x (rack slot along its row) and y (row) of each host rack */
  hostRack(r: number): { x: number; y: number };
  /** position of a switch by node id */
  switchAt: Map<string, { x: number; y: number }>;
}

export const FLOOR_LABEL =
  'floor plan (graph-derived): hosts in rows of host racks, leaves and routers in their row\'s middle-of-row switch racks, spines and cores at the mean row of what they serve; planes and rails interleaved over the same racks';

/** Places hosts and switches; pure function of the graph and the book's layout. */
export function placeFloor(f: Fabric, book: Pricebook): FloorPlan {
  const d = book.layout;
  const hosts = Math.max(1, f.getAttribute('hosts'));
  const hostRacks = Math.ceil(hosts / d.hostsPerRack);
  const perRow = d.hostRacksPerRow;
  const rows = Math.ceil(hostRacks / perRow);
  const rowOfHost = (h: number) => Math.min(rows - 1, Math.floor(Math.floor(h / d.hostsPerRack) / perRow));

  // mean host served by each switch, from its endpoint cables
  const hostSum = new Map<string, number>();
  const hostCount = new Map<string, number>();
  const tierOf = new Map<string, number>();
  f.forEachNode((id, a) => {
    if (a.kind === 'switch') tierOf.set(id, a.tier);
  });
  f.forEachEdge((_e, a, s, t, sa, ta) => {
    if (a.layer !== 'endpoint') return;
    const [sw, ep] = sa.kind === 'switch' ? [s, ta] : [t, sa];
    if (ep.kind !== 'endpoint') return;
    hostSum.set(sw, (hostSum.get(sw) ?? 0) + ep.host * a.lanes);
    hostCount.set(sw, (hostCount.get(sw) ?? 0) + a.lanes);
  });
  const row = new Map<string, number>();
  const key = new Map<string, number>();
  for (const [sw, n] of hostCount) {
    const mean = hostSum.get(sw)! / n;
    row.set(sw, rowOfHost(Math.round(mean)));
    key.set(sw, mean);
  }
  // switches without endpoints, lowest tier first, at the lane-weighted mean row of placed lower-tier neighbours
  const rest = [...tierOf.keys()].filter((id) => !row.has(id)).sort((a, b) => tierOf.get(a)! - tierOf.get(b)!);
  const middle = Math.floor((rows - 1) / 2);
  for (const id of rest) {
    let sum = 0;
    let n = 0;
    const tier = tierOf.get(id)!;
    f.forEachEdge(id, (_e, a, s, t) => {
      const o = s === id ? t : s;
      const r = row.get(o);
      if (r === undefined || (tierOf.get(o) ?? 0) >= tier) return;
      sum += r * a.lanes;
      n += a.lanes;
    });
    const mean = n > 0 ? sum / n : middle;
    row.set(id, Math.min(rows - 1, Math.round(mean)));
    key.set(id, mean);
  }
  // fill each row's switch racks by tier, then by what the switch serves
  const byRow: string[][] = Array.from({ length: rows }, () => []);
  for (const [id, r] of row) byRow[r].push(id);
  const perRack = Math.max(1, Math.floor(d.switchRackUnits / book.switch.rackUnits));
  const switchRacksPerRow = byRow.map((ids) => Math.ceil(ids.length / perRack));
  const hostsInRow = (y: number) => Math.min(perRow, hostRacks - y * perRow);
  const half = (y: number) => Math.floor(hostsInRow(y) / 2);
  const switchAt = new Map<string, { x: number; y: number }>();
  byRow.forEach((ids, y) => {
    ids.sort((a, b) => tierOf.get(a)! - tierOf.get(b)! || key.get(a)! - key.get(b)!);
    ids.forEach((id, j) => switchAt.set(id, { x: half(y) + Math.floor(j / perRack), y }));
  });
  const hostRack = (r: number) => {
    const y = Math.floor(r / perRow);
    const i = r - y * perRow;
    return { x: i < half(y) ? i : i + switchRacksPerRow[y], y };
  };
  return { hostRacks, rows, switchRacksPerRow, hostRack, switchAt };
}

const PLACEMENT: Record<string, string> = {
  endpoint: "NIC to its leaf's switch rack (middle of the row)",
  'leaf-spine': 'leaf to spine',
  'spine-core': 'spine to core',
  local: 'inside a group',
  global: 'between groups',
  router: 'router to router',
};

/** The bill of materials of a built fabric on the floor plan: every cable measured from its two ends. */
export function floorBom(f: Fabric, book: Pricebook): PlanBom {
  const d = book.layout;
  const plan = placeFloor(f, book);
  const tally = new CableTally();
  const hostPos = new Map<string, { x: number; y: number }>();
  f.forEachNode((id, a) => {
    if (a.kind === 'endpoint') hostPos.set(id, plan.hostRack(Math.floor(a.host / d.hostsPerRack)));
  });
  const at = (id: string) => plan.switchAt.get(id) ?? hostPos.get(id);
  // per layer and rate: counts and metres by medium, summed over lanes
  const acc = new Map<string, { layer: string; gbps: number; e: number; o: number; eM: number; oM: number }>();
  let endpoints = 0;
  let nicGbps = 0;
  f.forEachEdge((_e, a, s, t) => {
    if (a.medium !== 'fabric') return;
    const p = at(s);
    const q = at(t);
    if (!p || !q) return;
    const len = p.x === q.x && p.y === q.y ? d.intraRackM : Math.abs(p.x - q.x) * d.rackWidthM + Math.abs(p.y - q.y) * d.rowPitchM + d.slackM;
    const k = `${a.layer}|${a.gbps}`;
    const c = acc.get(k) ?? { layer: a.layer, gbps: a.gbps, e: 0, o: 0, eM: 0, oM: 0 };
    if (len <= electricReach(book, a.gbps)) {
      c.e += a.lanes;
      c.eM += a.lanes * len;
    } else {
      c.o += a.lanes;
      c.oM += a.lanes * len;
    }
    acc.set(k, c);
    if (a.layer === 'endpoint') {
      endpoints += a.lanes;
      nicGbps = a.gbps;
    }
  });
  for (const c of acc.values()) tally.add(c.layer, PLACEMENT[c.layer] ?? c.layer, c.gbps, c.e, c.o, c.eM, c.oM);
  const { endpointCables, ...sections } = tally.sections();
  const classes = new Map<string, { radix: number; tier: number; count: number }>();
  f.forEachNode((_id, a) => {
    if (a.kind !== 'switch') return;
    const k = `${a.tier}|${a.radix}`;
    const c = classes.get(k) ?? { radix: a.radix, tier: a.tier, count: 0 };
    c.count++;
    classes.set(k, c);
  });
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
      nics: { count: endpoints, gbps: nicGbps || f.getAttribute('nicGbps') },
      ...sections,
      source: 'graph' as const,
      switchPorts: { total: switches.reduce((a, s) => a + s.count * s.radix, 0), used: 2 * (cables - endpointCables) + endpointCables },
      lines,
    },
    book,
    floor,
  );
}
