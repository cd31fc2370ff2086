/**
 * The traffic library entry: a workload on a compiled fabric -> per-phase demand and congestion, plus a
 * job-level summary (phases run one after another, so times add up).
 */
import { UsageError } from '../errors.js';
import type { Compiled } from '../topology/compiled.js';
import { epFlows } from './ep.js';
import { hostIndex, type HostIndex } from './hosts.js';
import { runPhase, type PhaseDemand, type PhaseOptions, type PhaseResult } from './phase.js';
import { permutationFlows, ppFlows } from './pp.js';
import type { LinkLoad } from './congestion.js';
import type { Component, Workload } from './workload.js';
import { switchRotation } from './symmetry.js';

export interface TrafficOptions extends Omit<PhaseOptions, 'failed'> {
  /**
   * links down: per undirected edge of `compiled.csr` (length csr.edges), 1 = down. Routing recomputes
   * shortest paths around them; a NIC whose link is down neither sends nor receives (its traffic fails over
   * to the host's other NICs/planes when `failover` is on); demand with no path is reported in
   * `demand.unreachableBytes` / `unreachablePairs`. A failed switch = all its edges down; a failed plane = all
   * its switches down.
   */
  failedEdges?: Uint8Array;
  /** per-phase `edgeLoads` keyed by graphology edge key (large: off by default) */
  edgeLoads?: boolean;
  /** route symmetric demand one orbit at a time when the fabric has a verified rotation (default true) */
  useSymmetry?: boolean;
  /** bytes per pair for the 'uniform' / 'permutation' shorthands (default 1 MiB) */
  bytesPerPair?: number;
  /** called with (phase name, done, total) during routing */
  onProgress?: (phase: string, done: number, total: number) => void;
  /** called with each phase's GPU-level demand before it is routed (the flow export reuses it) */
  onPhaseDemand?: (phase: string, demand: PhaseDemand) => void;
}

/** Per-lane bytes of one edge in both directions (source→target, target→source as graphology stores it), and its utilisation. */
export type EdgeLoad = [forwardBytesPerLane: number, reverseBytesPerLane: number, utilization: number];

export interface NamedPhase extends PhaseResult {
  name: string;
  /** EP phases: tokens and per-token figures */
  tokens?: number;
  fabricBytesPerToken?: number;
  remoteHostsPerToken?: number;
  /** with opts.edgeLoads: every loaded edge, keyed by graphology edge key */
  edgeLoads?: Record<string, EdgeLoad>;
}

export interface TrafficResult {
  topology: string;
  family: string;
  workload: { name: string; kind: Workload['kind'] };
  routing: 'ideal' | 'ecmp-hash';
  seed: number;
  gpus: number;
  phases: NamedPhase[];
  demand: {
    demandBytes: number;
    fabricBytes: number;
    nvlinkBytes: number;
    unreachableBytes: number;
    /** GPU-to-GPU transfers (ordered pairs) with no path */
    unreachablePairs: number;
    /** bytes re-routed over another NIC / plane because of failures */
    failoverBytes: number;
    fabricBytesPerToken?: number;
  };
  /** present when failedEdges was given */
  failures?: { edgesDown: number; nicsDown: number; switchLinksDown: number };
  congestion: {
    /** phases run in sequence: the sum of the phase lower bounds */
    timeSeconds: number;
    /** the binding link of the slowest phase */
    bottleneck: (LinkLoad & { phase: string }) | null;
    maxLinkBytes: number;
    maxSwitchLinkBytes: number;
    effectiveGBpsPerGpu: number;
    hotLinks: Array<LinkLoad & { phase: string }>;
  };
}

