/**
 * Uniform all-to-all saturation throughput: the fraction of its NIC rate every GPU can inject while all
 * GPUs send uniformly to all others and the busiest link is exactly full (ideal routing). 1 = the fabric
 * never limits uniform traffic (full bisection); 0.5 = a 2:1 bottleneck somewhere. Failure analysis reports
 * it as the effective bisection. One uniform routing pass; with a verified symmetry and no failures that is
 * one pass per orbit of leaves.
 */
import type { Compiled } from '../topology/compiled.js';
import { runTraffic, type TrafficOptions } from '../traffic/run.js';
import type { LinkLoad } from '../traffic/congestion.js';

export interface Saturation {
  /**
   * per-GPU remote demand completed per second at saturation / NIC rate, in [0, 1]: each GPU wants to send
   * S to every GPU of another host (intra-host pairs use NVLink, unreachable pairs are left out); the
   * phase's lower bound T says how fast that can finish.
   */
  fraction: number;
  /** the same as GB/s (10^9 B/s) per GPU */
  perGpuGBps: number;
  /** the link that saturates first, with its kind (nic | fabric | nvlink) */
  bottleneck: (LinkLoad & { phase: string }) | null;
  /** ordered GPU pairs with no path (failures) */
  unreachablePairs: number;
}

export function uniformSaturation(c: Compiled, opts: Pick<TrafficOptions, 'failedEdges' | 'failover' | 'onProgress'> = {}): Saturation {
  const r = runTraffic(c, 'uniform', { ...opts, bytesPerPair: 1, topN: 1 });
  const T = r.congestion.timeSeconds;
  const { csr } = c;
  const perHost = new Map<number, number>();
  for (let e = 0; e < csr.endpoints; e++) perHost.set(csr.host[csr.switches + e], (perHost.get(csr.host[csr.switches + e]) ?? 0) + 1);
  let intra = 0;
  for (const g of perHost.values()) intra += g * (g - 1);
  const N = csr.endpoints;
  const remotePerGpu = (N * (N - 1) - intra - r.demand.unreachablePairs) / N;
  const perGpu = T > 0 ? remotePerGpu / T : 0;
  const nicRate = (c.fabric.getAttribute('nicGbps') * 1e9) / 8;
  return {
    fraction: perGpu / nicRate,
    perGpuGBps: perGpu / 1e9,
    bottleneck: r.congestion.bottleneck,
    unreachablePairs: r.demand.unreachablePairs,
  };
}
