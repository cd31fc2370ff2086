/**
 * Closed-form rack layout: the distribution of cable lengths between racks of a block, with no graph.
 * A block of R racks fills rows of `racksPerRow` racks (the last row may be partial); a cable class
 * whose ends are spread uniformly over the racks of a block gets the exact distribution of
 * Manhattan distances over all ordered rack pairs of the block. Dimensions from the price book:
 * `rackWidthM` along a row, `rowPitchM` between rows, `slackM` added to every cable that leaves its
 * rack, `intraRackM` for a cable inside one rack. Docs: docs/cost-model.md.
 */
import type { Pricebook } from './pricebook.js';

type Dims = Pricebook['layout'];

export interface LengthBucket {
  lengthM: number;
  /** share of the ordered rack pairs of the block at this length */
  share: number;
}

/** Rows of `racksPerRow` racks; 'square' makes the hall about as wide as it is deep. */
export function gridShape(racks: number, d: Dims): { rows: number; cols: number } {
  const perRow = d.racksPerRow === 'square' ? Math.round(Math.sqrt((racks * d.rowPitchM) / d.rackWidthM)) : d.racksPerRow;
  const cols = Math.max(1, Math.min(racks, perRow));
  return { rows: Math.ceil(racks / cols), cols };
}

export function gridCableM(dx: number, dy: number, d: Dims): number {
  return dx === 0 && dy === 0 ? d.intraRackM : dx * d.rackWidthM + dy * d.rowPitchM + d.slackM;
}

/** Exact length distribution over ordered rack pairs of a block; O(rows · cols). */
export function blockLengths(racks: number, d: Dims): LengthBucket[] {
  const g = gridShape(racks, d);
  const last = racks - (g.rows - 1) * g.cols; // racks in the last row
  const partial = last < g.cols;
  const fullRows = partial ? g.rows - 1 : g.rows;
  // ordered pairs (i in a row of a racks, j in a row of b racks, rows filled from column 0) with |i−j| = dx
  const rowPairs = (a: number, b: number, dx: number) =>
    dx === 0 ? Math.min(a, b) : Math.max(0, Math.min(a, b - dx)) + Math.max(0, Math.min(b, a - dx));
  const buckets = new Map<number, number>();
  for (let dy = 0; dy < g.rows; dy++) {
    const fullPairs = dy === 0 ? fullRows : 2 * Math.max(0, fullRows - dy);
    for (let dx = 0; dx < g.cols; dx++) {
      let n = fullPairs * rowPairs(g.cols, g.cols, dx);
      if (partial) n += dy === 0 ? rowPairs(last, last, dx) : rowPairs(g.cols, last, dx) + rowPairs(last, g.cols, dx);
      if (n === 0) continue;
      const len = gridCableM(dx, dy, d);
      buckets.set(len, (buckets.get(len) ?? 0) + n);
    }
  }
  const total = racks * racks;
  return [...buckets].sort((a, b) => a[0] - b[0]).map(([lengthM, n]) => ({ lengthM, share: n / total }));
}
