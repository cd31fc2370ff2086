/**
 * ECMP with hashing: every flow (GPU pair, after NVLink relays) is pinned to one shortest path by a
 * seeded hash: at each switch it picks one lane among all lanes of its shortest-path next hops. R trials
 * with different hash salts show the cost of collisions as the mean and p95 of the busiest lane.
 * When there are more flows than `maxHashFlows`, a seeded uniform sample is routed with bytes scaled
 * up by the inverse sampling rate, and the result says so.
 * Cost: O(destination leaves · (S + arcs) + trials · flows · hops · degree).
 */
import { bfs, switchGraph, type FabricCsr } from '../topology/csr.js';
import { rng } from '../topology/paths.js';
import { FlowList } from './flows.js';
import { mapFlows } from './forward.js';
import type { HostIndex } from './hosts.js';
import type { PhaseDemand, PhaseOptions } from './phase.js';
import type { Reach } from './reach.js';

export interface HashStats {
  trials: number;
  flowsTotal: number;
  flowsRouted: number;
  sampled: boolean;
  /** busiest switch-to-switch lane, bytes: mean and p95 over trials */
  maxSwitchLinkBytesMean: number;
  maxSwitchLinkBytesP95: number;
  /** that lane's busy time, seconds: mean and p95 over trials */
  timeSecondsMean: number;
  timeSecondsP95: number;
  /** first trial's busiest lane: its arc and bytes (names the binding link) */
  busiestArc: number;
  busiestLaneBytes: number;
}

