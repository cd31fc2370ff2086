/** Errors of the line-oriented importers. Files are read through ../input-file.ts (readInputFile). */
import { UsageError } from '../../errors.js';

/** A problem at a line of an imported file: `file:line: what was found; what was expected`. */
export class LineError extends UsageError {
  override name = 'LineError';
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}
