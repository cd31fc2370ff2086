/**
 * Flow-level time model: max-min fair rates by progressive filling, event-driven.
 *
 * Flows cross links in fixed fractions (a fluid-routed flow splits over its paths, so it loads link a with
 * rate × frac_a). At each event the rates are the max-min fair allocation (progressive filling: raise every
 * unfrozen flow's rate together until a link fills, freeze the flows through it, repeat); the next event is the
 * earliest completion; finished flows leave and the rates are recomputed. Flows with the same links, fractions
 * and bytes behave identically under max-min, so they form one class of `count` flows (exact aggregation).
 * Cost: O(events · fillings · class-link incidences); events ≤ distinct completion times.
 */
import { UsageError } from '../errors.js';
import { bfs, switchGraph, type FabricCsr, type SwitchGraph } from '../topology/csr.js';
import type { FlowList } from './flows.js';
export interface FlowClass {
  /** link (arc) ids and the fraction of the flow's rate each carries */
  arcs: Int32Array;
  fracs: Float64Array;
  /** bytes of each flow of the class */
  bytes: number;
  /** identical flows in the class */
  count: number;
}

export interface Schedule {
  makespan: number;
  /** completion time of each class */
  completion: Float64Array;
  /** intervals and the links saturated (rate-limiting some flow) during them, busiest first (up to 5) */
  bottlenecks: Array<{ from: number; to: number; arcs: number[] }>;
  events: number;
}

/** caps[a] = bytes/s of link a. */
export function maxMinSchedule(caps: Float64Array, classes: FlowClass[]): Schedule {
  const K = classes.length;
  const remaining = Float64Array.from(classes, (c) => c.bytes);
  const completion = new Float64Array(K);
  const rate = new Float64Array(K);
  const active = new Uint8Array(K);
  let alive = 0;
  for (let k = 0; k < K; k++) if (classes[k].bytes > 0) {
    active[k] = 1;
    alive++;
  }
  // classes through each link: a CSR over the links the classes touch
  const used = new Map<number, number>();
  for (const c of classes) for (const a of c.arcs) if (!used.has(a)) used.set(a, used.size);
  const L = used.size;
  const linkOf = Int32Array.from(used.keys());
  const cnt = new Int32Array(L + 1);
  const local = classes.map((c) => Int32Array.from(c.arcs, (a) => used.get(a)!));
  for (const l of local) for (const x of l) cnt[x + 1]++;
  for (let i = 0; i < L; i++) cnt[i + 1] += cnt[i];
  const at = cnt.slice();
  const memberClass = new Int32Array(cnt[L]);
  const memberFrac = new Float64Array(cnt[L]);
  local.forEach((l, k) => l.forEach((x, j) => {
    memberClass[at[x]] = k;
    memberFrac[at[x]++] = classes[k].fracs[j];
  }));
  const cap = Float64Array.from(linkOf, (a) => caps[a]);
  const residual = new Float64Array(L);
  const weight = new Float64Array(L);
  const frozen = new Uint8Array(K);
  const saturated = new Uint8Array(L);
  const bottlenecks: Schedule['bottlenecks'] = [];
  let now = 0;
  let events = 0;
  const EPS = 1e-12;
  while (alive > 0) {
    events++;
    // progressive filling
    frozen.fill(0);
    saturated.fill(0);
    rate.fill(0);
    residual.set(cap);
    let unfrozen = alive;
    for (let k = 0; k < K; k++) if (!active[k]) frozen[k] = 1;
    while (unfrozen > 0) {
      weight.fill(0);
      for (let x = 0; x < L; x++) {
        if (saturated[x]) continue;
        for (let i = cnt[x]; i < cnt[x + 1]; i++) if (!frozen[memberClass[i]]) weight[x] += memberFrac[i] * classes[memberClass[i]].count;
      }
      let delta = Infinity;
      for (let x = 0; x < L; x++) if (weight[x] > 0 && !saturated[x]) delta = Math.min(delta, residual[x] / weight[x]);
      if (!Number.isFinite(delta)) throw new Error('flow model: an unfrozen flow crosses no link with capacity');
      for (let k = 0; k < K; k++) if (!frozen[k]) rate[k] += delta;
      for (let x = 0; x < L; x++) if (weight[x] > 0 && !saturated[x]) {
        residual[x] -= delta * weight[x];
        if (residual[x] <= EPS * cap[x]) {
          saturated[x] = 1;
          for (let i = cnt[x]; i < cnt[x + 1]; i++) {
            const k = memberClass[i];
            if (!frozen[k]) {
              frozen[k] = 1;
              unfrozen--;
            }
          }
        }
      }
    }
    // next completion
    let dt = Infinity;
    for (let k = 0; k < K; k++) if (active[k]) dt = Math.min(dt, remaining[k] / rate[k]);
    const sat: Array<[number, number]> = [];
    for (let x = 0; x < L; x++) if (saturated[x]) sat.push([linkOf[x], cap[x] - residual[x]]);
    sat.sort((p, q) => q[1] - p[1] || p[0] - q[0]);
    const arcs = sat.slice(0, 5).map((p) => p[0]);
    const last = bottlenecks[bottlenecks.length - 1];
    if (last && last.arcs.join() === arcs.join()) last.to = now + dt;
    else bottlenecks.push({ from: now, to: now + dt, arcs });
    now += dt;
    for (let k = 0; k < K; k++) {
      if (!active[k]) continue;
      remaining[k] -= rate[k] * dt;
      if (remaining[k] <= EPS * classes[k].bytes) {
        active[k] = 0;
        completion[k] = now;
        alive--;
      }
    }
  }
  return { makespan: now, completion, bottlenecks, events };
}


