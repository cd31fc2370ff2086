/**
 * Physical layout. Racks hold `hostsPerRack` hosts, i.e. hostsPerRack × gpusPerHost NIC ports, and stand
 * in rows (`racksPerRow`, or 'square': as many as make the hall about as wide as it is deep; pitch
 * `rackWidthM` along a row, `rowPitchM` between rows).
 *
 * - Leaves (and Dragonfly / Slim Fly routers) stand with their endpoints: leaf j takes the next
 *   rack space for its endpoints, in leaf order, so NIC cables stay inside the rack (top-of-rack cabling).
 *   This prices a leaf's NIC cables the same whichever hosts it serves, which is the paper's view of
 *   MPFT (8 × FT2) and of rail-optimized fabrics; real rail cabling runs longer (docs/cost-model.md).
 * - Every higher-tier switch goes to the rack at the coordinate-wise median of the switches below it,
 *   the placement that minimises its total Manhattan cable length.
 * - Each plane of a multi-plane fabric is laid out as its own hall: planes share no switch or cable.
 * A cable inside one rack is `intraRackM` long; between racks, the Manhattan distance plus `slackM`.
 * Engine code over the CSR view: O(V + E) plus a sort per switch.
 */
import { KIND_ENDPOINT, KIND_SWITCH, MEDIUM_NVLINK, type FabricCsr } from './csr.js';
import type { Pricebook } from './pricebook.js';

export interface Layout {
  /** rack of every switch and endpoint within its hall (−1 for NVLink hubs) */
  rack: Int32Array;
  /** hall (plane) of every node */
  hall: Int32Array;
  /** racks in use over all halls */
  racks: number;
  /** cable length per edge, metres (0 for NVLink) */
  lengthM: Float64Array;
}

/** Racks per row; 'square' makes width (racks × rackWidth) about equal to depth (rows × rowPitch). */
export function racksPerRow(b: Pricebook['layout'], racks: number): number {
  if (b.racksPerRow !== 'square') return b.racksPerRow;
  return Math.max(1, Math.ceil(Math.sqrt((racks * b.rowPitchM) / b.rackWidthM)));
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  return xs[Math.floor((xs.length - 1) / 2)];
}

export function layoutFabric(c: FabricCsr, b: Pricebook['layout'], gpusPerHost: number): Layout {
  const rack = new Int32Array(c.n).fill(-1);
  const hall = new Int32Array(c.n);
  for (let u = 0; u < c.n; u++) hall[u] = Math.max(0, c.plane[u]);
  const portsPerRack = b.hostsPerRack * gpusPerHost;
  // Leaves in order, per hall: each takes rack space for its endpoints.
  const filled = new Map<number, number>();
  for (let u = 0; u < c.switches; u++) {
    if (c.leafEndpoints[u] === 0) continue;
    const before = filled.get(hall[u]) ?? 0;
    rack[u] = Math.floor(before / portsPerRack);
    filled.set(hall[u], before + c.leafEndpoints[u]);
  }
  const hallRacks = new Map<number, number>();
  for (const [h, ports] of filled) hallRacks.set(h, Math.max(1, Math.ceil(ports / portsPerRack)));
  for (let e = 0; e < c.endpoints; e++) rack[c.switches + e] = rack[c.endpointLeaf[e]];
  const perRow = (h: number) => racksPerRow(b, hallRacks.get(h) ?? 1);
  const col = (u: number) => rack[u] % perRow(hall[u]);
  const row = (u: number) => Math.floor(rack[u] / perRow(hall[u]));
  // Higher tiers at the median of what hangs below them.
  for (const tier of [1, 2, 3]) {
    for (let u = 0; u < c.switches; u++) {
      if (c.tier[u] !== tier || rack[u] >= 0) continue;
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = c.offsets[u]; i < c.offsets[u + 1]; i++) {
        const a = c.arcsOf[i];
        const v = c.arcHead[a];
        if (c.kind[v] !== KIND_SWITCH || c.tier[v] >= tier || rack[v] < 0) continue;
        for (let l = 0; l < c.lanes[a >> 1]; l++) {
          xs.push(col(v));
          ys.push(row(v));
        }
      }
      rack[u] = xs.length ? median(ys) * perRow(hall[u]) + median(xs) : 0;
    }
  }
  const used = new Set<string>();
  for (let u = 0; u < c.n; u++) if (c.kind[u] === KIND_SWITCH || c.kind[u] === KIND_ENDPOINT) used.add(`${hall[u]}:${rack[u]}`);
  const lengthM = new Float64Array(c.edges);
  for (let e = 0; e < c.edges; e++) {
    if (c.medium[e] === MEDIUM_NVLINK) continue;
    const u = c.arcTail[2 * e];
    const v = c.arcHead[2 * e];
    lengthM[e] =
      rack[u] === rack[v] && hall[u] === hall[v]
        ? b.intraRackM
        : Math.abs(col(u) - col(v)) * b.rackWidthM + Math.abs(row(u) - row(v)) * b.rowPitchM + b.slackM;
  }
  return { rack, hall, racks: used.size, lengthM };
}
