/**
 * Evaluates one `plan` candidate: sizes, cost, bisection, latency, communication time, and the time
 * increase when one switch (a spine, or a router) is down. Every figure comes from the library's own analyses.
 */
import { analyzeCompiled, compile, type Analysis, type Compiled } from '../analysis/analyze.js';
import type { Pricebook } from '../topology/pricebook.js';
import { runTraffic, type TrafficResult } from '../traffic/run.js';
import { bestAdaptive, routingPair } from '../traffic/routing-pair.js';
import type { Placement, Workload } from '../traffic/workload.js';
import type { Candidate } from './candidates.js';
import { cutBetween, naturalHalves, type CutResult } from '../topology/bisection.js';

export interface Evaluation {
  design: string;
  family: string;
  spec: { name: string; family: string; params: Record<string, unknown> };
  capacity: number;
  headroom: number;
  switches: number;
  switchesByTier: Record<string, number>;
  links: number;
  endpointLinks: number;
  portsFree: number | null;
  optics: number | null;
  costUSD: number | null;
  costPerGpuUSD: number | null;
  /** network power at the wall (with the book's PUE), kW */
  powerKW: number | null;
  /** capex + network energy over the book's service life, USD */
  tcoUSD: number | null;
  tcoPerGpuUSD: number | null;
  /** the cable layout the cost comes from (bom.floor.label) */
  floor: string | null;
  /** bisection per GPU as a fraction of the NIC rate (null when not available) */
  bisectionFraction: number | null;
  diameterHops: number | null;
  /** worst-case NIC-to-NIC latency: fixed part + per switch + propagation over the cables */
  latencyUs: number | null;
  /** time used for ranking: the workload's, or uniform all-to-all's */
  timeSeconds: number;
  timeLabel: string;
  /** the model behind timeSeconds: a routing name, or 'none (bound)' */
  routing: string;
  /** with a workload (or --routed): adaptive / spraying (best of minimal, Valiant, UGAL on DF/SF, named) and ECMP per-flow */
  adaptive?: { routing: string; timeSeconds: number; tried: Record<string, number> };
  ecmpSeconds?: number;
  /** where the job sits: data-parallel copies filling the cluster, and the fraction of hosts they cover */
  placement?: { placement: string; copies: number; jobHosts: number; clusterHosts: number; coverage: number };
  phases?: Array<{ name: string; timeSeconds: number }>;
  failure: { scenario: string; timeSeconds: number; increase: number; unreachableBytes: number; routing?: string } | null;
  notes: string[];
}

/**
 * One switch down, the same kind everywhere so the column compares like with like: a spine (tier 2; in
 * MPFT a spine of plane 0, not the whole plane), or a router where the fabric has one tier.
 */
export function failureScenario(c: Compiled): { scenario: string; failed: Uint8Array } | null {
  const { csr } = c;
  const failed = new Uint8Array(csr.edges);
  let spine = -1;
  for (let u = 0; u < csr.switches && spine < 0; u++) if (csr.tier[u] === 2) spine = u;
  let scenario: string;
  if (spine < 0) {
    // single-tier fabrics (Dragonfly, Slim Fly, one-switch rails): one router down
    spine = 0;
    scenario = `1 router down (${csr.ids[0]})`;
  } else scenario = `1 spine down (${csr.ids[spine]}${c.fabric.getAttribute('planes') > 1 ? `, plane ${csr.plane[spine]}` : ''})`;
  // the switch's own arcs, from its adjacency
  for (let i = csr.offsets[spine]; i < csr.offsets[spine + 1]; i++) failed[csr.arcsOf[i] >> 1] = 1;
  return csr.offsets[spine + 1] > csr.offsets[spine] ? { scenario, failed } : null;
}

const uniformLoad: Workload = { kind: 'uniform', name: 'uniform all-to-all (1 MiB per pair)', bytesPerPair: 1 << 20 };

