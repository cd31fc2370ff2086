// Cost/BOM/compare benchmarks (issue 3: bill of materials, cost model, compare). `compare table3` itself is in planning.mjs.
export const cases = [
  { name: 'cost: compare sf-table3 (formula only)', args: ['compare', 'sf-table3', '--json'], size: '32,928 endpoints, no graph', target: 'startup only (< 0.5 s)', repeat: 3 },
  { name: 'cost: compare table3 --csv (ib-ethernet-2025)', args: ['compare', 'table3', '--csv', '--pricebook', 'ib-ethernet-2025'], size: 'five columns, closed forms', target: '< 10 s', repeat: 1 },
  { name: 'cost: compare ft2-64 mpft-64x8 ft3-64', args: ['compare', 'ft2-64', 'mpft-64x8', 'ft3-64', '--markdown'], size: '2,048 + 16,384 + 65,536 endpoints', target: '< 3 s', repeat: 2 },
  { name: 'cost: compare df-canonical', args: ['compare', 'df-canonical'], size: '262,656 endpoints, 16,416 routers', target: '< 8 s', repeat: 1 },
];
// Issue 10: the graph-derived floor plan on the largest preset, against the paper's convention on the same build.
cases.push(
  { name: 'cost: analyze df-table3 --floor paper', args: ['analyze', 'df-table3', '--floor', 'paper', '--json'], size: '261,632 endpoints, built; closed-form layout', target: 'baseline for the next row', repeat: 1 },
  { name: 'cost: analyze df-table3 --floor plan', args: ['analyze', 'df-table3', '--floor', 'plan', '--json'], size: '261,632 endpoints, built; floor plan from the graph', target: '≤ the row above + 2 s', repeat: 1 },
);
