/** Shared CLI plumbing: option parsers that fail with exit 2, topology loading, output. */
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import { resolveTopology, type TopoSpec } from '../topology/spec.js';
import { writeFileAtomic } from '../render/io.js';
import { fmtNum, parseUsd } from '../format.js';
import { loadWorkload, workloadDefaults, type Workload } from '../traffic/workload.js';

export function intArg(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^[-+]?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} = ${JSON.stringify(v)}: must be an integer from ${min} to ${max}`);
    return n;
  };
}

export function numArg(name: string, min = 0, max = Number.MAX_VALUE) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} = ${JSON.stringify(v)}: must be a number from ${min} to ${max}`);
    return n;
  };
}

/** A dollar amount as people write it: 50M, 1.2e9, $20,000,000, 750k. */
export function usdArg(name: string) {
  return (v: string): number => {
    const n = parseUsd(v);
    if (n === undefined || n <= 0) throw new InvalidArgumentError(`${name} = ${JSON.stringify(v)}: must be a positive dollar amount, e.g. 50M, 1.2e9, $20,000,000 or 750k`);
    return n;
  };
}

export function choiceArg<T extends string>(name: string, allowed: readonly T[]) {
  return (v: string): T => {
    if (!allowed.includes(v as T)) throw new InvalidArgumentError(`${name} = ${JSON.stringify(v)}: allowed: ${allowed.join(', ')}`);
    return v as T;
  };
}

/** Resolves every reference (groups expand) and rejects an empty list. */
export function loadTopologies(refs: string[]): TopoSpec[] {
  const specs = refs.flatMap((r) => resolveTopology(r));
  if (specs.length === 0) throw new UsageError('no topology given');
  return specs;
}

/** Writes to `out` atomically, or to stdout when out is undefined or '-'. */
export function emit(text: string, out?: string): void {
  if (out === undefined || out === '-') process.stdout.write(text);
  else {
    writeFileAtomic(out, text);
    process.stderr.write(`wrote ${out}\n`);
  }
}

export const memoryOption = ['--max-memory <GiB>', 'refuse fabrics whose model would exceed this many GiB', numArg('--max-memory', 0.1, 1e6), 8] as const;

let explaining = false;

/** Set from the global `--explain` option. */
export function setExplain(on: boolean): void {
  explaining = on;
}

/** loadWorkload, and under `--explain` the fields the schema's defaults filled in, on stderr. */
export function loadWorkloadExplained(ref: string): Workload {
  const w = loadWorkload(ref);
  if (explaining) explainWorkload(w);
  return w;
}

function explainWorkload(w: Workload): void {
  const d = [...workloadDefaults(w)];
  // `gpus` has no schema default: left out, the job spans every endpoint of the fabric
  if ((w.kind === 'ep' || w.kind === 'pp' || w.kind === 'composite') && w.gpus === undefined) d.push({ key: 'gpus', value: 'every endpoint of the fabric' });
  const show = (v: unknown) => (typeof v === 'number' ? fmtNum(v) : JSON.stringify(v));
  process.stderr.write(
    d.length
      ? `workload ${w.name ?? w.kind}: ${d.length} default${d.length === 1 ? '' : 's'} filled in (docs/traffic.md):\n${d.map((x) => `  ${x.key} = ${show(x.value)}`).join('\n')}\n`
      : `workload ${w.name ?? w.kind}: every field given, no defaults filled in\n`,
  );
}
