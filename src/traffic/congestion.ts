/**
 * Congestion from per-arc loads: bytes per lane on every directed link, the time lower bound
 * (max over links of bytes / bandwidth), which link binds, hot links and a utilisation histogram.
 * Utilisation of a link = its busy time / the phase time (1 for the binding link).
 */
import { KIND_ENDPOINT, KIND_NVSWITCH, MEDIUM_NVLINK, type FabricCsr } from '../topology/csr.js';

export type LinkKind = 'nic' | 'fabric' | 'nvlink';

export interface LinkLoad {
  /** graphology edge key */
  edge: string;
  /** direction of the load */
  source: string;
  target: string;
  kind: LinkKind;
  lanes: number;
  gbps: number;
  bytesPerLane: number;
  seconds: number;
  utilization: number;
}

export interface Congestion {
  /** lower bound of the phase time: the busiest link's bytes / bandwidth */
  timeSeconds: number;
  bottleneck: LinkLoad | null;
  /** largest per-lane load on a directed fabric link (NIC links included) */
  maxLinkBytes: number;
  /** the same over switch-to-switch links only */
  maxSwitchLinkBytes: number;
  maxNvlinkBytes: number;
  /** busy time of the busiest NIC link (either direction): the phase time if only NICs limited it */
  nicSeconds: number;
  /** fabric bytes sent per sending GPU / time, in GB/s (10^9 B/s) */
  effectiveGBpsPerGpu: number;
  hotLinks: LinkLoad[];
  /** directed fabric links (NIC and switch) by utilisation decile, [0,10%) ... [90%,100%] */
  histogram: Array<{ from: number; to: number; links: number }>;
}

export function arcKind(c: FabricCsr, arc: number): LinkKind {
  const e = arc >> 1;
  if (c.medium[e] === MEDIUM_NVLINK) return 'nvlink';
  const u = c.arcTail[arc];
  const v = c.arcHead[arc];
  return c.kind[u] === KIND_ENDPOINT || c.kind[v] === KIND_ENDPOINT ? 'nic' : 'fabric';
}

export function linkLoad(c: FabricCsr, arc: number, bytes: number, time: number): LinkLoad {
  const e = arc >> 1;
  const lanes = c.lanes[e];
  const gbps = c.gbps[e];
  const bytesPerLane = bytes / lanes;
  const seconds = bytesPerLane / ((gbps * 1e9) / 8);
  return {
    edge: c.edgeKey(e),
    source: c.nameOf(c.arcTail[arc]),
    target: c.nameOf(c.arcHead[arc]),
    kind: arcKind(c, arc),
    lanes,
    gbps,
    bytesPerLane,
    seconds,
    utilization: time > 0 ? seconds / time : 0,
  };
}

/** `failed` (per edge, 1 = down): failed links are left out of the histogram. */
export function congestion(c: FabricCsr, arcLoad: Float64Array, fabricBytes: number, sendingGpus: number, topN = 10, failed?: Uint8Array): Congestion {
  let time = 0;
  let bottleneckArc = -1;
  let maxLink = 0;
  let maxSwitch = 0;
  let maxNv = 0;
  let nicSeconds = 0;
  const seconds = new Float64Array(arcLoad.length);
  // the engine view's arrays as locals: these loops run over every arc of every phase
  const { lanes, gbps, medium, kind, arcTail, arcHead } = c;
  for (let a = 0; a < arcLoad.length; a++) {
    const x = arcLoad[a];
    if (x === 0) continue;
    const e = a >> 1;
    const perLane = x / lanes[e];
    const t = perLane / ((gbps[e] * 1e9) / 8);
    seconds[a] = t;
    if (t > time) {
      time = t;
      bottleneckArc = a;
    }
    if (medium[e] === MEDIUM_NVLINK) maxNv = Math.max(maxNv, perLane);
    else {
      maxLink = Math.max(maxLink, perLane);
      if (kind[arcTail[a]] !== KIND_ENDPOINT && kind[arcHead[a]] !== KIND_ENDPOINT) maxSwitch = Math.max(maxSwitch, perLane);
      else nicSeconds = Math.max(nicSeconds, t);
    }
  }
  // Hot links: the top N fabric arcs by busy time (NVLink reported only through the bottleneck).
  const hot: number[] = [];
  const bins = new Array<number>(10).fill(0);
  // idle arcs (most arcs of a large fabric under one job) go to the first bin and are counted at the end
  let idle = 0;
  for (let a = 0; a < arcLoad.length; a++) {
    const e = a >> 1;
    if (medium[e] === MEDIUM_NVLINK || kind[arcTail[a]] === KIND_NVSWITCH || (failed !== undefined && failed[e])) continue;
    if (seconds[a] === 0) {
      idle++;
      continue;
    }
    const u = time > 0 ? seconds[a] / time : 0;
    bins[Math.min(9, Math.floor(u * 10))]++;
    if (hot.length < topN || seconds[a] > seconds[hot[hot.length - 1]]) {
      hot.push(a);
      hot.sort((x, y) => seconds[y] - seconds[x] || x - y);
      if (hot.length > topN) hot.pop();
    }
  }
  bins[0] += idle;
  return {
    timeSeconds: time,
    bottleneck: bottleneckArc >= 0 ? linkLoad(c, bottleneckArc, arcLoad[bottleneckArc], time) : null,
    maxLinkBytes: maxLink,
    maxSwitchLinkBytes: maxSwitch,
    maxNvlinkBytes: maxNv,
    nicSeconds,
    effectiveGBpsPerGpu: time > 0 && sendingGpus > 0 ? fabricBytes / sendingGpus / time / 1e9 : 0,
    hotLinks: hot.map((a) => linkLoad(c, a, arcLoad[a], time)),
    histogram: bins.map((n, i) => ({ from: i / 10, to: (i + 1) / 10, links: n })),
  };
}
