// Dragonfly and Slim Fly benchmarks (issue 3: families). Path statistics use the families' symmetry hooks:
// DF palm-tree one BFS per router of group 0 (32), SF one BFS in all.
export const cases = [
  { name: 'analyze df-table3', args: ['analyze', 'df-table3', '--json'], size: '261,632 endpoints, 16,352 routers, 384,272 links', repeat: 1 },
  { name: 'analyze sf-q27', args: ['analyze', 'sf-q27', '--json'], size: '30,618 endpoints, 1,458 routers', repeat: 1 },
  { name: 'analyze sf-table3', args: ['analyze', 'sf-table3', '--json'], size: 'formula only (q=28)', target: '< 1 s', repeat: 1 },
  { name: 'generate df-table3 json', args: ['generate', 'df-table3', '-o', '$TMP/df.json'], size: '261,632 endpoints', repeat: 1 },
];
