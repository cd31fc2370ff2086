// Cost/compare and plan benchmarks (issues: cost/compare, plan). Dragonfly/Slim Fly cases: families.mjs.
export const cases = [
  { name: 'compare table3', args: ['compare', 'table3'], size: 'five columns, closed forms (no graph built)', target: '< 2 s', repeat: 1 },
  { name: 'plan --gpus 16384', args: ['plan', '--gpus', '16384', '--json'], size: '5 candidates built and priced, uniform bound', target: '< 1.5 s (issue 16)', repeat: 2 },
  { name: 'plan --gpus 16384 --routed', args: ['plan', '--gpus', '16384', '--routed', '--json'], size: 'with two ECMP routings per candidate', repeat: 1 },
  { name: 'plan --gpus 16384 --workload training', args: ['plan', '--gpus', '16384', '--workload', 'deepseek-v3-training', '--json'], size: '5 candidates × 4 phases × 2', target: '< 30 s', repeat: 1 },
];
