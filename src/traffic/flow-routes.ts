/**
 * The route each flow takes in the flow model (flow-model.ts), per routing model: the same splits the bound's
 * routers put on the links, seen one leaf pair (or one flow) at a time.
 * - ideal, and minimal on Slim Fly: shortest paths, per-hop split by lanes;
 * - minimal on Dragonfly: Kim et al.'s at-most-one-global-hop split (route-dragonfly.ts);
 * - valiant: the average over the intermediates i of minimal(s → i) then minimal(i → t), O(R · path) per pair;
 * - ugal: the class's minimal fraction x (route-ugal.ts, decided by the phase's UGAL run) on the minimal split,
 *   1 − x on the Valiant split (on a Dragonfly through the intermediate groups the decision chose);
 * - ecmp-hash: each flow pinned to one lane by the hash of the bound's first trial (route-hash.ts); each lane
 *   is its own link of one lane's capacity.
 */
import { UsageError } from '../errors.js';
import { bfs, switchGraph, type FabricCsr } from '../topology/csr.js';
import { idealFlowRouting, type FlowRouting } from './flow-model.js';
import { dragonflyMinimal, type DragonflyIndex } from './route-dragonfly.js';
import { hash32 } from './route-hash.js';
import { allPairs, shortestSplit, type UgalDecision } from './route-ugal.js';
import { routers } from './route-valiant.js';
import type { RoutingName } from './routing.js';

/** incidences (classes × arcs per class) above which Valiant/UGAL flow routes are refused up front */
const MAX_VALIANT_WORK = 2e8;

type Split = (s: number, t: number, arcs: number[], fracs: number[]) => boolean;

function minimalSplit(c: FabricCsr, dragonfly: DragonflyIndex | null | undefined, failed?: Uint8Array): Split {
  if (dragonfly) return dragonflyMinimal(c, dragonfly, failed).fractions;
  const S = c.switches;
  const { g, dist } = allPairs(c, failed);
  return (s, t, arcs, fracs) => {
    if (s === t) return true;
    if (dist[t * S + s] < 0) return false;
    shortestSplit(g, dist, S, s, t, arcs, fracs);
    return true;
  };
}

/** Valiant's split of one byte s → t: 1/R through every intermediate router, both legs minimal. */
function valiantSplit(c: FabricCsr, min: Split, failed?: Uint8Array): Split {
  const mids = routers(c, failed);
  const R = mids.length;
  const acc = new Map<number, number>();
  const la: number[] = [];
  const lf: number[] = [];
  return (s, t, arcs, fracs) => {
    acc.clear();
    let reached = 0;
    for (const i of mids) {
      la.length = 0;
      lf.length = 0;
      if (!min(s, i, la, lf) || !min(i, t, la, lf)) continue;
      reached++;
      for (let j = 0; j < la.length; j++) acc.set(la[j], (acc.get(la[j]) ?? 0) + lf[j] / R);
    }
    if (reached === 0) return false;
    // a failed leg's share is lost in the bound (unreachable); here the flow keeps it on the legs that work
    for (const [a, f] of acc) {
      arcs.push(a);
      fracs.push((f * R) / reached);
    }
    return true;
  };
}

export interface FlowRouteOptions {
  dragonfly?: DragonflyIndex | null;
  failed?: Uint8Array;
  seed?: number;
  ugal?: UgalDecision;
  /** leaf pairs with fabric flows: sizes the Valiant work check */
  pairs?: number;
}