/** The phases of one workload component, in run order (also used by the flow export). */
export function phasesOf(c: Compiled, hi: HostIndex, comp: Component, gpus: number, seed: number): Array<{ name: string; demand: PhaseDemand; tokens?: number; remoteHostsPerToken?: number }> {
  const G = c.fabric.getAttribute('gpusPerHost');
  const n = comp.kind !== 'uniform' && comp.kind !== 'permutation' && comp.gpus ? comp.gpus : gpus;
  if (n > c.csr.endpoints) throw new UsageError(`workload needs ${n} GPUs; ${c.spec.name} has ${c.csr.endpoints}`);
  switch (comp.kind) {
    case 'uniform':
      return [{ name: 'uniform', demand: { kind: 'uniform', bytesPerPair: comp.bytesPerPair } }];
    case 'permutation':
      return [{ name: 'permutation', demand: { kind: 'flows', flows: permutationFlows(comp, hi, n, G, seed) } }];
    case 'pp': {
      const f = ppFlows(comp, hi, n, G);
      return [
        { name: 'pp-forward', demand: { kind: 'flows', flows: f.forward } },
        { name: 'pp-backward', demand: { kind: 'flows', flows: f.backward } },
      ];
    }
    case 'ep': {
      const f = epFlows(comp, hi, n, G, seed);
      return [
        { name: 'ep-dispatch', demand: { kind: 'flows', flows: f.dispatch }, tokens: f.tokens, remoteHostsPerToken: f.remoteHostsPerToken },
        { name: 'ep-combine', demand: { kind: 'flows', flows: f.combine }, tokens: f.tokens, remoteHostsPerToken: f.remoteHostsPerToken },
      ];
    }
  }
}

export type WorkloadRef = Workload | 'uniform' | 'permutation';

function resolveWorkload(w: WorkloadRef, bytesPerPair = 1 << 20): Workload {
  if (w === 'uniform' || w === 'permutation') return { kind: w, name: `${w} (${bytesPerPair.toLocaleString('en-US')} B per pair)`, bytesPerPair } as Workload;
  return w;
}

