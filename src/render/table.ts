/** Plain-text tables for the terminal. */

export type Cell = string | number | undefined | null;

export function fmtNum(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

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
