// Simulator exports and imports (issue 15, docs/interop.md). Each export is linear in nodes + physical links.
export const cases = [
  { name: 'interop: generate ft3:k=64 htsim-generic', args: ['generate', 'ft3:k=64', '--format', 'htsim-generic', '-o', '$TMP/ft3.htsim'], size: '65,536 endpoints, 131,072 switch links (3 lines each)', target: '< 5 s', repeat: 1 },
  { name: 'interop: generate ft3:k=64 htsim-fattree', args: ['generate', 'ft3:k=64,gpusPerHost=1', '--format', 'htsim-fattree', '-o', '$TMP/ft3.topo'], size: '65,536 endpoints (structure check only)', target: '< 3 s', repeat: 1 },
  { name: 'interop: generate ft3:k=64 infragraph', args: ['generate', 'ft3:k=64', '--format', 'infragraph', '-o', '$TMP/ft3.yaml'], size: '196,608 edges', target: '< 5 s', repeat: 1 },
  { name: 'interop: generate mpft-64x8 simai', args: ['generate', 'mpft-64x8', '--format', 'simai', '-o', '$TMP/mpft.simai'], size: '16,384 GPUs, 2,048 NVSwitches, 768 switches, 48k lines', target: '< 3 s', repeat: 1 },
  { name: 'interop: analyze a SimAI file (mpft-64x8)', args: ['analyze', '$TMP/mpft.simai', '--json'], size: '16,384 GPUs imported', target: '< 5 s', repeat: 1 },
  { name: 'interop: traffic ep64 on mpft-64x8 --export-flows htsim-cm', args: ['traffic', 'mpft-64x8', '--workload', 'ep64', '--json', '--export-flows', 'htsim-cm:$TMP/ep.cm'], size: '16,384 GPUs, 229,376 connections (sampled gating)', target: '< 15 s', repeat: 1 },
];
