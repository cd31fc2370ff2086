/**
 * Ranking of evaluated candidates: by cost per GPU, by communication time, the Pareto front of the two,
 * and a recommendation sentence generated from the numbers (no hand-written text per case).
 */
import { fmtUsd } from '../format.js';

export interface Scored {
  design: string;
  costPerGpuUSD: number;
  /** the time the ranking uses (workload time, or uniform all-to-all time without a workload) */
  timeSeconds: number;
}

/** Indices of candidates no other candidate beats on both cost and time (ties kept). O(n²), n is small. */
export function paretoFront(xs: Scored[]): number[] {
  const front: number[] = [];
  xs.forEach((a, i) => {
    const dominated = xs.some(
      (b, j) =>
        j !== i &&
        b.costPerGpuUSD <= a.costPerGpuUSD &&
        b.timeSeconds <= a.timeSeconds &&
        (b.costPerGpuUSD < a.costPerGpuUSD || b.timeSeconds < a.timeSeconds),
    );
    if (!dominated) front.push(i);
  });
  return front;
}

/** 1-based ranks by a key, ascending; equal values share a rank. */
export function ranks(xs: Scored[], key: (s: Scored) => number): number[] {
  const sorted = xs.map(key).sort((a, b) => a - b);
  return xs.map((s) => sorted.indexOf(key(s)) + 1);
}

const pct = (x: number) => `${Math.round(Math.abs(x) * 100)}%`;

/**
 * One or two sentences from the numbers: the cheapest design on the Pareto front compared with the
 * fastest one, or a single winner when one design is both.
 */
export function recommend(xs: Scored[], timeLabel: string): string {
  if (xs.length === 0) return 'No candidate design fits the request.';
  const front = paretoFront(xs).map((i) => xs[i]);
  const cheapest = front.reduce((a, b) => (b.costPerGpuUSD < a.costPerGpuUSD ? b : a));
  const fastest = front.reduce((a, b) => (b.timeSeconds < a.timeSeconds ? b : a));
  if (cheapest === fastest)
    return `${cheapest.design} is both the cheapest (${usd(cheapest.costPerGpuUSD)} per GPU) and the fastest on ${timeLabel} time; no other design is on the Pareto front.`;
  const saving = 1 - cheapest.costPerGpuUSD / fastest.costPerGpuUSD;
  const slower = cheapest.timeSeconds / fastest.timeSeconds - 1;
  const timeWords = slower <= 0.005 ? `matches its ${timeLabel} time` : `is within ${pct(slower)} of its ${timeLabel} time`;
  return `${cheapest.design} is ${pct(saving)} cheaper than ${fastest.design} (${usd(cheapest.costPerGpuUSD)} vs ${usd(fastest.costPerGpuUSD)} per GPU) and ${timeWords}; ${fastest.design} is the fastest design.`;
}

/** Dollars in the one style of src/format.ts. */
export const usd = fmtUsd;
