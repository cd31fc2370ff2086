// Bisection and failure benchmarks (issue: bisection, path diversity, failures).
export const cases = [
  { name: 'analyze ft3:k=64 (bisection max-flow)', args: ['analyze', 'ft3:k=64', '--json'], size: '65,536 endpoints: natural + 1 random cut, 2 unit max-flows for exact path classes', target: 'bisection < 10 s', repeat: 1 },
  { name: 'analyze df-canonical (bisection max-flow)', args: ['analyze', 'df-canonical', '--json'], size: '262,656 endpoints, 16,416 routers: natural + 1 random cut, sampled path classes', repeat: 1 },
  { name: 'fail mpft-64x8 --links 1% x10', args: ['fail', 'mpft-64x8', '--links', '1%', '--trials', '10', '--seed', '1', '--json'], size: '16,384 GPUs, 164 lanes per trial, uniform traffic', target: '< 30 s', repeat: 1 },
  { name: 'fail mpft-64x8 --plane 0', args: ['fail', 'mpft-64x8', '--plane', '0', '--json'], size: '16,384 GPUs', repeat: 1 },
  { name: 'fail ft3:k=32 --switches 1 --tier core x10', args: ['fail', 'ft3:k=32', '--switches', '1', '--tier', 'core', '--trials', '10', '--json'], size: '8,192 GPUs, 1 of 256 cores per trial, uniform traffic', repeat: 1 },
];
