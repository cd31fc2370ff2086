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
import { FlowList } from './flows.js';
import { placeJob, type JobPlacement } from './placement.js';
import { bisectFlows, incastFlows, shiftFlows } from './patterns.js';
import { collectiveFlows } from './collective.js';
import { groupsOf } from './route-dragonfly.js';
import { checkRouting, type RoutingName } from './routing.js';
import type { Placement } from './workload.js';

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
  /** where the job's hosts sit (overrides the workload's `placement`; default packed) */
  placement?: Placement;
  /** fill the cluster with data-parallel copies of a job smaller than it (default: one copy) */
  replicate?: boolean;
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
  routing: RoutingName;
  /** time model: 'bound' (busiest link per phase) or 'flow' (max-min fair simulation, `flow` per phase) */
  model: 'bound' | 'flow';
  /** with model 'flow': Σ phase makespans, next to Σ bounds (congestion.timeSeconds) */
  flow?: { makespanSeconds: number; boundSeconds: number };
  /** where the job sits: placement, copies, the fraction of the cluster covered (flow-based components) */
  placement?: { placement: Placement; copies: number; jobHosts: number; clusterHosts: number; coverage: number; hostsOfFirstCopy: number[] };
  /** the gating model of each EP component */
  gating?: string[];
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

type PhaseSpec = { name: string; demand: PhaseDemand; tokens?: number; remoteHostsPerToken?: number };

function concat(lists: FlowList[]): FlowList {
  if (lists.length === 1) return lists[0];
  const out = new FlowList(lists.reduce((a, l) => a + l.length, 0) + 1);
  for (const l of lists) for (let i = 0; i < l.length; i++) out.push(l.src[i], l.dst[i], l.bytes[i]);
  return out;
}

/** The phases of one workload component, in run order (also used by the flow export). */
export function phasesOf(c: Compiled, hi: HostIndex, comp: Component, gpus: number, seed: number, where: { placement: Placement; replicate: boolean } = { placement: 'packed', replicate: false }, placed: JobPlacement[] = []): PhaseSpec[] {
  const G = c.fabric.getAttribute('gpusPerHost');
  const n = comp.kind !== 'uniform' && comp.gpus ? comp.gpus : gpus;
  if (n > c.csr.endpoints) throw new UsageError(`workload needs ${n} GPUs; ${c.spec.name} has ${c.csr.endpoints}`);
  if (comp.kind === 'uniform') return [{ name: 'uniform', demand: { kind: 'uniform', bytesPerPair: comp.bytesPerPair } }];
  const p = placeJob(hi, n, G, where.placement, seed, where.replicate);
  placed.push(p);
  // One list per copy of the job, generated on the copy's own hosts, then merged: copies run at once.
  const each = <T>(gen: (h: HostIndex) => T): T[] => p.indices.map(gen);
  const flows = (name: string, gen: (h: HostIndex) => FlowList): PhaseSpec => ({ name, demand: { kind: 'flows', flows: concat(each(gen)) } });
  switch (comp.kind) {
    case 'permutation':
      return [flows('permutation', (h) => permutationFlows(comp, h, n, G, seed))];
    case 'shift':
      return [flows(`shift:${comp.shift}`, (h) => shiftFlows(comp, h, n, G))];
    case 'incast':
      return [flows(`incast:${comp.senders}`, (h) => incastFlows(comp, h, n, G))];
    case 'bisect':
      return [flows('bisect', (h) => bisectFlows(comp, h, n, G))];
    case 'collective': {
      const per = each((h) => collectiveFlows(comp, h, n, G));
      return per[0].map((ph, i) => ({ name: ph.name, demand: { kind: 'flows', flows: concat(per.map((x) => x[i].flows)) } }));
    }
    case 'pp': {
      const f = each((h) => ppFlows(comp, h, n, G));
      return [
        { name: 'pp-forward', demand: { kind: 'flows', flows: concat(f.map((x) => x.forward)) } },
        { name: 'pp-backward', demand: { kind: 'flows', flows: concat(f.map((x) => x.backward)) } },
      ];
    }
    case 'ep': {
      const f = each((h) => epFlows(comp, h, n, G, seed));
      const tokens = f.reduce((a, x) => a + x.tokens, 0);
      const remote = f[0].remoteHostsPerToken;
      return [
        { name: 'ep-dispatch', demand: { kind: 'flows', flows: concat(f.map((x) => x.dispatch)) }, tokens, remoteHostsPerToken: remote },
        { name: 'ep-combine', demand: { kind: 'flows', flows: concat(f.map((x) => x.combine)) }, tokens, remoteHostsPerToken: remote },
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
  const routing = opts.routing ?? 'ideal';
  checkRouting(routing, c.spec.family);
  const symmetric = opts.useSymmetry !== false && !failed && routing !== 'ecmp-hash' && components.some((x) => x.kind === 'uniform');
  const symmetry = symmetric ? switchRotation(c) : null;
  const placed: JobPlacement[] = [];
  const dragonfly = c.spec.family === 'dragonfly' && routing !== 'ideal' && routing !== 'ecmp-hash' ? { groupOf: groupsOf(c.csr, (id) => (c.fabric.getNodeAttributes(id) as { group?: number }).group) } : null;
  for (const comp of components) {
    const where = { placement: opts.placement ?? ('placement' in comp ? comp.placement : undefined) ?? (w.kind === 'composite' ? w.placement : undefined) ?? 'packed', replicate: opts.replicate === true };
    for (const p of phasesOf(c, hi, comp, jobGpus, seed, where, placed)) {
      opts.onPhaseDemand?.(p.name, p.demand);
      const r = runPhase(c.csr, hi, planes, p.demand, {
        ...opts,
        seed,
        failed,
        symmetry,
        dragonfly,
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
    routing,
    model: opts.model ?? 'bound',
    ...(opts.model === 'flow' ? { flow: { makespanSeconds: sum((p) => p.flow?.makespanSeconds ?? p.congestion.timeSeconds), boundSeconds: time } } : {}),
    ...(placed.length ? { placement: placementSummary(placed) } : {}),
    ...(components.some((x) => x.kind === 'ep') ? { gating: components.flatMap((x) => (x.kind === 'ep' ? [x.gating] : [])) } : {}),
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
    out[csr.edgeKey(e)] = [f / csr.lanes[e], r / csr.lanes[e], time > 0 ? Math.max(f, r) / rate / time : 0];
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

/** The widest placement of the job's components (they share the job's hosts). */
function placementSummary(placed: JobPlacement[]) {
  const p = placed.reduce((a, b) => (b.jobHosts * b.copies > a.jobHosts * a.copies ? b : a));
  return { placement: p.placement, copies: p.copies, jobHosts: p.jobHosts, clusterHosts: p.clusterHosts, coverage: p.coverage, hostsOfFirstCopy: p.hostsOfFirstCopy };
}
