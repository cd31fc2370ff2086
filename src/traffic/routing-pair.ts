/**
 * The two times `plan` and `compare --workload` show side by side, so the range routing spans is visible:
 * - adaptive: adaptive routing / packet spraying (`ideal`); on Dragonfly and Slim Fly the best of minimal,
 *   Valiant and UGAL (what a real router network runs), named;
 * - ecmp: ECMP per-flow hashing (`ecmp-hash`, seeded), the mean over hash trials of the busiest lane.
 */
import type { Compiled } from '../topology/compiled.js';
import { adaptiveCandidates, type RoutingName } from './routing.js';
import { runTraffic, type TrafficOptions, type TrafficResult, type WorkloadRef } from './run.js';

export interface RoutingPair {
  adaptive: { routing: RoutingName; timeSeconds: number; tried: Partial<Record<RoutingName, number>> };
  ecmp: { routing: 'ecmp-hash'; timeSeconds: number };
}

/** The adaptive figure: ideal, or the fastest of minimal / Valiant / UGAL on a router network. */
export function bestAdaptive(c: Compiled, w: WorkloadRef, opts: TrafficOptions = {}): { result: TrafficResult; tried: Partial<Record<RoutingName, number>> } {
  let best: TrafficResult | null = null;
  const tried: Partial<Record<RoutingName, number>> = {};
  for (const routing of adaptiveCandidates(c.spec.family)) {
    const r = runTraffic(c, w, { ...opts, routing });
    tried[routing] = r.congestion.timeSeconds;
    if (!best || r.congestion.timeSeconds < best.congestion.timeSeconds) best = r;
  }
  return { result: best!, tried };
}

export function routingPair(c: Compiled, w: WorkloadRef, opts: TrafficOptions = {}): RoutingPair & { adaptiveResult: TrafficResult; ecmpResult: TrafficResult } {
  const a = bestAdaptive(c, w, opts);
  const e = runTraffic(c, w, { ...opts, routing: 'ecmp-hash' });
  return {
    adaptive: { routing: a.result.routing, timeSeconds: a.result.congestion.timeSeconds, tried: a.tried },
    ecmp: { routing: 'ecmp-hash', timeSeconds: e.congestion.timeSeconds },
    adaptiveResult: a.result,
    ecmpResult: e,
  };
}