export interface EvaluateOptions {
  /** without a workload, route uniform all-to-all instead of using the bound (slower, exact for ECMP) */
  routed?: boolean;
  /** GPUs requested: cost per GPU divides by this */
  gpus: number;
  pricebook: Pricebook;
  workload?: Workload;
  maxMemoryGiB?: number;
  /** which time ranks: adaptive ('ideal': best adaptive model of the family) or ECMP per-flow ('ecmp-hash') */
  routing?: 'ideal' | 'ecmp-hash';
  /** where each copy of the job sits (overrides the workload's placement) */
  placement?: Placement;
}

/** The natural cut per endpoint of the smaller side, as a fraction of the NIC rate (bisection.ts's perEndpointFraction). */
function bisectionFraction(c: Compiled, cut: CutResult): number {
  const half = Math.min(cut.sideA.endpoints, cut.sideB.endpoints) || c.csr.endpoints / 2;
  return cut.gbps / half / c.fabric.getAttribute('nicGbps');
}

/**
 * Lower bound of uniform all-to-all (1 MiB per GPU pair) without routing: the busier of (a) a NIC, which
 * sends (N − G)·S and whose load spreads over the host's live NICs, and (b) the natural bisection cut,
 * which both halves cross with |A|·|B|·S bytes each way. Exact for full-bisection fat-trees (NIC-bound);
 * optimistic where ECMP cannot use the whole cut (docs/bisection.md). Failures lower the cut and the NICs.
 */
export function uniformBound(c: Compiled, failed?: Uint8Array, healthyCut?: CutResult, halves?: Halves): number {
  const { csr } = c;
  const S = 1 << 20;
  const N = csr.endpoints;
  const G = c.fabric.getAttribute('gpusPerHost');
  const nicBps = (c.fabric.getAttribute('nicGbps') * 1e9) / 8;
  let alive = 0;
  for (let e = 0; e < N; e++) if (!(failed && failed[csr.endpointUpArc[e] >> 1])) alive++;
  const nicTime = alive > 0 ? ((N - G) * S * (N / alive)) / nicBps : Infinity;
  const cut = !failed && healthyCut ? healthyCut : naturalCut(c, failed, halves);
  const cutTime = cut.gbps > 0 ? (cut.sideA.endpoints * cut.sideB.endpoints * S) / ((cut.gbps * 1e9) / 8) : Infinity;
  return Math.max(nicTime, cutTime);
}

type Halves = ReturnType<typeof naturalHalves>;

/** The natural cut; `h` reuses halves already taken (they depend on the structure only, not on failures). */
function naturalCut(c: Compiled, failed?: Uint8Array, h: Halves = naturalHalves(c)): CutResult {
  return cutBetween(c, h.side, h.halves, failed);
}

