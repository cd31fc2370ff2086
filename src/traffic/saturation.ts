/**
 * Uniform all-to-all saturation throughput: the fraction of its NIC rate every GPU can inject while all
 * GPUs send uniformly to all others and the busiest link is exactly full (ideal routing). 1 = the fabric
 * never limits uniform traffic (full bisection); 0.5 = a 2:1 bottleneck somewhere. Failure analysis reports
 * it as the effective bisection. One uniform routing pass; with a verified symmetry and no failures that is
 * one pass per orbit of leaves.
 */
import type { Compiled } from '../topology/analyze.js';
import { runTraffic, type TrafficOptions } from './run.js';
import type { LinkLoad } from './congestion.js';

export interface Saturation {
  /** per-GPU injection at saturation / NIC rate, in [0, 1] */
  fraction: number;
  /** per-GPU fabric injection at saturation, GB/s (10^9 B/s), averaged over GPUs that send */
  perGpuGBps: number;
  /** the link that saturates first, with its kind (nic | fabric | nvlink) */
  bottleneck: (LinkLoad & { phase: string }) | null;
  /** ordered GPU pairs with no path (failures) */
  unreachablePairs: number;
}

export function uniformSaturation(c: Compiled, opts: Pick<TrafficOptions, 'failedEdges' | 'failover' | 'onProgress'> = {}): Saturation {
  const r = runTraffic(c, 'uniform', { ...opts, bytesPerPair: 1, topN: 1 });
  const p = r.phases[0];
  const T = p.congestion.timeSeconds;
  const nicTime = p.congestion.nicSeconds;
  return {
    fraction: T > 0 ? Math.min(1, nicTime / T) : 0,
    perGpuGBps: p.congestion.effectiveGBpsPerGpu,
    bottleneck: r.congestion.bottleneck,
    unreachablePairs: r.demand.unreachablePairs,
  };
}
