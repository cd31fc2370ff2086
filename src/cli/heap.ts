/**
 * The bin raises its own heap: Node's default (about 4 GiB) would otherwise limit fabric size before the
 * documented memory guard (--max-memory, 8 GiB by default) does. Small commands pay nothing: only when a fabric's
 * estimate fits the guard but not the heap (build.ts throws HeapError) does the CLI run itself again, once, with
 * --max-old-space-size set to the guard.
 */
import { spawnSync } from 'node:child_process';
import { HeapError } from '../errors.js';

export { HeapError };

const RAISED = 'TOPOPLAN_HEAP_RAISED';

/** Turns the check on unless this process is already the restarted one (build.ts is loaded by then). */
export async function enableHeapRaise(): Promise<void> {
  (await import('../topology/build.js')).raiseHeapWhenNeeded(process.env[RAISED] === undefined);
}

/** Runs the same command line in a node with a heap of the guard's size; returns its exit code. */
export function withHeapFor(e: HeapError, argv: string[]): number {
  const mb = Math.ceil(e.guardGiB * 1024);
  if (process.env.TOPOPLAN_DEBUG) process.stderr.write(`topoplan: restarting node with --max-old-space-size=${mb}\n`);
  const r = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${mb}`, process.argv[1], ...argv], {
    stdio: 'inherit',
    env: { ...process.env, [RAISED]: String(mb) },
  });
  if (r.error) {
    process.stderr.write(`topoplan: could not restart node with a ${e.guardGiB} GiB heap: ${r.error.message}\n`);
    return 1;
  }
  return r.status ?? 1;
}
