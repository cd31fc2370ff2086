// Traffic engine benchmarks (issue: traffic engine). Targets from the issue.
export const cases = [
  { name: 'traffic uniform ft3:k=64', args: ['traffic', 'ft3:k=64', '--pattern', 'uniform', '--json'], size: '65,536 endpoints, 4.3·10⁹ pairs (pod symmetry: 32 passes)', target: '< 15 s', repeat: 1 },
  { name: 'traffic uniform ft3:k=64 no symmetry', args: ['traffic', 'ft3:k=64', '--pattern', 'uniform', '--no-symmetry', '--json'], size: '65,536 endpoints, 2,048 passes', target: '< 15 s', repeat: 1 },
  { name: 'traffic uniform df-table3', args: ['traffic', 'df-table3', '--pattern', 'uniform', '--json'], size: '261,632 endpoints, 16,352 routers (group symmetry: 32 passes)', repeat: 1 },
  { name: 'traffic training job mpft-2048', args: ['traffic', 'mpft-2048', '--workload', 'deepseek-v3-training', '--json'], size: '2,048 GPUs, PP16×EP64×DP2', target: '< 1 s', repeat: 3 },
  { name: 'traffic training job mrft-2048', args: ['traffic', 'mrft-2048', '--workload', 'deepseek-v3-training', '--json'], size: '2,048 GPUs', repeat: 3 },
  { name: 'traffic EP64 filling mpft-64x8', args: ['traffic', 'mpft-64x8', '--workload', 'ep64', '--json'], size: '16,384 GPUs, 256 EP groups', target: '< 5 s', repeat: 2 },
  { name: 'traffic uniform ecmp-hash ft3:k=16', args: ['traffic', 'ft3:k=16', '--pattern', 'uniform', '--routing', 'ecmp-hash', '--json'], size: '1,024 endpoints, 5 trials, 500k sampled flows', repeat: 1 },
  // the same computation as bench/networkx_uniform.py (one GPU per host, every destination leaf routed)
  { name: 'traffic uniform ft3:k=16 (networkx twin)', args: ['traffic', 'ft3:k=16,gpusPerHost=1', '--pattern', 'uniform', '--no-symmetry', '--json'], size: '1,024 endpoints', repeat: 3 },
  { name: 'traffic uniform ft3:k=24 (networkx twin)', args: ['traffic', 'ft3:k=24,gpusPerHost=1', '--pattern', 'uniform', '--no-symmetry', '--json'], size: '3,456 endpoints', repeat: 3 },
  { name: 'traffic uniform ft3:k=32 (networkx twin)', args: ['traffic', 'ft3:k=32,gpusPerHost=1', '--pattern', 'uniform', '--no-symmetry', '--json'], size: '8,192 endpoints', repeat: 2 },
];
