// Families, cost/compare and plan benchmarks (issues: Dragonfly/Slim Fly/cost/compare, plan).
export const cases = [
  { name: 'analyze df-table3', args: ['analyze', 'df-table3', '--json'], size: '261,632 endpoints, 16,352 routers, 384,272 links', repeat: 1 },
  { name: 'analyze sf-q27', args: ['analyze', 'sf-q27', '--json'], size: '30,618 endpoints, 1,458 routers', repeat: 1 },
  { name: 'generate df-table3 json', args: ['generate', 'df-table3', '-o', '$TMP/df.json'], size: '261,632 endpoints', repeat: 1 },
  { name: 'compare table3', args: ['compare', 'table3'], size: 'five columns, DF built', target: '< 10 s', repeat: 1 },
  { name: 'plan --gpus 16384', args: ['plan', '--gpus', '16384', '--json'], size: '5 candidates built, routed and failed', target: '< 3 s', repeat: 2 },
  { name: 'plan --gpus 16384 --workload training', args: ['plan', '--gpus', '16384', '--workload', 'deepseek-v3-training', '--json'], size: '5 candidates × 4 phases × 2', target: '< 30 s', repeat: 1 },
];
