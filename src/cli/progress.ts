/** A progress bar on stderr for work that can take more than ~2 s; silent when stderr is not a TTY. */
import cliProgress from 'cli-progress';

export function progressBar(enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return { update: (_l: string, _d: number, _t: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}', hideCursor: false, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let label = '';
  return {
    update(l: string, done: number, total: number) {
      if (!started) {
        bar.start(total, done, { label: l });
        started = true;
      } else if (l !== label) bar.setTotal(total);
      label = l;
      bar.update(done, { label: l });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
