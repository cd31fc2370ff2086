/**
 * Small inline SVG charts drawn from data (no library): horizontal stacked bars and a histogram.
 * Every text goes through escapeHtml; sizes are fixed so the output is deterministic.
 */
import { escapeHtml } from './encode.js';

export const PART_COLORS = ['#3b7dd8', '#2e9e6b', '#d9822b', '#8e5bd6', '#c0392b', '#7b8494', '#16a085', '#b7950b'];

export interface StackedRow {
  label: string;
  parts: Array<{ key: string; value: number }>;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** One horizontal bar per row, segments in key order, a legend below; `fmt` labels the totals. */
export function stackedBars(title: string, rows: StackedRow[], fmt: (v: number) => string): string {
  const keys = [...new Set(rows.flatMap((r) => r.parts.map((p) => p.key)))];
  const max = Math.max(1e-12, ...rows.map((r) => r.parts.reduce((a, p) => a + Math.max(0, p.value), 0)));
  const labelW = 190;
  const barW = 430;
  const rowH = 26;
  const top = 28;
  const width = labelW + barW + 120;
  const legendY = top + rows.length * rowH + 14;
  const height = legendY + 22;
  const out: string[] = [`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`];
  out.push(`<text x="0" y="16" class="chart-title">${escapeHtml(title)}</text>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    out.push(`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(r.label)}</text>`);
    let x = labelW;
    let total = 0;
    for (const p of r.parts) {
      const v = Math.max(0, p.value);
      const w = (v / max) * barW;
      total += v;
      if (w > 0) out.push(`<rect x="${round(x)}" y="${y + 3}" width="${round(w)}" height="${rowH - 8}" fill="${PART_COLORS[keys.indexOf(p.key) % PART_COLORS.length]}"><title>${escapeHtml(`${r.label}: ${p.key} ${fmt(v)}`)}</title></rect>`);
      x += w;
    }
    out.push(`<text x="${round(x + 6)}" y="${y + 15}">${escapeHtml(fmt(total))}</text>`);
  });
  let lx = labelW;
  keys.forEach((k, i) => {
    out.push(`<rect x="${lx}" y="${legendY}" width="12" height="12" fill="${PART_COLORS[i % PART_COLORS.length]}"/><text x="${lx + 16}" y="${legendY + 11}">${escapeHtml(k)}</text>`);
    lx += 28 + k.length * 7;
  });
  out.push('</svg>');
  return out.join('');
}

/**
 * Vertical bars over labelled bins (e.g. links per utilisation decile). `log` scales bar heights by
 * log10(1 + count), so a handful of hot links stays visible beside thousands of idle ones; the axis
 * then carries ticks at 1, 10, 100, ...
 */
export function histogram(title: string, bins: Array<{ label: string; value: number }>, yLabel: string, opts: { log?: boolean } = {}): string {
  const width = 460;
  const height = 190;
  const left = 48;
  const bottom = 150;
  const top = 30;
  const max = Math.max(1, ...bins.map((b) => b.value));
  const scale = opts.log ? (v: number) => Math.log10(1 + v) / Math.log10(1 + max) : (v: number) => v / max;
  const bw = (width - left - 10) / Math.max(1, bins.length);
  const out: string[] = [`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" data-scale="${opts.log ? 'log' : 'linear'}">`];
  out.push(`<text x="0" y="16" class="chart-title">${escapeHtml(title)}</text>`);
  if (opts.log) {
    for (let t = 1; t <= max; t *= 10) {
      const y = round(bottom - scale(t) * (bottom - top));
      out.push(`<line x1="${left - 3}" y1="${y}" x2="${width - 8}" y2="${y}" stroke="#e3e7ee"/><text x="${left - 6}" y="${y + 4}" text-anchor="end" class="tick">${escapeHtml(t.toLocaleString('en-US'))}</text>`);
    }
    out.push(`<text x="${left - 6}" y="${bottom}" text-anchor="end" class="tick">0</text>`);
  } else out.push(`<text x="${left - 6}" y="${top + 4}" text-anchor="end">${escapeHtml(max.toLocaleString('en-US'))}</text><text x="${left - 6}" y="${bottom}" text-anchor="end">0</text>`);
  out.push(`<text x="4" y="${(top + bottom) / 2}" transform="rotate(-90 10 ${(top + bottom) / 2})" text-anchor="middle">${escapeHtml(opts.log ? `${yLabel} (log scale)` : yLabel)}</text>`);
  bins.forEach((b, i) => {
    const hgt = scale(b.value) * (bottom - top);
    const x = left + i * bw;
    out.push(`<rect x="${round(x + 2)}" y="${round(bottom - hgt)}" width="${round(bw - 4)}" height="${round(hgt)}" fill="${PART_COLORS[0]}" data-value="${b.value}"><title>${escapeHtml(`${b.label}: ${b.value.toLocaleString('en-US')}`)}</title></rect>`);
    out.push(`<text x="${round(x + bw / 2)}" y="${bottom + 14}" text-anchor="middle" class="tick">${escapeHtml(b.label)}</text>`);
  });
  out.push(`<line x1="${left}" y1="${bottom}" x2="${width - 8}" y2="${bottom}" stroke="#9aa5b4"/>`);
  out.push('</svg>');
  return out.join('');
}

/**
 * Scatter of points on linear axes with labels; `front` points are filled and joined (the
 * Pareto front of cost vs time). Axes span the data; their end ticks say where they start.
 */
export function scatter(
  title: string,
  points: Array<{ label: string; x: number; y: number; front: boolean }>,
  axes: { x: string; y: string; fmtX: (v: number) => string; fmtY: (v: number) => string },
): string {
  const width = 620;
  const height = 320;
  const left = 70;
  const right = 20;
  const top = 30;
  const bottom = 260;
  // axes span the data, padded, so close designs stay apart; the tick labels say where each axis starts
  const span = (vs: number[]) => {
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    const pad = (hi - lo || Math.abs(hi) || 1) * 0.15;
    return [Math.max(0, lo - pad), hi + pad];
  };
  const [minX, maxX] = span(points.map((p) => p.x));
  const [minY, maxY] = span(points.map((p) => p.y));
  const px = (x: number) => round(left + ((x - minX) / (maxX - minX)) * (width - left - right - 90));
  const py = (y: number) => round(bottom - ((y - minY) / (maxY - minY)) * (bottom - top));
  const out: string[] = [`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`];
  out.push(`<text x="0" y="16" class="chart-title">${escapeHtml(title)}</text>`);
  out.push(`<line x1="${left}" y1="${bottom}" x2="${width - right}" y2="${bottom}" stroke="#9aa5b4"/><line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#9aa5b4"/>`);
  out.push(`<text x="${left}" y="${bottom + 16}" class="tick">${escapeHtml(axes.fmtX(minX))}</text><text x="${px(maxX)}" y="${bottom + 16}" text-anchor="end" class="tick">${escapeHtml(axes.fmtX(maxX))}</text>`);
  out.push(`<text x="${left - 6}" y="${top + 4}" text-anchor="end" class="tick">${escapeHtml(axes.fmtY(maxY))}</text><text x="${left - 6}" y="${bottom}" text-anchor="end" class="tick">${escapeHtml(axes.fmtY(minY))}</text>`);
  out.push(`<text x="${(left + width - right) / 2}" y="${bottom + 34}" text-anchor="middle">${escapeHtml(axes.x)}</text>`);
  out.push(`<text x="14" y="${(top + bottom) / 2}" transform="rotate(-90 14 ${(top + bottom) / 2})" text-anchor="middle">${escapeHtml(axes.y)}</text>`);
  const front = points.filter((p) => p.front).sort((a, b) => a.x - b.x);
  if (front.length > 1) out.push(`<polyline fill="none" stroke="${PART_COLORS[0]}" stroke-dasharray="4 3" points="${front.map((p) => `${px(p.x)},${py(p.y)}`).join(' ')}"/>`);
  // labels: left to right, each moved down until it clears the ones already placed
  const placed: Array<{ x: number; y: number; w: number }> = [];
  for (const p of [...points].sort((a, b) => a.x - b.x || a.y - b.y)) {
    const x = px(p.x) + 8;
    const w = p.label.length * 6.5;
    let y = py(p.y) - 6;
    while (placed.some((q) => Math.abs(q.y - y) < 13 && x < q.x + q.w && q.x < x + w)) y += 13;
    placed.push({ x, y, w });
    out.push(
      `<circle cx="${px(p.x)}" cy="${py(p.y)}" r="5" fill="${p.front ? PART_COLORS[0] : '#fff'}" stroke="${PART_COLORS[0]}" stroke-width="2"><title>${escapeHtml(`${p.label}: ${axes.fmtX(p.x)}, ${axes.fmtY(p.y)}${p.front ? ' (Pareto front)' : ''}`)}</title></circle>`,
      `<text x="${x}" y="${y}">${escapeHtml(p.label)}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}
