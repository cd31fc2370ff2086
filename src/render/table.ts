/** Plain-text tables for the terminal. */

export type Cell = string | number | undefined | null;

import { fmtNum } from '../format.js';

export { fmtNum };

function cellText(c: Cell): string {
  if (c === undefined || c === null) return '–';
  return typeof c === 'number' ? fmtNum(c) : c;
}

/** Left-aligns the first column, right-aligns the rest. */
export function renderTable(header: Cell[], rows: Cell[][]): string {
  const all = [header, ...rows].map((r) => r.map(cellText));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}
