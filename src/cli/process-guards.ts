/**
 * Process-wide behaviour of the topoplan bin, kept apart from the command wiring: a closed stdout
 * (`topoplan presets | head -1`) ends the process quietly with status 0, as cat and grep do: the
 * reader has what it wanted. (Signals during an output write are handled in render/io.ts, which
 * owns the temporary file.)
 */
import { removeLiveTemps } from '../render/io.js';

let installed = false;

export function installProcessGuards(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
        removeLiveTemps();
        process.exit(0);
      }
      throw e;
    });
  }
}

/** True once stdout has been closed by the reader: long writers stop producing. */
export function stdoutClosed(): boolean {
  return process.stdout.destroyed || process.stdout.writableEnded;
}