export function evaluateCandidate(cand: Candidate, opts: EvaluateOptions): Evaluation {
  const c = compile(cand.spec, { maxMemoryGiB: opts.maxMemoryGiB });
  // Only the natural cut is needed (random halves and path diversity are not shown): one max-flow, shared
  // by the bisection figure and the uniform bound.
  const a = analyzeCompiled(c, { pricebook: opts.pricebook, bisection: false });
  const halves = naturalHalves(c);
  const cut = naturalCut(c, undefined, halves);
  const cost = a.cost as { totalUSD: number; powerKW: number; tcoUSD: number; floor: string } | undefined;
  const bom = a.bom as { transceivers: { count: number }; cableLengthM: { mean: number } } | undefined;
  const lat = opts.pricebook.latency;
  const diameter = a.paths?.diameterHops ?? null;
  const latencyUs =
    diameter === null ? null : lat.endpointUs + (diameter - 1) * lat.perSwitchUs + (diameter * (bom?.cableLengthM.mean ?? 0) * lat.perMetreNs) / 1e3;
  const f = failureScenario(c);
  let failure: Evaluation['failure'] = null;
  let time: number;
  let phases: Evaluation['phases'];
  let timeLabel: string;
  let routing = 'none (bound)';
  let pairFields: Pick<Evaluation, 'adaptive' | 'ecmpSeconds' | 'placement'> = {};
  if (opts.workload || opts.routed) {
    const w = opts.workload ?? uniformLoad;
    // a job smaller than the fabric runs as data-parallel copies until the cluster is full
    const pair = routingPair(c, w, { replicate: true, placement: opts.placement });
    const healthy: TrafficResult = opts.routing === 'ecmp-hash' ? pair.ecmpResult : pair.adaptiveResult;
    routing = opts.routing === 'ecmp-hash' ? 'ecmp-hash' : pair.adaptive.routing;
    time = healthy.congestion.timeSeconds;
    phases = healthy.phases.map((p) => ({ name: p.name, timeSeconds: p.congestion.timeSeconds }));
    timeLabel = opts.workload ? (opts.workload.name ?? opts.workload.kind) : 'uniform all-to-all';
    const pl = healthy.placement;
    pairFields = {
      adaptive: pair.adaptive,
      ecmpSeconds: pair.ecmp.timeSeconds,
      ...(pl ? { placement: { placement: pl.placement, copies: pl.copies, jobHosts: pl.jobHosts, clusterHosts: pl.clusterHosts, coverage: pl.coverage } } : {}),
    };
    if (f) {
      // The adaptive column re-chooses its model with the switch down (on Dragonfly and Slim Fly the best of
      // minimal, Valiant and UGAL again): an oblivious model kept from the healthy run would pour a group
      // pair's bytes onto the one global link the dead router left it (docs/traffic.md, "one router down").
      const down = { failedEdges: f.failed, replicate: true, placement: opts.placement };
      const e = opts.routing === 'ecmp-hash' ? runTraffic(c, w, { ...down, routing: 'ecmp-hash' }) : null;
      const b = e ? { result: e, routing: 'ecmp-hash', timeSeconds: e.congestion.timeSeconds } : bestAdaptive(c, w, down, false);
      failure = {
        scenario: f.scenario,
        timeSeconds: b.timeSeconds,
        increase: b.timeSeconds / time - 1,
        unreachableBytes: b.result.demand.unreachableBytes,
        routing: b.routing,
      };
    }
  } else {
    // No workload: the uniform all-to-all bound from NICs and the bisection cut, no routing (fast).
    time = uniformBound(c, undefined, cut);
    timeLabel = 'uniform all-to-all (bound)';
    if (f) {
      const broken = uniformBound(c, f.failed, undefined, halves);
      failure = { scenario: f.scenario, timeSeconds: broken, increase: broken / time - 1, unreachableBytes: 0 };
    }
  }
  const counts = a.counts as Analysis['counts'] & { portsFree?: number };
  return {
    design: cand.design,
    family: cand.spec.family,
    spec: { name: cand.spec.name, family: cand.spec.family, params: cand.spec.params },
    capacity: cand.capacity,
    headroom: cand.headroom,
    switches: counts.switches,
    switchesByTier: counts.switchesByTier as Record<string, number>,
    links: counts.links,
    endpointLinks: counts.endpointLinks,
    portsFree: counts.portsFree ?? null,
    optics: bom ? bom.transceivers.count : null,
    costUSD: cost ? cost.totalUSD : null,
    costPerGpuUSD: cost ? cost.totalUSD / opts.gpus : null,
    powerKW: cost ? cost.powerKW : null,
    tcoUSD: cost ? cost.tcoUSD : null,
    tcoPerGpuUSD: cost ? cost.tcoUSD / opts.gpus : null,
    floor: cost ? cost.floor : null,
    bisectionFraction: bisectionFraction(c, cut),
    diameterHops: diameter,
    latencyUs,
    timeSeconds: time,
    timeLabel,
    routing,
    ...pairFields,
    phases,
    failure,
    notes: a.notes,
  };
}
