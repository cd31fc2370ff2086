/**
 * `plan`: every fabric that can hold N GPUs, sized with the fewest switches, evaluated, filtered by budget,
 * ranked by cost per GPU and by communication time, with the Pareto front and a generated recommendation.
 */
import type { Pricebook } from '../topology/pricebook.js';
import type { Placement, Workload } from '../traffic/workload.js';
import { enumerateCandidates, type Exclusion, type PlanRequest } from './candidates.js';
import { evaluateCandidate, type Evaluation } from './evaluate.js';
import { paretoFront, ranks, recommend, usd } from './rank.js';

export interface PlanOptions extends PlanRequest {
  pricebook: Pricebook;
  /** without a workload, route uniform all-to-all instead of the NIC/bisection bound */
  routed?: boolean;
  workload?: Workload;
  budgetUSD?: number;
  maxMemoryGiB?: number;
  /** rank by adaptive routing ('ideal', default; best of minimal/Valiant/UGAL on DF/SF) or ECMP per-flow ('ecmp-hash') */
  routing?: 'ideal' | 'ecmp-hash';
  /** where each copy of the job sits */
  placement?: Placement;
  onProgress?: (design: string, done: number, total: number) => void;
}

export interface RankedEvaluation extends Evaluation {
  rankCost: number;
  rankTime: number;
  pareto: boolean;
}

export interface PlanResult {
  request: { gpus: number; gpusPerHost: number; nicGbps: number; radix: number; maxOversubscription: number; budgetUSD: number | null; pricebook: string; workload: string | null; routing: string };
  candidates: RankedEvaluation[];
  excluded: Exclusion[];
  recommendation: string;
}

export function plan(o: PlanOptions): PlanResult {
  const set = enumerateCandidates(o);
  const evaluated: Evaluation[] = [];
  const excluded = [...set.excluded];
  set.candidates.forEach((c, i) => {
    o.onProgress?.(c.design, i, set.candidates.length);
    const e = evaluateCandidate(c, { gpus: o.gpus, pricebook: o.pricebook, workload: o.workload, routed: o.routed, maxMemoryGiB: o.maxMemoryGiB, routing: o.routing, placement: o.placement });
    if (o.budgetUSD !== undefined && e.costUSD !== null && e.costUSD > o.budgetUSD)
      excluded.push({ design: c.design, reason: `costs ${usd(e.costUSD)}, over the ${usd(o.budgetUSD)} budget` });
    else evaluated.push(e);
  });
  o.onProgress?.('', set.candidates.length, set.candidates.length);
  const scored = evaluated.map((e) => ({ design: e.design, costPerGpuUSD: e.costPerGpuUSD ?? Infinity, timeSeconds: e.timeSeconds }));
  const front = new Set(paretoFront(scored));
  const rc = ranks(scored, (s) => s.costPerGpuUSD);
  const rt = ranks(scored, (s) => s.timeSeconds);
  const candidates = evaluated
    .map((e, i) => ({ ...e, rankCost: rc[i], rankTime: rt[i], pareto: front.has(i) }))
    .sort((a, b) => a.rankCost - b.rankCost || a.rankTime - b.rankTime);
  const timeLabel = o.workload ? (o.workload.name ?? o.workload.kind) : o.routed ? 'uniform all-to-all' : 'uniform all-to-all (bound)';
  return {
    request: {
      gpus: o.gpus,
      gpusPerHost: o.gpusPerHost,
      nicGbps: o.nicGbps,
      radix: o.radix,
      maxOversubscription: o.maxOversubscription,
      budgetUSD: o.budgetUSD ?? null,
      pricebook: o.pricebook.name,
      workload: o.workload ? timeLabel : null,
      // the model behind the ranked time: a routing, or the NIC/bisection bound
      routing: o.workload || o.routed ? (o.routing === 'ecmp-hash' ? 'ecmp-hash' : 'adaptive (ideal; best of minimal/valiant/ugal on DF/SF)') : 'none (NIC/bisection bound)',
    },
    candidates,
    excluded,
    recommendation: recommend(scored, timeLabel),
  };
}
