// Issue 11 (traffic realism) performance targets, measured on a quiet machine.
export const cases = [
  { name: 'traffic EP64 flow model mpft-2048', args: ['traffic', 'mpft-2048', '--workload', 'ep64', '--model', 'flow', '--json'], size: '2,048 GPUs, 14,336 fabric flows, topm gating', target: '< 10 s', repeat: 1 },
  { name: 'traffic uniform ugal df-canonical', args: ['traffic', 'df-canonical', '--pattern', 'uniform', '--routing', 'ugal', '--json'], size: '262,656 endpoints, 16,416 routers, Kim minimal + Valiant + UGAL', target: '< 60 s', repeat: 1 },
  { name: 'plan 16,384 GPUs training job (adaptive + ECMP)', args: ['plan', '--gpus', '16384', '--workload', 'deepseek-v3-training', '--json'], size: 'every candidate: adaptive (3 models on DF/SF) + ECMP + one-down, 8 data-parallel copies', target: '< 30 s', repeat: 1 },
  { name: 'traffic shift by a group valiant dragonfly:p=4,a=8,h=4', args: ['traffic', 'dragonfly:p=4,a=8,h=4', '--pattern', 'shift:32', '--routing', 'valiant', '--json'], size: '1,056 GPUs', repeat: 1 },
];
