// Topology core benchmarks (issue: topology core).
export const cases = [
  { name: 'analyze mpft-64x8', args: ['analyze', 'mpft-64x8', '--json'], size: '16,384 endpoints, 768 switches', target: '< 1 s', repeat: 3 },
  { name: 'analyze ft3-64', args: ['analyze', 'ft3-64', '--json'], size: '65,536 endpoints, 5,120 switches', repeat: 2 },
  { name: 'generate ft3:k=64 json', args: ['generate', 'ft3:k=64', '--format', 'json', '-o', '$TMP/ft3.json'], size: '65,536 endpoints', target: '< 3 s, < 800 MB', repeat: 2 },
  { name: 'generate ft3:k=64 graphml', args: ['generate', 'ft3:k=64', '--format', 'graphml', '-o', '$TMP/ft3.graphml'], size: '65,536 endpoints', repeat: 1 },
];
