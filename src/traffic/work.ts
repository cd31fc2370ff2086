/**
 * The work guard: an up-front estimate of how long a command will compute, from closed-form counts
 * and the workload alone (nothing is built first), so work that would run for hours is refused in
 * milliseconds with the estimate and the flag that raises the limit (`--max-work <minutes>`).
 *
 * Model (docs/performance.md, "Work guard", has the calibration runs):
 *   build    = (nodes + edges) / BUILD_RATE                      graphology model + CSR
 *   route    = passes · (switches + arcs) / VISIT_RATE · phases   one BFS + load sweep per destination leaf
 *              × 2 for Valiant (UGAL shares its BFS: × UGAL_FACTOR = 1)
 *   hash     = trials · phases · min(J², 500k) flows · hops · 2 · degree / HASH_RATE   ECMP hashing (pinned flows)
 *   sampled  = gpus · drawn tokens · (experts + ep) / SAMPLE_RATE + groups · ep² / SAMPLE_RATE
 *   fail     = (trials + 1) · (route(uniform) + cut + connectivity) · FAIL_FACTOR
 *   paths    = orbit BFS passes, bounded by route(1 phase)
 *   flow     = phases · events · classes · links per class / FLOW_RATE       --model flow (see flowSteps)
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
/** ECMP hashing: lane-scan steps per second (route-hash.ts: per flow, trial and hop, two scans of the arcs) */
export const HASH_RATE = 3e8;
/** flows ECMP hashing routes per phase before it samples (route-hash.ts maxHashFlows) */
export const MAX_HASH_FLOWS = 500_000;
/**
 * A UGAL run routes all-minimal and all-Valiant on the way, sharing each destination's BFS: measured on the
 * Dragonfly plan proposes for 16,384 GPUs with the training job (replicated), UGAL took 17.5 s where the
 * ideal-routing estimate says 24 s, so it costs about one ideal pass per destination.
 */
export const UGAL_FACTOR = 1;
/** flow model: class-link incidences swept per second, one event's progressive filling each (flow-model.ts) */
export const FLOW_RATE = 6e7;
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
  /** max-flow cuts: bisection's natural cut and its random balanced halves (analyze, report) */
  cuts?: number;
  /** false: the engine is told not to fold uniform traffic by symmetry (--no-symmetry) */
  symmetry?: boolean;
  /** copies of a smaller job fill the fabric: every leaf is a destination */
  replicate?: boolean;
  /** overrides the workload's placement */
  placement?: string;
  /** time model: 'flow' adds the max-min fair schedule (flow-model.ts) */
  model?: 'bound' | 'flow';
  /** also the routing pair of compare/plan (routing-pair.ts): adaptive (UGAL on router networks) and ECMP × 5 */
  pair?: boolean;
}

function componentsOf(w: Workload): Component[] {
  return w.kind === 'composite' ? w.components : [w as Component];
}

/** GPUs a component's job runs on: its own `gpus`, else the composite's, else the whole fabric (`all`) */
function jobGpus(w: Workload, x: Component, all: number): number {
  if ('gpus' in x && typeof x.gpus === 'number') return x.gpus;
  return w.kind === 'composite' && typeof w.gpus === 'number' ? w.gpus : all;
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
  const comps = componentsOf(w);
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
    const J = jobGpus(w, x, c.endpoints);
    let touched = all;
    if (!where.replicate && J < c.endpoints) {
      const placement = where.placement ?? ('placement' in x ? x.placement : undefined) ?? (w.kind === 'composite' && 'placement' in w ? w.placement : undefined) ?? 'packed';
      touched = Math.min(all, placement === 'packed' ? 2 * Math.ceil(J / (c.endpoints / all)) : J);
    }
    otherPasses += k * touched;
  }
  return { uniform, other, otherPasses };
}