export function flowRouting(c: FabricCsr, routing: RoutingName, opts: FlowRouteOptions = {}): FlowRouting {
  const { failed } = opts;
  if (routing === 'ideal' || (routing === 'minimal' && !opts.dragonfly)) return { ...idealFlowRouting(c, failed), name: routing };
  if (routing === 'ecmp-hash') return hashFlowRouting(c, opts.seed ?? 1, failed);
  const min = minimalSplit(c, opts.dragonfly, failed);
  if (routing === 'minimal') return { name: routing, pair: min };
  const R = routers(c, failed).length;
  const work = (opts.pairs ?? 0) * R * 6;
  if (work > MAX_VALIANT_WORK)
    throw new UsageError(`--model flow: --routing ${routing} spreads each of ${opts.pairs} leaf pairs over ${R} intermediate routers (~${work.toExponential(1)} link incidences, limit ${MAX_VALIANT_WORK.toExponential(0)}); use the bound or a smaller fabric`);
  const val = valiantSplit(c, min, failed);
  if (routing === 'valiant') return { name: routing, pair: val };
  const d = opts.ugal!;
  const la: number[] = [];
  const lf: number[] = [];
  // Dragonfly: the intermediates of each group, for the groups a class's Valiant part goes through
  const inGroup = new Map<number, number[]>();
  if (opts.dragonfly) for (const i of routers(c, failed)) (inGroup.get(opts.dragonfly.groupOf[i]) ?? inGroup.set(opts.dragonfly.groupOf[i], []).get(opts.dragonfly.groupOf[i])!).push(i);
  const through = (groups: Int32Array, fraction: Float64Array): Split => (s, t, arcs, fracs) => {
    const acc = new Map<number, number>();
    for (let j = 0; j < groups.length; j++) {
      const members = inGroup.get(groups[j]) ?? [];
      for (const i of members) {
        const a2: number[] = [];
        const f2: number[] = [];
        if (!min(s, i, a2, f2) || !min(i, t, a2, f2)) return false;
        for (let q = 0; q < a2.length; q++) acc.set(a2[q], (acc.get(a2[q]) ?? 0) + (f2[q] * fraction[j]) / members.length);
      }
    }
    // normalised to one byte of the Valiant part (the caller scales by 1 − x)
    let total = 0;
    for (const f of fraction) total += f;
    for (const [a, f] of acc) {
      arcs.push(a);
      fracs.push(f / total);
    }
    return true;
  };
  const viaRouters = (mids: Int32Array, fraction: Float64Array): Split => (s, t, arcs, fracs) => {
    let total = 0;
    for (const f of fraction) total += f;
    for (let j = 0; j < mids.length; j++) {
      const a2: number[] = [];
      const f2: number[] = [];
      if (!min(s, mids[j], a2, f2) || !min(mids[j], t, a2, f2)) return false;
      for (let q = 0; q < a2.length; q++) {
        arcs.push(a2[q]);
        fracs.push((f2[q] * fraction[j]) / total);
      }
    }
    return true;
  };
  return {
    name: routing,
    pair(s, t, arcs, fracs) {
      const k = d.classOf(s, t);
      const x = k < 0 ? 1 : d.minimalFraction[k];
      const v = k < 0 ? undefined : d.via?.get(k);
      let ok = false;
      // inside a group (k ≥ groupPairs) `through` holds intermediate routers, else intermediate groups
      const side: Split | undefined = v ? (k >= d.groupPairs! ? viaRouters(v.through, v.fraction) : through(v.through, v.fraction)) : val;
      for (const [part, split] of [[x, min], [1 - x, side]] as const) {
        if (part <= 0) continue;
        la.length = 0;
        lf.length = 0;
        if (!split(s, t, la, lf)) return false;
        ok = true;
        for (let j = 0; j < la.length; j++) {
          arcs.push(la[j]);
          fracs.push(lf[j] * part);
        }
      }
      return ok;
    },
  };
}

/** ECMP per-flow hashing, trial 0 of route-hash.ts: at each switch the hash of (flow, seed, switch) picks one lane. */
function hashFlowRouting(c: FabricCsr, seed: number, failed?: Uint8Array): FlowRouting {
  const S = c.switches;
  const E2 = 2 * c.edges;
  const laneBase = new Int32Array(E2).fill(-1);
  let lanes = 0;
  for (let i = 0; i < c.swArc.length; i++) {
    laneBase[c.swArc[i]] = lanes;
    lanes += c.lanes[c.swArc[i] >> 1];
  }
  const caps = new Float64Array(E2 + lanes);
  const laneArc = new Int32Array(lanes);
  for (let i = 0; i < c.swArc.length; i++) {
    const a = c.swArc[i];
    caps.fill((c.gbps[a >> 1] * 1e9) / 8, E2 + laneBase[a], E2 + laneBase[a] + c.lanes[a >> 1]);
    laneArc.fill(a, laneBase[a], laneBase[a] + c.lanes[a >> 1]);
  }
  const g = switchGraph(c, failed);
  const { off, to, arc, lanes: gl } = g;
  const dist = new Int32Array(S);
  const order = new Int32Array(S);
  let last = -1;
  return {
    name: 'ecmp-hash',
    caps,
    linkName: (x) => `${c.ids[c.arcTail[laneArc[x - E2]]]}→${c.ids[c.arcHead[laneArc[x - E2]]]} lane ${x - E2 - laneBase[laneArc[x - E2]]}`,
    flow(f, s, t, arcs, fracs) {
      if (last !== t) {
        bfs(g, t, dist, order);
        last = t;
      }
      if (dist[s] < 0) return false;
      let u = s;
      while (u !== t) {
        const du = dist[u] - 1;
        let total = 0;
        for (let i = off[u]; i < off[u + 1]; i++) if (dist[to[i]] === du) total += gl[i];
        let pick = hash32(f, seed * 7919, u) % total;
        for (let i = off[u]; i < off[u + 1]; i++) {
          if (dist[to[i]] !== du) continue;
          if (pick < gl[i]) {
            arcs.push(E2 + laneBase[arc[i]] + pick);
            fracs.push(1);
            u = to[i];
            break;
          }
          pick -= gl[i];
        }
      }
      return true;
    },
  };
}
