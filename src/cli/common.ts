/** Shared CLI plumbing: option parsers that fail with exit 2, topology loading, output. */
import { InvalidArgumentError } from 'commander';
import { HeapError, UsageError } from '../errors.js';
import { resolveTopology, type TopoSpec } from '../topology/spec.js';
import { checkOutputPath, writeFileAtomic } from '../render/io.js';
import { INPUT_FORMATS, type InputFormat } from '../topology/import/detect.js';
import { canRestart, closedCounts, estimateModelBytes, guardMemory, unbuildableReason } from '../topology/build.js';
import { SUPERVISE_SECONDS } from './supervise.js';
import { DEFAULT_MAX_WORK_MINUTES, estimateWork, guardWork, type WorkInput } from '../traffic/work.js';
import { fmtNum, parseUsd } from '../format.js';
import { isExplaining } from './flags.js';
import { loadWorkload, workloadDefaults, type Workload } from '../traffic/workload.js';

/** `--input-format`: how to read topology files (default: by content). */
export const inputFormatOption = [
  '--input-format <f>',
  `how to read topology files: ${INPUT_FORMATS.join(', ')} (auto: by extension and content; docs/interop.md)`,
  choiceArg('--input-format', INPUT_FORMATS),
] as const;

/** The --input-format choice of a command's parsed options, for loadTopologies. */
export function inputFormatOf(o: object): { inputFormat?: InputFormat } {
  return { inputFormat: (o as { inputFormat?: InputFormat }).inputFormat };
}

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
export function loadTopologies(refs: string[], opts: { inputFormat?: InputFormat } = {}): TopoSpec[] {
  const specs = refs.flatMap((r) => resolveTopology(r, [], opts));
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

/** loadWorkload, and under `--explain` the fields the schema's defaults filled in, on stderr. */
export function loadWorkloadExplained(ref: string): Workload {
  const w = loadWorkload(ref);
  if (isExplaining()) explainWorkload(w);
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

/**
 * Checks an output path before any work starts (so a bad path fails in milliseconds, not after the
 * computation), including that it is not one of the command's input files.
 */
export function checkOut(path: string | undefined, flag: string, inputs: Array<string | undefined> = []): void {
  if (path === undefined || path === '-') return;
  checkOutputPath(path, flag, inputs.filter((p): p is string => typeof p === 'string' && p !== ''));
}

export const workOption = [
  '--max-work <minutes>',
  'refuse work estimated to take longer than this many minutes (docs/performance.md, "Work guard")',
  numArg('--max-work', 0.001, 1e7),
  DEFAULT_MAX_WORK_MINUTES,
] as const;

/**
 * The work guard, before anything is built: each spec's closed-form counts and the command's work give
 * an estimate; over --max-work it exits 2 with the estimate. Formula-only specs have no work to guard.
 */
export function guardSpecsWork(specs: TopoSpec[], input: Omit<WorkInput, 'counts'>, o: { maxWork: number; maxMemory: number }, command: string): void {
  let seconds = 0;
  for (const s of specs) {
    if (unbuildableReason(s)) continue;
    const counts = closedCounts(s);
    // memory first: a fabric that cannot be held is refused for that, whatever its work
    guardMemory(s.name, estimateModelBytes(counts), o.maxMemory);
    const est = estimateWork({ ...input, counts });
    guardWork(`${command} ${s.name}`, est, o.maxWork);
    seconds += est.seconds;
  }
  superviseIfLong(seconds, o.maxMemory);
}

/**
 * Accepted work estimated at SUPERVISE_SECONDS or more runs in a supervised child (cli/supervise.ts): Ctrl-C
 * then ends it with one line, and an out-of-memory abort with the estimate. Only the bin's first process asks.
 */
export function superviseIfLong(seconds: number, maxMemoryGiB: number): void {
  if (seconds >= SUPERVISE_SECONDS && canRestart()) throw new HeapError(maxMemoryGiB, 'long');
}
