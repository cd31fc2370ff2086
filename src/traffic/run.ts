/**
 * The traffic library entry: a workload on a compiled fabric -> per-phase demand and congestion, plus a
 * job-level summary (phases run one after another, so times add up).
 */
import { UsageError } from '../errors.js';
import type { Compiled } from '../topology/analyze.js';
import { epFlows } from './ep.js';
import { hostIndex, type HostIndex } from './hosts.js';
import { runPhase, type PhaseDemand, type PhaseOptions, type PhaseResult } from './phase.js';
import { permutationFlows, ppFlows } from './pp.js';
import type { LinkLoad } from './congestion.js';
import type { Component, Workload } from './workload.js';

export interface TrafficOptions extends PhaseOptions {
  /** called with (phase name, done, total) during routing */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface NamedPhase extends PhaseResult {
  name: string;
  /** EP phases: tokens and per-token figures */
  tokens?: number;
  fabricBytesPerToken?: number;
  remoteHostsPerToken?: number;
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
    fabricBytesPerToken?: number;
  };
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

function phasesOf(c: Compiled, hi: HostIndex, comp: Component, gpus: number, seed: number): Array<{ name: string; demand: PhaseDemand; tokens?: number; remoteHostsPerToken?: number }> {
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

export function runTraffic(c: Compiled, w: Workload, opts: TrafficOptions = {}): TrafficResult {
  const seed = opts.seed ?? 1;
  const planes = c.fabric.getAttribute('planes');
  const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
  const components: Component[] = w.kind === 'composite' ? w.components : [w];
  const jobGpus = w.kind === 'composite' && w.gpus ? w.gpus : c.csr.endpoints;
  if (jobGpus > c.csr.endpoints) throw new UsageError(`workload ${w.name ?? w.kind} needs ${jobGpus} GPUs; ${c.spec.name} has ${c.csr.endpoints}`);
  const phases: NamedPhase[] = [];
  for (const comp of components) {
    for (const p of phasesOf(c, hi, comp, jobGpus, seed)) {
      const r = runPhase(c.csr, hi, planes, p.demand, { ...opts, seed, progress: opts.onProgress ? (d, t) => opts.onProgress!(p.name, d, t) : undefined });
      phases.push({
        name: p.name,
        ...r,
        ...(p.tokens ? { tokens: p.tokens, fabricBytesPerToken: r.demand.fabricBytes / p.tokens, remoteHostsPerToken: p.remoteHostsPerToken } : {}),
      });
    }
  }
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
      ...(dispatch ? { fabricBytesPerToken: dispatch.fabricBytesPerToken } : {}),
    },
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