export interface FlowPhaseResult {
  model: 'flow (max-min fair, event-driven)';
  /** the routing whose paths the flows take */
  routing: string;
  /** when the last fabric flow finishes, floored by the NVLink lower bound (NVLink is not simulated) */
  makespanSeconds: number;
  /** the same phase's lower bound (busiest link), for comparison: makespan ≥ bound */
  boundSeconds: number;
  /** per sending NIC: when its last fabric flow finishes */
  nicCompletion: { p50: number; p99: number; max: number };
  bottlenecks: Array<{ fromSeconds: number; toSeconds: number; links: string[] }>;
  flows: number;
  classes: number;
  events: number;
}

/** Unit flow from leaf s to leaf t split per hop over shortest paths in proportion to lanes (the ideal model). */
function pairFractions(t: number, s: number, dist: Int32Array, g: SwitchGraph) {
  const { off, to, arc, lanes } = g;
  const arcs: number[] = [];
  const fracs: number[] = [];
  let level = new Map<number, number>([[s, 1]]);
  while (level.size && !level.has(t)) {
    const next = new Map<number, number>();
    for (const [u, x] of level) {
      let tot = 0;
      for (let i = off[u]; i < off[u + 1]; i++) if (dist[to[i]] === dist[u] - 1) tot += lanes[i];
      for (let i = off[u]; i < off[u + 1]; i++) {
        if (dist[to[i]] !== dist[u] - 1) continue;
        const share = (x * lanes[i]) / tot;
        arcs.push(arc[i]);
        // a link's fraction is per lane of its capacity: caps already count lanes, so keep the flow share
        fracs.push(share);
        next.set(to[i], (next.get(to[i]) ?? 0) + share);
      }
    }
    level = next;
  }
  return { arcs, fracs };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : 0;
};

/**
 * How the flow model finds a flow's links: `pair` gives the split of one byte from leaf s to leaf t (the same
 * for every flow of the pair; cached), or `flow` pins flow i (ecmp-hash). Both push arcs and fractions and
 * return false when the pair has no path. `caps` replaces the per-arc capacities (ecmp-hash: one link per lane).
 */
export interface FlowRouting {
  name: string;
  pair?(s: number, t: number, arcs: number[], fracs: number[]): boolean;
  flow?(i: number, s: number, t: number, arcs: number[], fracs: number[]): boolean;
  caps?: Float64Array;
  /** the name of a link id ≥ 2·edges (a lane) */
  linkName?(a: number): string;
}

