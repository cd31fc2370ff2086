/**
 * Which importer reads a file: by --input-format, else by content (the first line that is not blank or a
 * comment), so SimAI files without an extension and htsim `.topo` files are recognised.
 */
export const INPUT_FORMATS = ['auto', 'graph', 'simai', 'htsim-fattree'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export function sniffFormat(text: string): InputFormat | 'htsim-generic' | 'unknown' {
  for (const raw of text.slice(0, 1 << 16).split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('{') || line.startsWith('<')) return 'graph';
    const first = line.split(/\s+/)[0].toLowerCase();
    if (first === 'nodes' || first === 'tiers' || first === 'podsize') return 'htsim-fattree';
    if (first === 'hosts') return 'htsim-generic';
    if (/^\d+\s+\d+\s+\d+\s+\d+\s+\d+(\s+\S+)?$/.test(line)) return 'simai';
    return 'unknown';
  }
  return 'unknown';
}
