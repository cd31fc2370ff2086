/**
 * The one place the exporters read a fabric. Every exporter takes this flat, numbered view instead of walking
 * the graph itself, so a change to the fabric model or the engine touches this file only.
 *
 * Numbering (shared by htsim-generic, htsim-fattree and the htsim connection matrix, so a `.cm` written by
 * `traffic --export-flows` addresses the same hosts as the topology file): endpoints are numbered leaf by
 * leaf, leaves in "pod" order — leaves grouped by the set of switches above them, groups in order of first
 * appearance — and endpoints inside a leaf in fabric order. htsim's FatTreeTopology attaches host i to ToR
 * ⌊i / Radix_Down⌋ and numbers ToRs pod by pod, which is this order.
 */
import type { EdgeLayer, Fabric, SwitchRole, Tier } from '../../topology/model.js';

export interface ViewSwitch {
  id: string;
  tier: Tier;
  role: SwitchRole;
  radix: number;
  plane: number | undefined;
}

export interface ViewEndpoint {
  id: string;
  host: number;
  gpu: number;
  plane: number | undefined;
  /** index into `switches` of its leaf */
  leaf: number;
  /** NIC link rate, Gb/s */
  gbps: number;
}

/** A switch-to-switch bundle: `lanes` physical links between switches a < b (indices into `switches`). */
export interface ViewLink {
  a: number;
  b: number;
  lanes: number;
  gbps: number;
  layer: EdgeLayer;
}

export interface ExportView {
  name: string;
  family: string;
  gpusPerHost: number;
  planes: number;
  nicGbps: number;
  nvlinkGbps: number;
  switches: ViewSwitch[];
  /** in export order (see the numbering above) */
  endpoints: ViewEndpoint[];
  /** export number of an endpoint, by fabric id */
  endpointNumber: Map<string, number>;
  links: ViewLink[];
  /** hosts with an NVLink hub, ascending; per endpoint, the hub's NVLink rate is nvlinkGbps */
  hubHosts: number[];
  /** switch-link neighbours per switch (indices), with lanes */
  adjacency: Array<Map<number, number>>;
}

export function exportView(f: Fabric): ExportView {
  const meta = f.getAttributes();
  const switches: ViewSwitch[] = [];
  const swIndex = new Map<string, number>();
  const eps: Array<{ id: string; host: number; gpu: number; plane: number | undefined; order: number }> = [];
  const hubHosts: number[] = [];
  f.forEachNode((id, a) => {
    if (a.kind === 'switch') {
      swIndex.set(id, switches.length);
      switches.push({ id, tier: a.tier, role: a.role, radix: a.radix, plane: a.plane });
    } else if (a.kind === 'endpoint') eps.push({ id, host: a.host, gpu: a.gpu, plane: a.plane, order: eps.length });
    else hubHosts.push(a.host);
  });
  hubHosts.sort((x, y) => x - y);
  const adjacency = switches.map(() => new Map<number, number>());
  const links: ViewLink[] = [];
  const leafOf = new Map<string, { leaf: number; gbps: number }>();
  f.forEachEdge((_e, a, s, t) => {
    if (a.medium !== 'fabric') return;
    const si = swIndex.get(s);
    const ti = swIndex.get(t);
    if (si !== undefined && ti !== undefined) {
      const [x, y] = si < ti ? [si, ti] : [ti, si];
      links.push({ a: x, b: y, lanes: a.lanes, gbps: a.gbps, layer: a.layer });
      adjacency[x].set(y, (adjacency[x].get(y) ?? 0) + a.lanes);
      adjacency[y].set(x, (adjacency[y].get(x) ?? 0) + a.lanes);
    } else if (si !== undefined) leafOf.set(t, { leaf: si, gbps: a.gbps });
    else if (ti !== undefined) leafOf.set(s, { leaf: ti, gbps: a.gbps });
  });
  // Leaves grouped by the switches above them (a pod in a 3-tier tree; one group in a 2-tier one).
  const groupOf = new Map<string, number>();
  const leafRank = new Map<number, number>();
  const leaves = [...new Set(eps.map((e) => leafOf.get(e.id)?.leaf ?? -1))].filter((l) => l >= 0).sort((x, y) => x - y);
  const keyed = leaves.map((l) => {
    const up = [...adjacency[l].keys()].filter((n) => switches[n].tier > switches[l].tier).sort((x, y) => x - y).join(',');
    if (!groupOf.has(up)) groupOf.set(up, groupOf.size);
    return { l, g: groupOf.get(up)! };
  });
  keyed.sort((x, y) => x.g - y.g || x.l - y.l).forEach((k, i) => leafRank.set(k.l, i));
  const endpoints: ViewEndpoint[] = eps
    .map((e) => {
      const lf = leafOf.get(e.id);
      return { id: e.id, host: e.host, gpu: e.gpu, plane: e.plane, leaf: lf?.leaf ?? -1, gbps: lf?.gbps ?? meta.nicGbps, order: e.order };
    })
    .sort((x, y) => (leafRank.get(x.leaf) ?? Infinity) - (leafRank.get(y.leaf) ?? Infinity) || x.order - y.order)
    .map(({ order: _o, ...e }) => e);
  const endpointNumber = new Map(endpoints.map((e, i) => [e.id, i]));
  return {
    name: meta.name,
    family: meta.family,
    gpusPerHost: meta.gpusPerHost,
    planes: meta.planes,
    nicGbps: meta.nicGbps,
    nvlinkGbps: meta.nvlinkGbps,
    switches,
    endpoints,
    endpointNumber,
    links,
    hubHosts,
    adjacency,
  };
}

/** Export options shared by the topology formats. */
export interface LinkTiming {
  /** propagation latency of every link, ns */
  linkLatencyNs: number;
  /** per-hop switching latency, ns (formats that have it) */
  switchLatencyNs: number;
}

export const defaultTiming: LinkTiming = { linkLatencyNs: 1000, switchLatencyNs: 0 };

/** Export numbers of the engine's endpoints (CSR endpoint e is node `switches + e` of `ids`), for flow files. */
export function flowNumbering(f: Fabric, csr: { ids: string[]; switches: number; endpoints: number }): { nodes: number; number: Int32Array; host: Int32Array; gpu: Int32Array } {
  const v = exportView(f);
  const number = new Int32Array(csr.endpoints);
  const host = new Int32Array(csr.endpoints);
  const gpu = new Int32Array(csr.endpoints);
  for (let e = 0; e < csr.endpoints; e++) {
    const id = csr.ids[csr.switches + e];
    number[e] = v.endpointNumber.get(id) ?? -1;
    const ep = v.endpoints[number[e]];
    host[e] = ep?.host ?? -1;
    gpu[e] = ep?.gpu ?? -1;
  }
  return { nodes: v.endpoints.length, number, host, gpu };
}
