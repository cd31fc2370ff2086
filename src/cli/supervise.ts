/**
 * The bin runs large or long work in a supervised child: the same command line in a node whose heap is sized
 * from the memory guard, while this process waits with a free event loop. That gives three things a single
 * process cannot:
 * - a heap of the guard's size, so nothing between Node's default heap and --max-memory aborts (HeapError 'heap');
 * - Ctrl-C during synchronous work: the child dies at once (no handler runs inside a synchronous loop), and the
 *   parent, whose handler does run, ends with one line, exit 130 (SIGTERM 143), and the terminal as it was;
 * - an out-of-memory abort of the child (V8 prints a multi-line report and aborts) becomes one line with the
 *   memory estimate, the guard and its flag, exit 2. The child's stderr passes through the parent for that.
 * Short work (under SUPERVISE_SECONDS estimated, a fitting heap) runs in the first process and pays nothing.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { HeapError } from '../errors.js';
import type { AcceptedEstimate } from '../topology/accepted.js';

export { HeapError };

const RAISED = 'TOPOPLAN_HEAP_RAISED';
/** the child's stderr is the parent's terminal: its width, so the child draws a progress bar (cli/progress.ts) */
export const STDERR_COLUMNS = 'TOPOPLAN_STDERR_COLUMNS';
/** for tests and diagnosis: the child's heap in MiB instead of the guard's size */
const CHILD_HEAP = 'TOPOPLAN_CHILD_HEAP_MB';
/** accepted work estimated longer than this runs supervised (the progress bar's threshold) */
export const SUPERVISE_SECONDS = 2;
/** a forwarded signal that has not ended the child after this long is followed by SIGKILL */
const KILL_AFTER_MS = 3000;

/**
 * Turns the check on unless this process is already the supervised one (build.ts is loaded by then). The
 * supervised child tells its parent of every temporary output directory, so that the parent removes what a
 * crash (an out-of-memory abort) leaves behind.
 */
export async function enableHeapRaise(): Promise<void> {
  const child = process.env[RAISED] !== undefined;
  // a heap set by TOPOPLAN_CHILD_HEAP_MB is a diagnosis run: the model is tried in it, not refused for it
  (await import('../topology/build.js')).raiseHeapWhenNeeded(!child, !(child && process.env[CHILD_HEAP]));
  if (child && process.send) {
    process.channel?.unref();
    const send = process.send.bind(process);
    (await import('../render/io.js')).observeTempDirs((dir, alive) => void send({ dir, alive }));
  }
}

/** what V8 prints first when the heap is exhausted; from there on the child's stderr is its crash report */
const OOM_MARKERS = ['<--- Last few GCs --->', 'FATAL ERROR:', 'JavaScript heap out of memory'];

/** The one line for a child that ran out of memory, with the estimate the guard accepted. */
export function outOfMemoryLine(est: AcceptedEstimate | null, heapMiB: number, how: string): string {
  const heap = heapMiB < 1024 ? `${Math.round(heapMiB)} MiB` : `${(heapMiB / 1024).toFixed(1)} GiB`;
  const what = est
    ? `${est.name}: ran out of memory (${how}) although ${est.doing} was estimated at about ${(est.bytes / 2 ** 30).toFixed(1)} GiB, within the ${est.limitGiB} GiB memory guard (--max-memory <GiB>) and a ${heap} heap`
    : `ran out of memory (${how}) in a ${heap} heap`;
  return `topoplan: ${what}; the estimate was too low for this input: try a smaller fabric or workload`;
}

/**
 * Runs the same command line in a supervised child with a heap of the guard's size (never smaller than this
 * process's); resolves with the exit code this process should end with.
 */
export function superviseChild(e: HeapError, argv: string[], est: AcceptedEstimate | null): Promise<number> {
  const own = Math.ceil(getHeapStatistics().heap_size_limit / 2 ** 20);
  const mb = Number(process.env[CHILD_HEAP]) > 0 ? Number(process.env[CHILD_HEAP]) : Math.max(Math.ceil(e.guardGiB * 1024), own);
  if (process.env.TOPOPLAN_DEBUG) process.stderr.write(`topoplan: restarting node with --max-old-space-size=${mb} (${e.reason === 'heap' ? 'the model needs a larger heap' : 'long work, supervised'})\n`);
  const tty = process.stderr.isTTY;
  return new Promise((resolve) => {
    // handlers first: a signal that arrives while the child starts is forwarded, not the end of this process
    let signalled: NodeJS.Signals | null = null;
    let killer: NodeJS.Timeout | undefined;
    const forward = (sig: NodeJS.Signals) => {
      signalled ??= sig;
      child.kill(sig);
      killer ??= setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    };
    const onInt = () => forward('SIGINT');
    const onTerm = () => forward('SIGTERM');
    const onHup = () => forward('SIGHUP');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    process.on('SIGHUP', onHup);
    const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${mb}`, process.argv[1], ...argv], {
      stdio: ['inherit', 'inherit', 'pipe', 'ipc'],
      env: { ...process.env, [RAISED]: String(mb), ...(tty ? { [STDERR_COLUMNS]: String(process.stderr.columns || 80) } : {}) },
    });
    // the child's temporary output directories (render/io.ts), removed here if it dies without removing them
    const temps = new Set<string>();
    child.on('message', (m: { dir?: unknown; alive?: unknown }) => {
      if (typeof m?.dir !== 'string') return;
      if (m.alive) temps.add(m.dir);
      else temps.delete(m.dir);
    });
    let oom = false;
    let tail = '';
    child.stderr!.on('data', (b: Buffer) => {
      if (oom) return;
      const s = b.toString('utf8');
      const seen = tail + s;
      const at = Math.min(...OOM_MARKERS.map((m) => seen.indexOf(m)).filter((i) => i >= 0), Infinity);
      if (at === Infinity) {
        process.stderr.write(s);
        tail = seen.slice(-64);
        return;
      }
      oom = true;
      // what came before the report (a progress bar, notes) still passes
      const before = Math.max(0, at - tail.length);
      const kept = s.slice(0, before).replace(/\s+$/, '');
      if (kept) process.stderr.write(kept);
    });
    child.on('error', (err) => {
      process.stderr.write(`topoplan: could not restart node with a ${(mb / 1024).toFixed(1)} GiB heap: ${err.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHup);
      // a bar the child was drawing ends mid-line: clear it, and show the cursor whatever the child did; a
      // temporary output directory the child could not remove goes too
      const restore = () => {
        for (const d of temps) rmSync(d, { recursive: true, force: true });
        if (tty) process.stderr.write('\r\x1b[K\x1b[?25h\x1b[?7h');
      };
      if (oom || signal === 'SIGABRT' || code === 134) {
        restore();
        process.stderr.write(`${outOfMemoryLine(est, mb, 'the JavaScript heap is exhausted')}\n`);
        return resolve(2);
      }
      if (signal === 'SIGKILL' && signalled === null) {
        restore();
        process.stderr.write(`${outOfMemoryLine(est, mb, 'killed by SIGKILL, most likely by the system when memory ran out')}\n`);
        return resolve(2);
      }
      if (signal !== null) {
        // killed while computing: nothing was written (writes are atomic; a write in progress handles the signal itself)
        const sig = signalled ?? signal;
        restore();
        process.stderr.write(`topoplan: stopped by ${sig}; interrupted while computing, no output written\n`);
        return resolve(sig === 'SIGTERM' ? 143 : sig === 'SIGHUP' ? 129 : 130);
      }
      if (code !== 0) restore();
      resolve(code ?? 1);
    });
  });
}
