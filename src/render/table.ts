/** Plain-text tables for the terminal: numbers right-aligned, text left-aligned, at most 120 columns. */
import { fmtNum, wrapText } from '../format.js';

export { fmtNum };

export type Cell = string | number | undefined | null;

/** Terminal width tables keep to unless `--wide` (setTableWidth(Infinity)). */
let maxWidth = 120;

export function setTableWidth(w: number): void {
  maxWidth = w;
}

export function tableWidth(): number {
  return maxWidth;
}

function cellText(c: Cell): string {
  if (c === undefined || c === null) return '–';
  return typeof c === 'number' ? fmtNum(c) : c;
}

/** A column reads as figures (right-aligned) when most of its body cells start like a number or an amount. */
function numeric(cells: string[]): boolean {
  const filled = cells.filter((c) => c !== '' && !/^[–-]$|^\*$/.test(c));
  return filled.filter((c) => /^[-+−$(]?[\d.,]/.test(c)).length * 2 >= filled.length;
}

const GAP = 2;

/**
 * Left-aligns the first column and text columns, right-aligns figures. When the table is wider than
 * `width` (default: 120, or unlimited under --wide), the widest text columns wrap at spaces.
 */
export function renderTable(header: Cell[], rows: Cell[][], width = maxWidth): string {
  const all = [header, ...rows].map((r) => header.map((_, i) => cellText(r[i])));
  const n = header.length;
  const right = header.map((_, i) => all.length > 1 && numeric(all.slice(1).map((r) => r[i])));
  const longest = (s: string) => Math.max(...s.split('\n').map((l) => l.length));
  let widths = header.map((_, i) => Math.max(...all.map((r) => longest(r[i]))));
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (n - 1);
  // Wrap the widest wrappable column, a step at a time, until the table fits or nothing can wrap:
  // headers first (down to their column's widest cell), body cells only if that is not enough.
  const minWord = (i: number) => Math.max(...all.map((r) => Math.max(...r[i].split(/[\s\n]+/).map((w) => w.length))));
  const bodyWidth = (i: number) => Math.max(0, ...all.slice(1).map((r) => longest(r[i])));
  for (let guard = 0, headersOnly = true; total() > width && guard < 200; guard++) {
    const candidates = widths.map((w, i) => ({ i, w, floor: Math.max(8, minWord(i), headersOnly ? bodyWidth(i) : 0) })).filter((c) => c.w > c.floor);
    if (!candidates.length) {
      if (!headersOnly) break;
      headersOnly = false;
      continue;
    }
    const c = candidates.reduce((a, b) => (b.w > a.w ? b : a));
    const target = Math.max(c.floor, c.w - (total() - width));
    for (const r of headersOnly ? all.slice(0, 1) : all) r[c.i] = wrapText(r[c.i], target);
    widths = header.map((_, i) => Math.max(...all.map((r) => longest(r[i]))));
    if (widths[c.i] >= c.w) break; // could not shrink (long words)
  }
  const lines = (r: string[]) => {
    const parts = r.map((c) => c.split('\n'));
    const h = Math.max(...parts.map((p) => p.length));
    return Array.from({ length: h }, (_, k) =>
      parts
        .map((p, i) => {
          const c = p[k] ?? '';
          return right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]);
        })
        .join(' '.repeat(GAP))
        .trimEnd(),
    );
  };
  return [...lines(all[0]), widths.map((w) => '-'.repeat(w)).join(' '.repeat(GAP)), ...all.slice(1).flatMap(lines)].join('\n');
}
