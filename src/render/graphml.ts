/**
 * GraphML export. graphology-graphml (0.5) only parses, so topoplan writes GraphML itself, as a
 * stream of chunks so a 65k-endpoint fabric never becomes one giant string. Tests read the output
 * back with graphology-graphml's parser.
 */
import type { Fabric } from '../topology/model.js';

const NODE_KEYS = ['kind', 'host', 'gpu', 'plane', 'su', 'pod', 'group', 'tier', 'role', 'radix', 'rail'] as const;
const EDGE_KEYS = ['medium', 'layer', 'gbps', 'lanes'] as const;
const NUMERIC = new Set(['host', 'gpu', 'plane', 'su', 'pod', 'group', 'tier', 'radix', 'rail', 'gbps', 'lanes']);

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

export function* graphmlChunks(f: Fabric): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n';
  for (const k of NODE_KEYS) yield `  <key id="${k}" for="node" attr.name="${k}" attr.type="${NUMERIC.has(k) ? 'double' : 'string'}"/>\n`;
  for (const k of EDGE_KEYS) yield `  <key id="${k}" for="edge" attr.name="${k}" attr.type="${NUMERIC.has(k) ? 'double' : 'string'}"/>\n`;
  yield `  <graph id="${escapeXml(f.getAttribute('name'))}" edgedefault="undirected">\n`;
  let buf = '';
  f.forEachNode((id, a) => {
    buf += `    <node id="${escapeXml(id)}">`;
    for (const k of NODE_KEYS) {
      const v = (a as unknown as Record<string, unknown>)[k];
      if (v !== undefined) buf += `<data key="${k}">${escapeXml(String(v))}</data>`;
    }
    buf += '</node>\n';
  });
  yield buf;
  buf = '';
  let n = 0;
  const chunks: string[] = [];
  f.forEachEdge((_e, a, s, t) => {
    buf += `    <edge source="${escapeXml(s)}" target="${escapeXml(t)}">`;
    for (const k of EDGE_KEYS) buf += `<data key="${k}">${escapeXml(String(a[k]))}</data>`;
    buf += '</edge>\n';
    if (++n % 20000 === 0) {
      chunks.push(buf);
      buf = '';
    }
  });
  chunks.push(buf);
  yield* chunks;
  yield '  </graph>\n</graphml>\n';
}