/** The ideal model's split (shortest paths, per-hop by lanes): one BFS per destination leaf, cached. */
export function idealFlowRouting(c: FabricCsr, failed?: Uint8Array): FlowRouting {
  const S = c.switches;
  const g = switchGraph(c, failed);
  const dist = new Int32Array(S);
  const order = new Int32Array(S);
  let last = -1;
  return {
    name: 'ideal',
    pair(s, t, arcs, fracs) {
      if (last !== t) {
        bfs(g, t, dist, order);
        last = t;
      }
      if (dist[s] < 0) return false;
      const p = pairFractions(t, s, dist, g);
      arcs.push(...p.arcs);
      fracs.push(...p.fracs);
      return true;
    },
  };
}

/**
 * The flow model of one phase: NIC-to-NIC fabric flows (after NVLink relays) on the routing's split. Link
 * capacity = lanes × rate; a flow crosses its NIC up link, the switch links of its route (each with the
 * fraction of the flow it carries), its NIC down link.
 */
export function flowPhase(c: FabricCsr, flows: FlowList, boundSeconds: number, nvlinkBoundSeconds: number, failed?: Uint8Array, routing: FlowRouting = idealFlowRouting(c, failed)): FlowPhaseResult {
  const caps = new Float64Array(Math.max(2 * c.edges, routing.caps?.length ?? 0));
  for (let a = 0; a < 2 * c.edges; a++) caps[a] = failed && failed[a >> 1] ? 0 : (c.lanes[a >> 1] * c.gbps[a >> 1] * 1e9) / 8;
  if (routing.caps) for (let a = 2 * c.edges; a < caps.length; a++) caps[a] = routing.caps[a];
  // flows grouped by destination leaf, so a per-destination routing (BFS) serves every source leaf
  const byDest = new Map<number, number[]>();
  for (let i = 0; i < flows.length; i++) {
    const t = c.endpointLeaf[flows.dst[i]];
    (byDest.get(t) ?? byDest.set(t, []).get(t)!).push(i);
  }
  const classes: FlowClass[] = [];
  const classOf = new Map<string, number>();
  const sender: number[] = [];
  const noPath = () => new UsageError(`--model flow: a flow has no fabric path under --routing ${routing.name} (failures); use the bound`);
  for (const [t, idx] of byDest) {
    const pair = new Map<number, { arcs: number[]; fracs: number[] }>();
    for (const i of idx) {
      const s = c.endpointLeaf[flows.src[i]];
      // identical flows (same NICs, same bytes) share their route unless each flow is pinned on its own
      const key = routing.flow ? `${i}` : `${flows.src[i]}|${flows.dst[i]}|${flows.bytes[i]}`;
      const k = classOf.get(key);
      if (k !== undefined) {
        classes[k].count++;
        continue;
      }
      let p = routing.flow ? undefined : pair.get(s);
      if (!p) {
        p = { arcs: [], fracs: [] };
        const ok = s === t || (routing.flow ? routing.flow(i, s, t, p.arcs, p.fracs) : routing.pair!(s, t, p.arcs, p.fracs));
        if (!ok) throw noPath();
        if (!routing.flow) pair.set(s, p);
      }
      classOf.set(key, classes.length);
      sender.push(flows.src[i]);
      classes.push({
        arcs: Int32Array.from([c.endpointUpArc[flows.src[i]], ...p.arcs, c.endpointDownArc[flows.dst[i]]]),
        fracs: Float64Array.from([1, ...p.fracs, 1]),
        bytes: flows.bytes[i],
        count: 1,
      });
    }
  }
  const sched = maxMinSchedule(caps, classes);
  const done = new Map<number, number>();
  sched.completion.forEach((x, k) => done.set(sender[k], Math.max(done.get(sender[k]) ?? 0, x)));
  const times = [...done.values()];
  const edge = (a: number) => (a < 2 * c.edges ? `${c.ids[c.arcTail[a]]}→${c.ids[c.arcHead[a]]}` : routing.linkName!(a));
  return {
    model: 'flow (max-min fair, event-driven)',
    routing: routing.name,
    makespanSeconds: Math.max(sched.makespan, nvlinkBoundSeconds),
    boundSeconds,
    nicCompletion: { p50: pct(times, 50), p99: pct(times, 99), max: pct(times, 100) },
    bottlenecks: sched.bottlenecks.slice(0, 50).map((b) => ({ fromSeconds: b.from, toSeconds: b.to, links: b.arcs.map(edge) })),
    flows: flows.length,
    classes: classes.length,
    events: sched.events,
  };
}
