/**
 * Reading a topology file for the importers. One small function so that the shared input checks
 * (regular file, size limit) replace it in one place.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { UsageError, showValue } from '../../errors.js';

/** Largest topology file read into memory, bytes. */
export const MAX_TOPOLOGY_BYTES = 1 << 30;

export function readTopologyText(path: string): string {
  if (!existsSync(path)) throw new UsageError(`topology file ${showValue(path)}: not found`);
  const st = statSync(path);
  if (!st.isFile()) throw new UsageError(`topology file ${showValue(path)}: not a regular file`);
  if (st.size > MAX_TOPOLOGY_BYTES) throw new UsageError(`topology file ${showValue(path)}: ${st.size} bytes; at most ${MAX_TOPOLOGY_BYTES} are read`);
  return readFileSync(path, 'utf8');
}

/** A problem at a line of an imported file: `file:line: what was found; what was expected`. */
export class LineError extends UsageError {
  override name = 'LineError';
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}