export function hash32(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(c ^ 0x27d4eb2f, 0x165667b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** NIC-to-NIC flows for the hash model; uniform demand is sampled, never enumerated beyond the cap. */
function hashFlows(c: FabricCsr, hi: HostIndex, d: PhaseDemand, mapped: FlowList | undefined, cap: number, seed: number, reach: Reach | undefined, planes: number) {
  // Uniform pairs map like the ideal model's uniform demand: failover only across planes.
  const map = (pairs: FlowList) => mapFlows(c, hi, pairs, { reach, failover: planes > 1 }).fabric;
  if (d.kind === 'flows') {
    const f = mapped!;
    if (f.length <= cap) return { flows: f, total: f.length, sampled: false };
    const r = rng(seed ^ 0x5bd1e995);
    const keep = cap / f.length;
    const out = new FlowList(cap + 16);
    for (let i = 0; i < f.length; i++) if (r() < keep) out.push(f.src[i], f.dst[i], f.bytes[i] / keep);
    return { flows: out, total: f.length, sampled: true };
  }
  const N = c.endpoints;
  const S = c.switches;
  const pairs: FlowList = new FlowList(Math.min(cap, N * N) + 16);
  let remotePairs = 0;
  const hostSize = new Int32Array(hi.hosts);
  for (let e = 0; e < N; e++) hostSize[c.host[S + e]]++;
  for (let e = 0; e < N; e++) remotePairs += N - hostSize[c.host[S + e]];
  if (remotePairs <= cap) {
    for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) if (c.host[S + a] !== c.host[S + b]) pairs.push(a, b, d.bytesPerPair);
    return { flows: map(pairs), total: remotePairs, sampled: false };
  }
  const r = rng(seed ^ 0x1b873593);
  const scale = remotePairs / cap;
  while (pairs.length < cap) {
    const a = Math.floor(r() * N);
    const b = Math.floor(r() * N);
    if (c.host[S + a] !== c.host[S + b]) pairs.push(a, b, d.bytesPerPair * scale);
  }
  return { flows: map(pairs), total: remotePairs, sampled: true };
}

export function routeHash(c: FabricCsr, hi: HostIndex, planes: number, d: PhaseDemand, mapped: FlowList | undefined, opts: PhaseOptions & { reach?: Reach }) {
  const S = c.switches;
  const trials = Math.max(1, opts.trials ?? 5);
  const seed = opts.seed ?? 1;
  const { flows, total, sampled } = hashFlows(c, hi, d, mapped, opts.maxHashFlows ?? 500_000, seed, opts.reach, planes);
  const failed = opts.failed;
  const { swArc, lanes } = c;
  // Lane numbering over switch arcs: laneBase[arc] .. + lanes.
  const laneBase = new Int32Array(2 * c.edges).fill(-1);
  let laneCount = 0;
  for (let i = 0; i < swArc.length; i++) {
    laneBase[swArc[i]] = laneCount;
    laneCount += lanes[swArc[i] >> 1];
  }
  const laneLoad = Array.from({ length: trials }, () => new Float64Array(laneCount));
  const arcSum = new Float64Array(2 * c.edges);
  // Group flows by destination leaf.
  const count = new Int32Array(S + 1);
  for (let i = 0; i < flows.length; i++) count[c.endpointLeaf[flows.dst[i]] + 1]++;
  for (let s = 0; s < S; s++) count[s + 1] += count[s];
  const pos = count.slice();
  const order = new Int32Array(flows.length);
  for (let i = 0; i < flows.length; i++) order[pos[c.endpointLeaf[flows.dst[i]]]++] = i;
  const dist = new Int32Array(S);
  const queue = new Int32Array(S);
  const g = switchGraph(c, failed);
  const { off, to, arc: gArc, lanes: gLanes } = g;
  let delivered = 0;
  let unreachable = 0;
  let hopBytes = 0;
  for (let t = 0; t < S; t++) {
    if (count[t + 1] === count[t]) continue;
    bfs(g, t, dist, queue);
    for (let k = count[t]; k < count[t + 1]; k++) {
      const f = order[k];
      const src = c.endpointLeaf[flows.src[f]];
      const x = flows.bytes[f];
      if (src === t) continue;
      if (dist[src] < 0) {
        unreachable += x;
        continue;
      }
      delivered += x;
      hopBytes += x * dist[src];
      for (let r = 0; r < trials; r++) {
        const load = laneLoad[r];
        let u = src;
        while (u !== t) {
          const du = dist[u] - 1;
          let totalLanes = 0;
          for (let i = off[u]; i < off[u + 1]; i++) if (dist[to[i]] === du) totalLanes += gLanes[i];
          let pick = hash32(f, seed * 7919 + r, u) % totalLanes;
          for (let i = off[u]; i < off[u + 1]; i++) {
            if (dist[to[i]] !== du) continue;
            const l = gLanes[i];
            if (pick < l) {
              load[laneBase[gArc[i]] + pick] += x;
              arcSum[gArc[i]] += x / trials;
              u = to[i];
              break;
            }
            pick -= l;
          }
        }
      }
    }
  }
  // Busiest lane per trial, and its busy time (lane rate = that edge's gbps).
  const laneGbps = new Float64Array(laneCount);
  for (let i = 0; i < swArc.length; i++) laneGbps.fill(c.gbps[swArc[i] >> 1], laneBase[swArc[i]], laneBase[swArc[i]] + lanes[swArc[i] >> 1]);
  const laneArc = new Int32Array(laneCount);
  for (let i = 0; i < swArc.length; i++) laneArc.fill(swArc[i], laneBase[swArc[i]], laneBase[swArc[i]] + lanes[swArc[i] >> 1]);
  const maxBytes: number[] = [];
  const maxTime: number[] = [];
  // the busiest lane of the first trial, to name the binding link
  let busiestArc = -1;
  let busiestLaneBytes = 0;
  // Per link, its busiest lane's bytes averaged over trials: the one statistic the hot-link table and the
  // binding link are both drawn from (docs/schema.md glossary, "hot links under ecmp-hash").
  const arcLaneMax = new Float64Array(2 * c.edges);
  for (const load of laneLoad)
    for (let i = 0; i < swArc.length; i++) {
      const a = swArc[i];
      let m = 0;
      for (let l = laneBase[a], end = l + lanes[a >> 1]; l < end; l++) if (load[l] > m) m = load[l];
      arcLaneMax[a] += m / trials;
    }
  for (const load of laneLoad) {
    let mb = 0;
    let mt = 0;
    let ml = -1;
    for (let l = 0; l < laneCount; l++) {
      if (load[l] > mb) mb = load[l];
      const tt = load[l] / ((laneGbps[l] * 1e9) / 8);
      if (tt > mt) {
        mt = tt;
        ml = l;
      }
    }
    if (busiestArc < 0 && ml >= 0) {
      busiestArc = laneArc[ml];
      busiestLaneBytes = load[ml];
    }
    maxBytes.push(mb);
    maxTime.push(mt);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)];
  const hash: HashStats = {
    trials,
    flowsTotal: total,
    flowsRouted: flows.length,
    sampled,
    maxSwitchLinkBytesMean: mean(maxBytes),
    maxSwitchLinkBytesP95: p95(maxBytes),
    timeSecondsMean: mean(maxTime),
    timeSecondsP95: p95(maxTime),
    busiestArc,
    busiestLaneBytes,
  };
  return { arcLoad: arcSum, arcLaneMax, deliveredBytes: delivered, unreachableBytes: unreachable, hopBytes, hash };
}
