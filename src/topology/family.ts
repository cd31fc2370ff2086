/**
 * What every topology family provides. One file per family under families/, one entry in registry.ts
 * (or one `registerFamily` call). Every module that needs family-specific knowledge asks the family
 * through these members and never switches on its name; an optional member left out means "no closed
 * form / no such structure", and the generic, graph-based answer is used.
 */
import { z } from 'zod';
import type { Fabric, Tier } from './model.js';
import type { CablePlan } from './cabling.js';

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

/** The closed-form bisection of the family's natural cut; gbps null when this instance has none. */
export interface ClosedBisection {
  gbps: number | null;
  /** the formula, in words, shown next to the figure */
  basis: string;
}

/** What `plan` asks each family: hold `gpus` GPUs of `gpusPerHost` per host with radix-`radix` switches. */
export interface SizingRequest {
  gpus: number;
  gpusPerHost: number;
  nicGbps: number;
  radix: number;
  /** largest leaf oversubscription r (r:1) the user accepts; 1 = full bisection only */
  maxOversubscription: number;
}

/**
 * One design a family proposes for a sizing request: the parameters (gpusPerHost and nicGbps are added by
 * plan) and the endpoints it holds without adding a tier; or why the design cannot hold the request, with
 * the most it could hold at this radix.
 */
export type SizingOption =
  | { design: string; params: Record<string, unknown>; capacity: number }
  | { design: string; reason: string; largest: number };

/** Node attribute that names a leaf's natural group: halves are taken in this order, and pair classes use it. */
export type LeafGroup = 'pod' | 'su' | 'group';

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
  /**
   * Bytes needed before counts() can answer (an imported file must be parsed first), estimated
   * without reading the content, so the memory guard can refuse before the parse. Absent: 0.
   */
  preflightBytes?(p: P): number;
  /**
   * True when every class of leaf pairs (same group, across groups, across planes) is one orbit of the
   * switch graph's automorphisms, so one source leaf and one max-flow per class give exact path diversity.
   */
  pairTransitive?(p: P): boolean;
  /**
   * Leaf attributes that group leaves (first present wins), for the natural halves of the bisection and for
   * the pair classes of path diversity. Default ['pod', 'su']; [] when the family has no such groups.
   */
  leafGroups?: readonly LeafGroup[];
  /** Closed-form bisection of the natural cut (balanced halves of the leaves in group order). */
  bisection?(p: P): ClosedBisection;
  /** The switches and cables by class in closed form; absent: the plan is derived from the built graph. */
  cablePlan?(p: P): CablePlan;
  /** the floor plan's engine view in closed form (no graph), equal to the built graph's; null when not known */
  floorView?(p: P): import('./floor.js').FloorView | null;
  /** How `plan` sizes this family for a request: its designs, or why each cannot hold it. */
  sizing?(r: SizingRequest): SizingOption[];
  /** What kind of instance this is, for compare's "construction" row (default: the family name). */
  construction?(p: P): string;
  /** The notes `build` attaches to the fabric, so analyses that skip the build report them too. */
  notes?(p: P): string[];
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

/** Counts in messages, with thousands separators. */
export const fmtCount = (n: number) => n.toLocaleString('en-US');
