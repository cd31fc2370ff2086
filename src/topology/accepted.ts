/**
 * The memory estimates the guard accepted in this process, kept so that an allocation failure past the guard can
 * be reported with the estimate it beat (cli/run.ts, cli/supervise.ts). No imports: the CLI's entry point loads it
 * without loading the families.
 */

/** A memory estimate the guard accepted: what, how much, under which limit. */
export interface AcceptedEstimate {
  name: string;
  /** what was estimated: "the model", "the model and its export", "reading it" */
  doing: string;
  bytes: number;
  limitGiB: number;
}

let largest: AcceptedEstimate | null = null;

export function noteAcceptedEstimate(e: AcceptedEstimate): void {
  if (!largest || e.bytes > largest.bytes) largest = e;
}

/** The largest estimate the memory guard accepted since the last forget, or null. */
export function largestAcceptedEstimate(): AcceptedEstimate | null {
  return largest;
}

export function forgetAcceptedEstimates(): void {
  largest = null;
}
