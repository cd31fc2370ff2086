/**
 * `compare --workload`: a `traffic` section per topology and the rows that show it (communication time,
 * the binding link, effective GB/s per GPU). Formula-only specs and fabrics too small for the workload get a
 * note instead of figures.
 */
import { UsageError } from '../errors.js';
import { compile, type Analysis } from './analyze.js';
import type { CompareRow } from './compare.js';
import type { TopoSpec } from '../topology/spec.js';
import { runTraffic, type TrafficOptions, type WorkloadRef } from '../traffic/run.js';
import { routingPair } from '../traffic/routing-pair.js';

export interface TrafficSection {
  workload: string;
  routing: string;
  timeSeconds: number | null;
  bottleneck: string | null;
  effectiveGBpsPerGpu: number | null;
  fabricBytes: number | null;
  /** adaptive routing / spraying (on Dragonfly and Slim Fly the best of minimal, Valiant, UGAL), named */
  adaptive: { routing: string; timeSeconds: number; tried: Record<string, number> } | null;
  /** ECMP per-flow hashing */
  ecmpSeconds: number | null;
  /** why there are no figures */
  note?: string;
}

export function trafficSection(w: WorkloadRef, opts: TrafficOptions & { maxMemoryGiB?: number } = {}) {
  return (spec: TopoSpec, a: Analysis): void => {
    const name = typeof w === 'string' ? w : (w.name ?? w.kind);
    const empty = { workload: name, routing: opts.routing ?? 'ideal', timeSeconds: null, bottleneck: null, effectiveGBpsPerGpu: null, fabricBytes: null, adaptive: null, ecmpSeconds: null };
    if (!a.buildable) {
      a.traffic = { ...empty, note: 'formula only: no graph to route on' } satisfies TrafficSection;
      a.notes.push(`comm time (${name}) n/a: formula only, no graph to route on`);
      return;
    }
    try {
      const c = compile(spec, { maxMemoryGiB: opts.maxMemoryGiB });
      const r = runTraffic(c, w, opts);
      const pair = routingPair(c, w, { ...opts, routing: undefined });
      a.traffic = {
        ...empty,
        adaptive: pair.adaptive,
        ecmpSeconds: pair.ecmp.timeSeconds,
        timeSeconds: r.congestion.timeSeconds,
        bottleneck: r.congestion.bottleneck ? `${r.congestion.bottleneck.kind} (${r.congestion.bottleneck.phase})` : null,
        effectiveGBpsPerGpu: r.congestion.effectiveGBpsPerGpu,
        fabricBytes: r.demand.fabricBytes,
      } satisfies TrafficSection;
    } catch (e) {
      // a workload that does not fit one column (too few GPUs) must not sink the whole table
      if (!(e instanceof UsageError)) throw e;
      a.traffic = { ...empty, note: e.message } satisfies TrafficSection;
      a.notes.push(`comm time (${name}) n/a: ${e.message}`);
    }
  };
}

const section = (a: Analysis) => a.traffic as TrafficSection | undefined;

export function trafficRows(workloadName: string, routing = 'ideal'): CompareRow[] {
  const ms = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x * 1e3);
  return [
    {
      key: 'commMs',
      label: `comm time [ms] (${workloadName}, ${routing} routing)`,
      digits: 3,
      value: (a) => {
        const t = section(a);
        if (!t) return null;
        return t.timeSeconds === null ? 'n/a' : t.timeSeconds * 1e3;
      },
    },
    { key: 'commBottleneck', label: '  binding link', value: (a) => section(a)?.bottleneck ?? null },
    { key: 'commGBpsPerGpu', label: '  effective GB/s per GPU', digits: 2, value: (a) => section(a)?.effectiveGBpsPerGpu ?? null },
    { key: 'commAdaptiveMs', label: '  adaptive / spraying [ms]', digits: 3, value: (a) => (section(a) ? ms(section(a)!.adaptive?.timeSeconds) : null) },
    { key: 'commAdaptiveRouting', label: '    routing (best of minimal/valiant/ugal on DF, SF)', value: (a) => section(a)?.adaptive?.routing ?? null },
    { key: 'commEcmpMs', label: '  ECMP per-flow hash [ms]', digits: 3, value: (a) => (section(a) ? ms(section(a)!.ecmpSeconds) : null) },
  ];
}
