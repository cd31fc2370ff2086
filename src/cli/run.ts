/**
 * The CLI's entry point as a function: `run(argv, io)` builds the program, runs one command and maps
 * every outcome to an exit code (0 ok, 2 the user's input, 1 our bug). main.ts calls it once per
 * process; tests call it in-process with captured output. Process-wide concerns (EPIPE, signals) live
 * in process-guards.ts so the bin can be restructured around them.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import { commandsFor, type Register } from './commands/index.js';
import { enableHeapRaise, HeapError, outOfMemoryLine, superviseChild } from './supervise.js';
import { forgetAcceptedEstimates, largestAcceptedEstimate } from '../topology/accepted.js';
import { getHeapStatistics } from 'node:v8';
import { setTableWidth } from '../render/table.js';
import { setExplain } from './flags.js';
import { DEFAULT_MAX_INPUT_BYTES, MiB, setMaxInputBytes } from '../topology/input-file.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** The one line printed for an error, and its exit code. */
export function describeError(e: unknown): { code: number; line: string } {
  if (e instanceof UsageError) return { code: 2, line: `topoplan: ${firstLine(e.message)}` };
  const err = e as Error & { code?: string };
  // An allocation refused is the input's size: a usage error with the estimate the memory guard accepted.
  if (e instanceof RangeError && /Invalid (typed )?array length|Array buffer allocation failed|Invalid string length/.test(err.message)) {
    const est = largestAcceptedEstimate();
    return { code: 2, line: est ? outOfMemoryLine(est, getHeapStatistics().heap_size_limit / 2 ** 20, err.message) : `topoplan: the input needs more memory than one allocation allows (${err.message}); try a smaller fabric or lower --max-memory to see the estimate` };
  }
  if (e instanceof RangeError && /Maximum call stack size exceeded/.test(err.message))
    return { code: 2, line: 'topoplan: the input is nested too deeply (call stack exhausted); allowed: at most 64 levels' };
  return { code: 1, line: `topoplan: internal error: ${firstLine(err?.message ?? String(e))}` };
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/** The program with the given commands registered (run() loads only the one a command line names). */
export function buildProgram(io: Io, registers: Register[]): Command {
  const program = new Command('topoplan')
    .description('plan and analyse GPU-cluster scale-out fabrics: sizes, cost, traffic, failures')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .option('--max-input <MiB>', `refuse input files larger than this (default ${DEFAULT_MAX_INPUT_BYTES / MiB} MiB)`, (v: string) => {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1 << 20) throw new InvalidArgumentError(`--max-input = ${JSON.stringify(v)}: must be a number of MiB from 0 (exclusive) to 1048576`);
      return n;
    })
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s.startsWith('error: ') ? `topoplan: ${s.slice(7)}` : s),
    });
  program
    .option('--wide', 'print tables at full width (default: wrap to 120 columns; plan shows every column)')
    .option('--explain', 'print the workload fields that defaults filled in (stderr)');
  program.hook('preAction', () => {
    setTableWidth(program.opts().wide ? Infinity : 120);
    setExplain(Boolean(program.opts().explain));
    const mib = program.opts().maxInput as number | undefined;
    setMaxInputBytes(mib === undefined ? DEFAULT_MAX_INPUT_BYTES : Math.floor(mib * MiB));
  });
  for (const register of registers) register(program);
  return program;
}

const processIo: Io = { stdout: (s) => void process.stdout.write(s), stderr: (s) => void process.stderr.write(s) };

/**
 * Runs one topoplan command. With `io`, everything the command prints to stdout/stderr goes there
 * instead (process.stdout/stderr.write are redirected for the duration), so tests can run it in-process.
 */
export async function run(argv: string[], io?: Io): Promise<number> {
  const out = io ?? processIo;
  const restore = io ? redirect(io) : () => {};
  forgetAcceptedEstimates();
  try {
    // --version needs no command at all; otherwise only the command named is loaded (help loads all)
    const registers = argv[0] === '--version' || argv[0] === '-V' ? [] : await commandsFor(argv);
    // the bin (not an in-process run) restarts itself with a bigger heap when a model needs it
    if (!io && registers.length) await enableHeapRaise();
    await buildProgram(out, registers).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof HeapError && !io) return await superviseChild(e, argv, largestAcceptedEstimate());
    const { code, line } = describeError(e);
    out.stderr(`${line}\n`);
    if (code === 1 && process.env.TOPOPLAN_DEBUG) out.stderr(`${(e as Error)?.stack}\n`);
    return code;
  } finally {
    setMaxInputBytes(DEFAULT_MAX_INPUT_BYTES);
    restore();
  }
}

function redirect(io: Io): () => void {
  const o = process.stdout.write;
  const e = process.stderr.write;
  process.stdout.write = ((s: string | Uint8Array) => (io.stdout(typeof s === 'string' ? s : Buffer.from(s).toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (io.stderr(typeof s === 'string' ? s : Buffer.from(s).toString()), true)) as typeof process.stderr.write;
  return () => {
    process.stdout.write = o;
    process.stderr.write = e;
  };
}
