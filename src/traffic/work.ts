/**
 * The work guard: an up-front estimate of how long a command will compute, from closed-form counts
 * and the workload alone (nothing is built first), so work that would run for hours is refused in
 * milliseconds with the estimate and the flag that raises the limit (`--max-work <minutes>`).
 *
 * Model (docs/performance.md, "Work guard", has the calibration runs):
 *   build    = (nodes + edges) / BUILD_RATE                      graphology model + CSR
 *   route    = passes · (switches + arcs) / VISIT_RATE · phases   one BFS + load sweep per destination leaf
 *   sampled  = gpus · drawn tokens · (experts + ep) / SAMPLE_RATE + groups · ep² / SAMPLE_RATE
 *   fail     = (trials + 1) · (route(uniform) + cut + connectivity) · FAIL_FACTOR
 *   paths    = orbit BFS passes, bounded by route(1 phase)
 * Passes: one per destination leaf, except uniform all-to-all under ideal routing without failures,
 * which the engine may fold by a verified rotation symmetry (pods, groups): there √leaves passes are
 * assumed (k/2 of k²/2 leaves for a full fat-tree), and the runtime projection (cli/progress.ts) catches
 * fabrics without the symmetry.
 * The rates were measured on the project's 2-core reference machine; the estimate errs high.
 */
import { ResourceError } from '../errors.js';
import type { ClosedCounts } from '../topology/family.js';
import type { Workload, Component } from './workload.js';

// Rates measured on the reference machine while 8 sessions shared its 2 cores (docs/performance.md,
// "Work guard"); a quiet machine runs 3–5× faster than estimated, so the estimates err high.
/** model elements (nodes + edges) built per second, graphology + CSR */
export const BUILD_RATE = 4e4;
/** (switch + arc) visits per second of one routing pass, ideal ECMP split */
export const VISIT_RATE = 3e7;
/** gating draws × candidates per second, sampled EP gating */
export const SAMPLE_RATE = 6.5e6;
/** a failure run is uniform routing plus a connectivity sweep and a min-cut */
export const FAIL_FACTOR = 1.5;
/** default limit, minutes */
export const DEFAULT_MAX_WORK_MINUTES = 5;

export interface WorkEstimate {
  seconds: number;
  /** the dominant term, for the message: e.g. "4.2e10 arc visits" */
  detail: string;
}

export interface WorkInput {
  counts: ClosedCounts;
  workload?: Workload | string;
  routing?: 'ideal' | 'ecmp-hash' | string;
  /** hash trials (ecmp-hash) */
  hashTrials?: number;
  /** failure trials; undefined: no failure analysis */
  failTrials?: number;
  /** path statistics (analyze, report) */
  paths?: boolean;
  /** false: the engine is told not to fold uniform traffic by symmetry (--no-symmetry) */
  symmetry?: boolean;
  /** copies of a smaller job fill the fabric: every leaf is a destination */
  replicate?: boolean;
  /** overrides the workload's placement */
  placement?: string;
}

function elements(c: ClosedCounts): number {
  return c.endpoints + c.switches + c.hosts + 2 * c.endpoints + c.links;
}

/** destination passes of one routing phase: one per leaf (tier-1 switch), or per router */
function passes(c: ClosedCounts): number {
  return Math.max(1, c.switchesByTier.tier1 ?? c.switches);
}

function passVisits(c: ClosedCounts): number {
  return c.switches + 2 * (c.links + c.endpointLinks);
}

/**
 * Routing phases of a workload, with the uniform ones counted apart (they may fold by symmetry), and
 * `otherPasses`: the destination passes of the non-uniform phases. A job smaller than the fabric, run
 * once, routes only towards the leaves its GPUs sit on: about J / (endpoints per leaf) when packed
 * (doubled for hosts that straddle leaves and planes), at most J otherwise.
 */