export function runTraffic(c: Compiled, ref: WorkloadRef, opts: TrafficOptions = {}): TrafficResult {
  const w = resolveWorkload(ref, opts.bytesPerPair);
  const seed = opts.seed ?? 1;
  const failed = opts.failedEdges;
  if (failed !== undefined && failed.length !== c.csr.edges) throw new UsageError(`failedEdges: length ${failed.length}, the fabric has ${c.csr.edges} edges`);
  const planes = c.fabric.getAttribute('planes');
  const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
  const components: Component[] = w.kind === 'composite' ? w.components : [w];
  // the GPUs of the job: what "per GPU" divides by (docs/schema.md glossary)
  const jobGpus = w.kind === 'composite' ? (w.gpus ?? c.csr.endpoints) : w.kind === 'uniform' || w.kind === 'permutation' ? c.csr.endpoints : (w.gpus ?? c.csr.endpoints);
  if (jobGpus > c.csr.endpoints) throw new UsageError(`workload ${w.name ?? w.kind} needs ${jobGpus} GPUs; ${c.spec.name} has ${c.csr.endpoints}`);
  const phases: NamedPhase[] = [];
  const symmetric = opts.useSymmetry !== false && !failed && (opts.routing ?? 'ideal') === 'ideal' && components.some((x) => x.kind === 'uniform');
  const symmetry = symmetric ? switchRotation(c) : null;
  for (const comp of components) {
    for (const p of phasesOf(c, hi, comp, jobGpus, seed)) {
      opts.onPhaseDemand?.(p.name, p.demand);
      const r = runPhase(c.csr, hi, planes, p.demand, {
        ...opts,
        seed,
        failed,
        symmetry,
        keepArcLoads: opts.keepArcLoads || opts.edgeLoads,
        progress: opts.onProgress ? (d, t) => opts.onProgress!(p.name, d, t) : undefined,
      });
      phases.push({
        name: p.name,
        ...r,
        ...(p.tokens ? { tokens: p.tokens, fabricBytesPerToken: r.demand.fabricBytes / p.tokens, remoteHostsPerToken: p.remoteHostsPerToken } : {}),
        ...(opts.edgeLoads ? { edgeLoads: edgeLoads(c, r.arcLoad!, r.congestion.timeSeconds) } : {}),
      });
      if (!opts.keepArcLoads) delete phases[phases.length - 1].arcLoad;
    }
  }
  // Bandwidth per GPU = fabric bytes per GPU of the job ÷ phase time, in every phase and the total alike.
  for (const p of phases) p.congestion.effectiveGBpsPerGpu = p.congestion.timeSeconds > 0 ? p.demand.fabricBytes / jobGpus / p.congestion.timeSeconds / 1e9 : 0;
  const sum = (f: (p: NamedPhase) => number) => phases.reduce((a, p) => a + f(p), 0);
  const slowest = phases.reduce((a, b) => (b.congestion.timeSeconds > a.congestion.timeSeconds ? b : a));
  const time = sum((p) => p.congestion.timeSeconds);
  const fabricBytes = sum((p) => p.demand.fabricBytes);
  const dispatch = phases.find((p) => p.name === 'ep-dispatch');
  return {
    topology: c.spec.name,
    family: c.spec.family,
    workload: { name: w.name ?? w.kind, kind: w.kind },
    routing: opts.routing ?? 'ideal',
    seed,
    gpus: jobGpus,
    phases,
    demand: {
      demandBytes: sum((p) => p.demand.demandBytes),
      fabricBytes,
      nvlinkBytes: sum((p) => p.demand.nvlinkBytes),
      unreachableBytes: sum((p) => p.demand.unreachableBytes),
      unreachablePairs: sum((p) => p.demand.unreachablePairs),
      failoverBytes: sum((p) => p.demand.failoverBytes),
      ...(dispatch ? { fabricBytesPerToken: dispatch.fabricBytesPerToken } : {}),
    },
    ...(failed ? { failures: failureCounts(c, failed) } : {}),
    congestion: {
      timeSeconds: time,
      bottleneck: slowest.congestion.bottleneck ? { ...slowest.congestion.bottleneck, phase: slowest.name } : null,
      maxLinkBytes: Math.max(...phases.map((p) => p.congestion.maxLinkBytes)),
      maxSwitchLinkBytes: Math.max(...phases.map((p) => p.congestion.maxSwitchLinkBytes)),
      effectiveGBpsPerGpu: time > 0 ? fabricBytes / jobGpus / time / 1e9 : 0,
      hotLinks: slowest.congestion.hotLinks.map((l) => ({ ...l, phase: slowest.name })),
    },
  };
}

function edgeLoads(c: Compiled, arcLoad: Float64Array, time: number): Record<string, EdgeLoad> {
  const out: Record<string, EdgeLoad> = {};
  const { csr } = c;
  for (let e = 0; e < csr.edges; e++) {
    const f = arcLoad[2 * e];
    const r = arcLoad[2 * e + 1];
    if (f === 0 && r === 0) continue;
    const rate = (csr.lanes[e] * csr.gbps[e] * 1e9) / 8;
    out[csr.edgeKeys[e]] = [f / csr.lanes[e], r / csr.lanes[e], time > 0 ? Math.max(f, r) / rate / time : 0];
  }
  return out;
}

function failureCounts(c: Compiled, failed: Uint8Array) {
  const { csr } = c;
  let edgesDown = 0;
  let nicsDown = 0;
  let switchLinksDown = 0;
  for (let e = 0; e < csr.edges; e++) {
    if (!failed[e]) continue;
    edgesDown++;
    const u = csr.arcTail[2 * e];
    const v = csr.arcHead[2 * e];
    if (u < csr.switches && v < csr.switches) switchLinksDown += csr.lanes[e];
  }
  for (let ep = 0; ep < csr.endpoints; ep++) if (csr.endpointUpArc[ep] >= 0 && failed[csr.endpointUpArc[ep] >> 1]) nicsDown++;
  return { edgesDown, nicsDown, switchLinksDown };
}
