/**
 * Rendering of a Comparison: terminal table, CSV and Markdown. All three share one row layout:
 * each metric, then (for Table 3 columns) the paper's figure and our relative difference.
 * CSV keeps full precision so it parses back to the analysis numbers.
 */
import type { CellValue, Comparison } from '../analysis/compare.js';
import { fmtNum, renderTable, tableWidth, type Cell } from './table.js';
import { wrapText } from '../format.js';

interface Line {
  key: string;
  label: string;
  values: CellValue[];
  digits?: number;
  kind: 'value' | 'paper' | 'relDiff';
}

function lines(c: Comparison): Line[] {
  const out: Line[] = [];
  for (const r of c.rows) {
    out.push({ key: r.key, label: r.label, values: r.values, digits: r.digits, kind: 'value' });
    if (r.paper) {
      out.push({ key: `${r.key}.paper`, label: '  paper (Table 3)', values: r.paper, digits: r.digits, kind: 'paper' });
      out.push({ key: `${r.key}.relDiff`, label: '  difference vs paper', values: r.relDiff ?? [], kind: 'relDiff' });
    }
  }
  return out;
}

function show(v: CellValue | undefined, l: Line): Cell {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (l.kind === 'relDiff') return `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;
  return l.digits !== undefined ? fmtNum(Number(v.toFixed(l.digits)), l.digits) : fmtNum(v);
}

function header(c: Comparison): string[] {
  return ['metric', ...c.columns.map((col) => col.name)];
}

export function renderCompare(c: Comparison): string {
  const rows = lines(c).map((l) => [l.label, ...c.columns.map((_, i) => show(l.values[i], l))]);
  return [renderTable(header(c), rows), ...footer(c)].filter(Boolean).join('\n') + '\n';
}

/** The lines under the table: price book, layout conventions, why rows are absent, the analyses' notes. */
function footer(c: Comparison): string[] {
  const book = c.analyses.some((a) => a.cost) ? c.pricebook.name : undefined;
  const priced = book ? [`cost: price book ${book}${c.pricebook.paper ? " (the paper's book)" : ''}; TCO = capex + network energy over the book's service life (docs/cost-model.md)`] : [];
  const wrap = (s: string) => wrapText(s, Math.min(tableWidth(), 1e6), '  ');
  return [...priced, ...c.notes, ...c.analyses.flatMap((a) => a.notes.map((n) => `note (${a.name}): ${n}`))].map(wrap);
}

function csvCell(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** One line per metric (keys as in the JSON rows; `.paper` and `.relDiff` lines for Table 3), full precision. */
export function compareCsv(c: Comparison): string {
  const head = ['metric', ...c.columns.map((col) => col.name)].map(csvCell).join(',');
  return [head, ...lines(c).map((l) => [l.key, ...c.columns.map((_, i) => csvCell(l.values[i]))].join(','))].join('\n') + '\n';
}

function mdCell(s: Cell): string {
  if (s === undefined || s === null) return '–';
  return String(typeof s === 'number' ? fmtNum(s) : s).replaceAll('|', '\\|');
}

export function compareMarkdown(c: Comparison): string {
  const head = header(c);
  const out = [`| ${head.map(mdCell).join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const l of lines(c)) out.push(`| ${[l.label.trim() === l.label ? l.label : `↳ ${l.label.trim()}`, ...c.columns.map((_, i) => show(l.values[i], l))].map(mdCell).join(' | ')} |`);
  const notes = footer(c);
  return out.join('\n') + '\n' + (notes.length ? '\n' + notes.map((n) => `- ${n}`).join('\n') + '\n' : '');
}
