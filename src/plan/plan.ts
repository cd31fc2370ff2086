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

/** What a budget that no candidate meets would buy instead (present only then). */
export interface BudgetAdvice {
  /** the most GPUs the cheapest design per GPU holds within the budget, priced by evaluating it at that size */
  largest: { design: string; family: string; params: Record<string, unknown>; gpus: number; costUSD: number } | null;
  /** a leaf-oversubscribed FT2 for the requested GPUs within the budget, when one exists */
  oversubscribed: { design: string; costUSD: number; oversubscription: number } | null;
}

export interface PlanResult {
  budget?: BudgetAdvice;
  request: { gpus: number; gpusPerHost: number; nicGbps: number; radix: number; maxOversubscription: number; budgetUSD: number | null; pricebook: string; workload: string | null; routing: string };
  candidates: RankedEvaluation[];
  excluded: Exclusion[];
  recommendation: string;
}

export function plan(o: PlanOptions): PlanResult {
  const set = enumerateCandidates(o);
  const evaluated: Evaluation[] = [];
  const excluded = [...set.excluded];
  const overBudget: Evaluation[] = [];
  set.candidates.forEach((c, i) => {
    o.onProgress?.(c.design, i, set.candidates.length);
    const e = evaluateCandidate(c, { gpus: o.gpus, pricebook: o.pricebook, workload: o.workload, routed: o.routed, maxMemoryGiB: o.maxMemoryGiB, routing: o.routing, placement: o.placement });
    if (o.budgetUSD !== undefined && e.costUSD !== null && e.costUSD > o.budgetUSD) {
      overBudget.push(e);
      excluded.push({ design: c.design, reason: `costs ${usd(e.costUSD)}, over the ${usd(o.budgetUSD)} budget` });
    } else evaluated.push(e);
  });
  o.onProgress?.('', set.candidates.length, set.candidates.length);
  const scored = evaluated.map((e) => ({ design: e.design, costPerGpuUSD: e.costPerGpuUSD ?? Infinity, timeSeconds: e.timeSeconds }));
  const front = new Set(paretoFront(scored));
  const rc = ranks(scored, (s) => s.costPerGpuUSD);
  const rt = ranks(scored, (s) => s.timeSeconds);
  const candidates = evaluated
    .map((e, i) => ({ ...e, rankCost: rc[i], rankTime: rt[i], pareto: front.has(i) }))
    .sort((a, b) => a.rankCost - b.rankCost || a.rankTime - b.rankTime);
  const budget = o.budgetUSD !== undefined && evaluated.length === 0 ? budgetAdvice(o, o.budgetUSD, overBudget) : undefined;
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
    ...(budget ? { budget } : {}),
    candidates,
    excluded,
    recommendation: recommend(scored, timeLabel),
  };
}

/**
 * Nothing fits the budget: size the design cheapest per GPU down until its evaluated cost fits (a few
 * evaluations, each correcting the GPU count by the cost ratio), and try leaf oversubscription (FT2 r:1,
 * r up to 4) at the requested size.
 */
function budgetAdvice(o: PlanOptions, budgetUSD: number, over: Evaluation[]): BudgetAdvice {
  const G = o.gpusPerHost;
  const priced = (gpus: number, family: string, extra: Partial<PlanRequest> = {}) => {
    let set;
    try {
      set = enumerateCandidates({ ...o, ...extra, gpus });
    } catch {
      return null;
    }
    const c = set.candidates.find((x) => x.spec.family === family && (extra.maxOversubscription === undefined || x.spec.params.oversubscription !== undefined));
    if (!c) return null;
    const e = evaluateCandidate(c, { gpus, pricebook: o.pricebook, maxMemoryGiB: o.maxMemoryGiB });
    return e.costUSD === null ? null : { design: c.design, family, costUSD: e.costUSD, params: c.spec.params };
  };
  // the cheapest per GPU at the requested size
  let best: { family: string; perGpu: number } | null = null;
  for (const e of over) if (e.costPerGpuUSD !== null && (!best || e.costPerGpuUSD < best.perGpu)) best = { family: e.family, perGpu: e.costPerGpuUSD };
  let largest: BudgetAdvice['largest'] = null;
  if (best) {
    // secant steps on GPUs ↦ cost (nearly linear): keep the largest size that fits, stop when the step is nil
    let gpus = Math.min(o.gpus - G, Math.floor(budgetUSD / best.perGpu / G) * G);
    let over = o.gpus;
    for (let step = 0; step < 5 && gpus >= G; step++) {
      const p = priced(gpus, best.family);
      if (!p) break;
      const next = Math.floor((gpus * budgetUSD) / p.costUSD / G) * G;
      if (p.costUSD <= budgetUSD) {
        if (!largest || gpus > largest.gpus) largest = { design: p.design, family: p.family, params: p.params, gpus, costUSD: p.costUSD };
        gpus = Math.min(next, over - G);
        if (gpus <= largest.gpus) break;
      } else {
        over = Math.min(over, gpus);
        gpus = Math.min(gpus - G, next);
        if (largest && gpus <= largest.gpus) break;
      }
    }
  }
  let oversubscribed: BudgetAdvice['oversubscribed'] = null;
  for (const r of [2, 3, 4]) {
    if (r <= o.maxOversubscription) continue;
    const p = priced(o.gpus, 'ft2', { maxOversubscription: r });
    if (p && p.costUSD <= budgetUSD) {
      oversubscribed = { design: p.design, costUSD: p.costUSD, oversubscription: r };
      break;
    }
  }
  return { largest, oversubscribed };
}
