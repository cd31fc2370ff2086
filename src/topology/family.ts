/**
 * What every topology family provides. One file per family under families/, one entry in registry.ts.
 */
import { z } from 'zod';
import type { Fabric, Tier } from './model.js';

/** Closed-form sizes, checked against the built graph by tests. */
export interface ClosedCounts {
  endpoints: number;
  hosts: number;
  switches: number;
  switchesByTier: Partial<Record<`tier${Tier}`, number>>;
  /** switch-to-switch physical links (lanes), as in the paper's Table 3 */
  links: number;
  /** endpoint-to-switch physical links */
  endpointLinks: number;
}

export interface Family<P extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  summary: string;
  /** two-line citation of the construction */
  citation: string;
  schema: z.ZodType<P>;
  counts(p: P): ClosedCounts;
  build(p: P, name: string): Fabric;
  /** null when a graph exists for p; otherwise why not (the closed form still applies) */
  unbuildable?(p: P): string | null;
  /**
   * Leaves that represent all leaves (each with the size of the class it stands for), so path statistics
   * need one BFS per class: automorphism orbits, or any class whose leaves have the same distance profile
   * and endpoint count (all routers of a regular diameter-2 graph). null when no such classes are known.
   */
  orbits?(p: P): Array<{ leaf: string; size: number }> | null;
  /** closed-form cable plan under the paper's convention (fast path, no graph); absent: the graph-derived floor plan */
  cablePlan?(p: P): import('./cabling.js').CablePlan;
}

/** Parameters every family shares; defaults follow the DeepSeek-V3 cluster (H800 hosts, CX7 400G, 64-port IB). */
export const commonShape = {
  gpusPerHost: z.number().int().min(1).max(64).default(8),
  nicGbps: z.number().positive().max(1e5).default(400),
  /** per-GPU NVLink bandwidth per direction: H800 200 GB/s = 1600 Gb/s */
  nvlinkGbps: z.number().positive().max(1e6).default(1600),
};

export const evenRadix = (def = 64) =>
  z
    .number()
    .int()
    .min(4)
    .max(1024)
    .refine((k) => k % 2 === 0, { message: 'must be an even integer from 4 to 1024' })
    .default(def);

export function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}
