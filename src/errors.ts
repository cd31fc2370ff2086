/**
 * Typed errors. A UsageError is the user's fault (bad spec, flag or file): the CLI prints its
 * one-line message and exits 2. Anything else is our fault and exits 1.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A spec field failed validation: names the field, the value and what is allowed. */
export class SpecError extends UsageError {
  override name = 'SpecError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${field} = ${showValue(value)}: ${allowed}`);
  }
}

/** Work refused up front because it would not fit in memory. */
export class ResourceError extends UsageError {
  override name = 'ResourceError';
}

export function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 60 ? s.slice(0, 57) + '...' : s;
  } catch {
    return String(v);
  }
}

/**
 * The bin should run this command again in a supervised child (cli/supervise.ts): the model fits the memory guard
 * but not this process's heap ('heap'), or the accepted work is long ('long': the parent stays responsive, so
 * Ctrl-C ends it with one line, and an out-of-memory abort becomes exit 2 with the estimate). Thrown only when the
 * CLI asked for it (build.ts `raiseHeapWhenNeeded`).
 */
export class HeapError extends Error {
  override name = 'HeapError';
  constructor(
    readonly guardGiB: number,
    readonly reason: 'heap' | 'long' = 'heap',
  ) {
    super(reason === 'heap' ? `the model needs a heap of up to ${guardGiB} GiB` : 'long work runs supervised');
  }
}
