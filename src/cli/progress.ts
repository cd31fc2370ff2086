/**
 * A progress bar with an ETA on stderr for work that can take more than ~2 s (silent when stderr is
 * not a TTY), and the work guard's second line: when the up-front estimate was too low, the projected
 * total (elapsed · total / done) is checked as the work runs, and work projected beyond --max-work
 * stops with exit 2 and the projection instead of running for hours.
 */
import cliProgress from 'cli-progress';
import { ResourceError } from '../errors.js';
import { fmtDuration } from '../traffic/work.js';
import { STDERR_COLUMNS } from './supervise.js';

export interface ProgressGuard {
  maxMinutes: number;
  what: string;
  /** seconds before projections are trusted (the first steps include warm-up) */
  graceSeconds?: number;
}

/**
 * Where the bar is drawn: stderr when it is a terminal, or, in a supervised child (cli/supervise.ts), the
 * parent's terminal through the pipe the parent forwards.
 */
function barStream(): NodeJS.WritableStream | undefined {
  if (process.stderr.isTTY) return process.stderr;
  const columns = Number(process.env[STDERR_COLUMNS]);
  if (!(columns > 0)) return undefined;
  return Object.assign(Object.create(process.stderr) as NodeJS.WriteStream, { isTTY: true, columns, write: (s: string) => process.stderr.write(s) });
}

export function progressBar(enabled: boolean, guard?: ProgressGuard) {
  const stream = enabled ? barStream() : undefined;
  // linewrap: true leaves the terminal's modes alone (the bar is cut to the width instead of turning line
  // wrapping off), and the cursor stays visible: a process killed mid-bar leaves the terminal as it was
  const bar = stream
    ? new cliProgress.SingleBar(
        { stream, format: '{label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}', hideCursor: false, linewrap: true, clearOnComplete: true, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  let label = '';
  let t0 = 0;
  const check = (done: number, total: number) => {
    if (!guard || done <= 0 || total <= done) return;
    const elapsed = (performance.now() - t0) / 1000;
    if (elapsed < (guard.graceSeconds ?? 3)) return;
    const projected = (elapsed * total) / done;
    if (projected > guard.maxMinutes * 60) {
      bar?.stop();
      throw new ResourceError(
        `${guard.what}: projected ${fmtDuration(projected)} of work after ${done} of ${total} steps in ${fmtDuration(elapsed)}, over the ${guard.maxMinutes} min limit; raise it with --max-work <minutes>`,
      );
    }
  };
  return {
    update(l: string, done: number, total: number) {
      if (l !== label) t0 = performance.now();
      if (bar) {
        if (!started) {
          bar.start(total, done, { label: l });
          started = true;
        } else if (l !== label) bar.setTotal(total);
        bar.update(done, { label: l });
      }
      label = l;
      check(done, total);
    },
    stop() {
      if (started) bar?.stop();
      started = false;
    },
  };
}
