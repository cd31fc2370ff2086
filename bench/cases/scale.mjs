// Start-up and scale benchmarks (issue 16). The 1M-endpoint cases take minutes on a busy 2-core machine:
// run them alone with `npm run bench -- --filter 1M`.
export const cases = [
  { name: 'startup --version', args: ['--version'], size: 'bundled bin, no command loaded', target: '< 0.15 s', repeat: 5 },
  { name: 'startup analyze ft2:k=8', args: ['analyze', 'ft2:k=8', '--json'], size: '32 endpoints: start-up plus one command chunk', repeat: 3 },
  { name: 'traffic uniform dragonfly:p=12,a=24 (hosts span routers)', args: ['traffic', 'dragonfly:p=12,a=24', '--pattern', 'uniform', '--json'], size: '110,880 endpoints, 9,240 routers in 385 groups; 12 GPUs per router, 8 per host (group symmetry: 24 passes)', target: '< 3 s', repeat: 1 },
  { name: 'traffic uniform ft3:k=160 (1M endpoints)', args: ['traffic', 'ft3:k=160', '--pattern', 'uniform', '--json'], size: '1,024,000 endpoints, 32,000 switches, 2,048,000 links (pod symmetry)', target: '< 30 s, < 4 GiB', repeat: 1 },
  { name: 'traffic uniform dragonfly:p=22,a=44,h=22,k=88 (1M endpoints)', args: ['traffic', 'dragonfly:p=22,a=44,h=22,k=88', '--pattern', 'uniform', '--json'], size: '938,036 endpoints, 42,636 routers, 969 groups (group symmetry: 44 passes)', repeat: 1 },
];
