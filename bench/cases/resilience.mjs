// Bisection and failure benchmarks (issue: bisection, path diversity, failures).
export const cases = [
  { name: 'analyze ft3:k=64 (bisection max-flow)', args: ['analyze', 'ft3:k=64', '--json'], size: '65,536 endpoints, 5 max-flows', target: 'bisection < 10 s', repeat: 1 },
  { name: 'fail mpft-64x8 --links 1% x10', args: ['fail', 'mpft-64x8', '--links', '1%', '--trials', '10', '--seed', '1', '--json'], size: '16,384 GPUs, 164 lanes per trial, uniform traffic', target: '< 30 s', repeat: 1 },
  { name: 'fail mpft-64x8 --plane 0', args: ['fail', 'mpft-64x8', '--plane', '0', '--json'], size: '16,384 GPUs', repeat: 1 },
];
