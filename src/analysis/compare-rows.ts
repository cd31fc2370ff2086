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

export interface TrafficSection {
  workload: string;
  routing: string;
  timeSeconds: number | null;
  bottleneck: string | null;
  effectiveGBpsPerGpu: number | null;
  fabricBytes: number | null;
  /** why there are no figures */
  note?: string;
}

export function trafficSection(w: WorkloadRef, opts: TrafficOptions & { maxMemoryGiB?: number } = {}) {
  return (spec: TopoSpec, a: Analysis): void => {
    const name = typeof w === 'string' ? w : (w.name ?? w.kind);
    const empty = { workload: name, routing: opts.routing ?? 'ideal', timeSeconds: null, bottleneck: null, effectiveGBpsPerGpu: null, fabricBytes: null };
    if (!a.buildable) {
      a.traffic = { ...empty, note: 'formula only: no graph to route on' } satisfies TrafficSection;
      a.notes.push(`comm time (${name}) n/a: formula only, no graph to route on`);
      return;
    }
    try {
      const r = runTraffic(compile(spec, { maxMemoryGiB: opts.maxMemoryGiB }), w, opts);
      a.traffic = {
        ...empty,
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

export function trafficRows(workloadName: string): CompareRow[] {
  return [
    {
      key: 'commMs',
      label: `comm time [ms] (${workloadName})`,
      digits: 3,
      value: (a) => {
        const t = section(a);
        if (!t) return null;
        return t.timeSeconds === null ? 'n/a' : t.timeSeconds * 1e3;
      },
    },
    { key: 'commBottleneck', label: '  binding link', value: (a) => section(a)?.bottleneck ?? null },
    { key: 'commGBpsPerGpu', label: '  effective GB/s per GPU', digits: 2, value: (a) => section(a)?.effectiveGBpsPerGpu ?? null },
  ];
}