function phaseCount(w: Workload | string | undefined, c: ClosedCounts, where: { replicate?: boolean; placement?: string } = {}): { uniform: number; other: number; otherPasses: number } {
  if (w === undefined) return { uniform: 0, other: 0, otherPasses: 0 };
  const all = passes(c);
  if (typeof w === 'string') return w === 'uniform' ? { uniform: 1, other: 0, otherPasses: 0 } : { uniform: 0, other: 1, otherPasses: all };
  const comps: Component[] = w.kind === 'composite' ? w.components : [w as Component];
  let uniform = 0;
  let other = 0;
  let otherPasses = 0;
  for (const x of comps) {
    if (x.kind === 'uniform') {
      uniform++;
      continue;
    }
    const k = x.kind === 'ep' ? 2 : x.kind === 'pp' ? 4 : 1;
    other += k;
    const outer = w.kind === 'composite' ? w : undefined;
    const J = ('gpus' in x && typeof x.gpus === 'number' ? x.gpus : typeof outer?.gpus === 'number' ? outer.gpus : undefined) ?? c.endpoints;
    let touched = all;
    if (!where.replicate && J < c.endpoints) {
      const placement = where.placement ?? ('placement' in x ? x.placement : undefined) ?? (outer && 'placement' in outer ? outer.placement : undefined) ?? 'packed';
      touched = Math.min(all, placement === 'packed' ? 2 * Math.ceil(J / (c.endpoints / all)) : J);
    }
    otherPasses += k * touched;
  }
  return { uniform, other, otherPasses };
}

function samplingDraws(c: ClosedCounts, w: Workload | string | undefined): number {
  if (!w || typeof w === 'string') return 0;
  const comps: Component[] = w.kind === 'composite' ? w.components : [w as Component];
  let draws = 0;
  for (const x of comps) {
    if (x.kind !== 'ep') continue;
    const gpus = Math.min(x.gpus ?? c.endpoints, c.endpoints);
    if (x.ep > gpus) continue; // refused by the workload's own check, which names the field
    const groups = Math.max(1, Math.floor(gpus / x.ep));
    // the ep × ep count matrix is filled per group in both gating modes
    draws += groups * x.ep * x.ep;
    if (x.gating === 'sampled') draws += gpus * Math.min(x.sampleTokensPerGpu, Math.ceil(x.tokensPerGpu)) * (x.experts + x.ep);
  }
  return draws;
}

export function estimateWork(i: WorkInput): WorkEstimate {
  const c = i.counts;
  const build = elements(c) / BUILD_RATE;
  const visitsPerPhase = passes(c) * passVisits(c);
  const hash = i.routing === 'ecmp-hash' ? Math.max(1, i.hashTrials ?? 1) : 1;
  const ph = phaseCount(i.workload, c, i);
  const orbitVisits = Math.ceil(Math.sqrt(passes(c))) * passVisits(c);
  const folded = i.routing !== 'ecmp-hash' && i.symmetry !== false ? orbitVisits : visitsPerPhase;
  let visits = (ph.otherPasses * passVisits(c) + folded * ph.uniform) * hash;
  // path statistics run one BFS per orbit class of leaves
  if (i.paths) visits += orbitVisits;
  const draws = samplingDraws(c, i.workload);
  let seconds = build + visits / VISIT_RATE + draws / SAMPLE_RATE;
  let detail = `${fmt(visits)} arc visits`;
  if (i.failTrials !== undefined) {
    // failures break the symmetry: every destination is routed, uniform traffic included
    const perRun = visitsPerPhase * (1 + (ph.other + ph.uniform) * hash);
    seconds += (i.failTrials + 1) * ((perRun * FAIL_FACTOR) / VISIT_RATE + draws / SAMPLE_RATE);
    detail = `${i.failTrials + 1} runs × ${fmt(perRun)} arc visits`;
  }
  if (draws / SAMPLE_RATE > visits / VISIT_RATE && i.failTrials === undefined) detail = `${fmt(draws)} gating draws`;
  if (build > seconds / 2) detail = `${fmt(elements(c))} model elements`;
  return { seconds, detail };
}

function fmt(n: number): string {
  return n >= 1e4 ? n.toExponential(1).replace('e+', 'e') : String(Math.round(n));
}

export function fmtDuration(s: number): string {
  if (s < 90) return `${s.toFixed(0)} s`;
  if (s < 5400) return `${(s / 60).toFixed(0)} min`;
  if (s < 48 * 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(0)} days`;
}

/** Refuses work estimated above `maxMinutes`, naming the estimate and the flag that raises it. */
export function guardWork(what: string, est: WorkEstimate, maxMinutes = DEFAULT_MAX_WORK_MINUTES): void {
  if (est.seconds > maxMinutes * 60)
    throw new ResourceError(
      `${what}: estimated ${fmtDuration(est.seconds)} of work (${est.detail}), over the ${maxMinutes} min limit; raise it with --max-work <minutes> (model: docs/performance.md, "Work guard")`,
    );
}