function samplingDraws(c: ClosedCounts, w: Workload | string | undefined): number {
  if (!w || typeof w === 'string') return 0;
  const comps = componentsOf(w);
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

/** hops a pinned flow takes: up and down a fat-tree's tiers, or up to 3 router hops (Dragonfly minimal) */
function hops(c: ClosedCounts): number {
  const tiers = Object.values(c.switchesByTier).filter((n) => (n ?? 0) > 0).length;
  return tiers > 1 ? 2 * (tiers - 1) : 3;
}

/** ECMP hashing per flow, per trial: at each hop two scans of the switch's arcs (count lanes, pick one) */
function hashStepsPerFlow(c: ClosedCounts): number {
  return hops(c) * 2 * Math.max(1, (2 * c.links) / Math.max(1, c.switches));
}

/**
 * Flows ECMP hashing pins, summed over a workload's phases, each phase capped by the sample size
 * (route-hash.ts maxHashFlows): uniform N·(N − G) remote pairs; EP J·ep per phase (dispatch, combine); PP 2·J per
 * phase; collectives 4·J (ring neighbours, both directions, twice); permutation, shift, bisect, incast J. J is the
 * job, or the whole fabric with data-parallel copies.
 */
function hashFlows(c: ClosedCounts, w: Workload | string | undefined, where: { replicate?: boolean } = {}): number {
  if (w === undefined) return 0;
  const N = c.endpoints;
  const G = Math.max(1, Math.round(N / Math.max(1, c.hosts)));
  const cap = (n: number) => Math.min(MAX_HASH_FLOWS, n);
  if (typeof w === 'string') return cap(w === 'uniform' ? N * Math.max(0, N - G) : N);
  const comps = componentsOf(w);
  let total = 0;
  for (const x of comps) {
    const J = where.replicate ? N : Math.min(jobGpus(w, x, N), N);
    if (x.kind === 'uniform') total += cap(N * Math.max(0, N - G));
    else if (x.kind === 'ep') total += 2 * cap(J * Math.min(x.ep, J));
    else if (x.kind === 'pp') total += 4 * cap(2 * J);
    else if (x.kind === 'collective') total += cap(4 * J);
    else total += cap(J);
  }
  return total;
}

/**
 * The flow model's schedule (flow-model.ts: O(events · fillings · class-link incidences)), per phase summed:
 * classes K = the phase's NIC-to-NIC flows (EP: J·(ep/G − 1), one per remote host of the group; PP 2·J; the
 * others J); links per class = the shortest-path DAG between two leaves, 2 + 2·Σ u^i over the tiers above the
 * leaf with u = endpoints per leaf (the up ports of a full fat-tree), 5 on router networks; events: 1 when every
 * flow of a phase has the same bytes, K/4 when sampled gating gives each its own (measured 1,743 events of
 * 7,168 classes on ft3:k=16, ep 64, skew 1).
 */
function flowSteps(c: ClosedCounts, w: Workload | string | undefined, where: { replicate?: boolean } = {}): number {
  if (w === undefined || typeof w === 'string') return 0;
  const N = c.endpoints;
  const G = Math.max(1, Math.round(N / Math.max(1, c.hosts)));
  const tiers = Object.values(c.switchesByTier).filter((n) => (n ?? 0) > 0).length;
  const u = N / Math.max(1, c.switchesByTier.tier1 ?? c.switches);
  let perClass = 5;
  if (tiers > 1) {
    perClass = 2;
    for (let i = 1; i < tiers; i++) perClass += 2 * u ** i;
  }
  const comps = componentsOf(w);
  let steps = 0;
  for (const x of comps) {
    const J = where.replicate ? N : Math.min(jobGpus(w, x, N), N);
    let K = J;
    let phases = 1;
    let events = 1;
    if (x.kind === 'ep') {
      K = J * Math.max(1, x.ep / G - 1);
      phases = 2;
      if (x.gating === 'sampled') events = K / 4;
    } else if (x.kind === 'pp') {
      K = 2 * J;
      phases = 4;
    }
    steps += phases * events * K * perClass;
  }
  return steps;
}

/** routing passes per destination of the router models: UGAL routes all-minimal and all-Valiant on the way */
function routingFactor(routing: string | undefined): number {
  return routing === 'ugal' ? UGAL_FACTOR : routing === 'valiant' ? 2 : 1;
}

export function estimateWork(i: WorkInput): WorkEstimate {
  if (i.pair && i.workload !== undefined) {
    const one = estimateWork({ ...i, pair: false });
    const build = elements(i.counts) / BUILD_RATE;
    // a fabric with one tier of switches is a router network (Dragonfly, Slim Fly): its adaptive figure is UGAL
    const routers = Object.values(i.counts.switchesByTier).filter((n) => (n ?? 0) > 0).length === 1;
    const adaptive = estimateWork({ ...i, pair: false, routing: routers ? 'ugal' : 'ideal' }).seconds - build;
    const ecmp = estimateWork({ ...i, pair: false, routing: 'ecmp-hash', hashTrials: 5 }).seconds - build;
    return { seconds: one.seconds + adaptive + ecmp, detail: `${one.detail}, plus the adaptive and ECMP rows` };
  }
  const c = i.counts;
  const build = elements(c) / BUILD_RATE;
  const visitsPerPhase = passes(c) * passVisits(c);
  const ecmp = i.routing === 'ecmp-hash';
  const trials = ecmp ? Math.max(1, i.hashTrials ?? 5) : 0;
  const ph = phaseCount(i.workload, c, i);
  const orbitVisits = Math.ceil(Math.sqrt(passes(c))) * passVisits(c);
  const folded = !ecmp && i.symmetry !== false ? orbitVisits : visitsPerPhase;
  // one BFS per destination leaf and phase; hashing then walks every pinned flow once per trial
  let visits = (ph.otherPasses * passVisits(c) + folded * ph.uniform) * routingFactor(i.routing);
  const hashSteps = trials * hashFlows(c, i.workload, i) * hashStepsPerFlow(c);
  // path statistics run one BFS per orbit class of leaves; a max-flow cut sweeps the arcs CUT_PASSES times
  if (i.paths) visits += orbitVisits;
  visits += (i.cuts ?? 0) * CUT_PASSES * passVisits(c);
  const draws = samplingDraws(c, i.workload);
  const flow = i.model === 'flow' ? flowSteps(c, i.workload, i) : 0;
  let seconds = build + visits / VISIT_RATE + hashSteps / HASH_RATE + draws / SAMPLE_RATE + flow / FLOW_RATE;
  let detail = `${fmt(visits)} arc visits${hashSteps ? ` and ${fmt(hashSteps)} hashing steps` : ''}`;
  if (i.failTrials !== undefined) {
    // failures break the symmetry: every destination is routed, uniform traffic included
    const perRun = visitsPerPhase * (1 + (ph.other + ph.uniform) * routingFactor(i.routing));
    seconds += (i.failTrials + 1) * ((perRun * FAIL_FACTOR) / VISIT_RATE + hashSteps / HASH_RATE + draws / SAMPLE_RATE);
    detail = `${i.failTrials + 1} runs × ${fmt(perRun)} arc visits${hashSteps ? ` and ${fmt(hashSteps)} hashing steps` : ''}`;
  }
  if (draws / SAMPLE_RATE > visits / VISIT_RATE + hashSteps / HASH_RATE && i.failTrials === undefined) detail = `${fmt(draws)} gating draws`;
  if (flow / FLOW_RATE > seconds / 2) detail = `${fmt(flow)} flow-model steps`;
  if (build > seconds / 2) detail = `${fmt(elements(c))} model elements`;
  return { seconds, detail };
}

/** one plan candidate: its closed counts and whether its adaptive routing is UGAL (router families) */
export interface PlanCandidateWork {
  counts: ClosedCounts;
  /** Dragonfly / Slim Fly: the adaptive figure is one UGAL run, which routes all-minimal and all-Valiant too */
  routers: boolean;
}

export interface PlanWorkInput {
  candidates: PlanCandidateWork[];
  workload?: Workload;
  /** route uniform all-to-all without a workload (--routed) */
  routed?: boolean;
  placement?: string;
  /** a budget is given: when nothing meets it, up to 8 more bound-only evaluations price the advice */
  budget?: boolean;
}

/** the natural cut's max-flow (plan's bisection figure and uniform bound): about this many arc-visit passes */
export const CUT_PASSES = 8;

/**
 * `plan`'s work, from the candidates' closed counts before anything is built. Per candidate: the build, path
 * statistics (orbit BFS), the natural cut (CUT_PASSES sweeps), and either the uniform bound (nothing routed;
 * the one-down scenario is a second cut) or, with a workload or --routed, the workload routed twice (adaptive:
 * ideal, or UGAL (UGAL_FACTOR) on router families; ECMP hashing × 5 trials) with data-parallel copies filling
 * the fabric, plus the one-switch-down run, which routes every destination (the failure breaks the symmetry).
 * A budget no candidate meets adds up to 8 bound-only evaluations of the largest candidate.
 */
export function estimatePlanWork(i: PlanWorkInput): WorkEstimate {
  let seconds = 0;
  let visitsAll = 0;
  let boundOnlyMax = 0;
  const w = i.workload ?? (i.routed ? 'uniform' : undefined);
  for (const c of i.candidates) {
    const pv = passVisits(c.counts);
    const base = estimateWork({ counts: c.counts, paths: true });
    const cut = (CUT_PASSES * pv) / VISIT_RATE;
    const boundOnly = base.seconds + 2 * cut;
    boundOnlyMax = Math.max(boundOnlyMax, boundOnly);
    if (w === undefined) {
      seconds += boundOnly;
      visitsAll += CUT_PASSES * pv * 2;
      continue;
    }
    const build = estimateWork({ counts: c.counts }).seconds;
    const routed = (x: Omit<WorkInput, 'counts' | 'workload' | 'replicate' | 'placement'>) =>
      estimateWork({ counts: c.counts, workload: w, replicate: true, placement: i.placement, ...x }).seconds - build;
    const adaptive = routed({ routing: c.routers ? 'ugal' : 'ideal' });
    const ecmp = routed({ routing: 'ecmp-hash', hashTrials: 5 });
    const oneDown = routed({ routing: c.routers ? 'ugal' : 'ideal', symmetry: false });
    seconds += base.seconds + cut + adaptive + ecmp + oneDown;
    visitsAll += (adaptive + ecmp + oneDown + cut) * VISIT_RATE;
  }
  if (i.budget) seconds += 8 * boundOnlyMax;
  const n = i.candidates.length;
  return { seconds, detail: `${n} candidate${n === 1 ? '' : 's'}, ${fmt(visitsAll)} arc visits` };
}

/** `generate`: the build, and the export written element by element (about the build's cost again). */
export function estimateGenerateWork(counts: ClosedCounts): WorkEstimate {
  return { seconds: (2 * elements(counts)) / BUILD_RATE, detail: `${fmt(elements(counts))} model elements, built and written` };
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
