/**
 * Encodings for the self-contained page: HTML escaping, JSON that cannot leave its script element,
 * and typed arrays packed into one gzip+base64 blob (the browser inflates it with
 * DecompressionStream). gzip output is deterministic: zlib writes mtime 0.
 */
import { gzipSync } from 'node:zlib';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>`, `&` and the JavaScript line
 * separators are written as \u escapes, so no `</script>` or `<!--` can appear in the text.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export type Packable = Int32Array | Uint8Array | Uint16Array | Float32Array;

export interface PackedArray {
  name: string;
  type: 'i32' | 'u8' | 'u16' | 'f32';
  offset: number;
  length: number;
}

function typeOf(a: Packable): PackedArray['type'] {
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Float32Array) return 'f32';
  return 'u8';
}

/** Concatenates arrays (each 4-byte aligned) and gzips them; returns base64 and the directory. */
export function packArrays(arrays: Record<string, Packable>): { blob: string; dir: PackedArray[]; rawBytes: number } {
  const dir: PackedArray[] = [];
  let offset = 0;
  for (const [name, a] of Object.entries(arrays)) {
    dir.push({ name, type: typeOf(a), offset, length: a.length });
    offset += Math.ceil(a.byteLength / 4) * 4;
  }
  const buf = new Uint8Array(offset);
  for (const d of dir) {
    const a = arrays[d.name];
    buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), d.offset);
  }
  return { blob: gzipSync(buf, { level: 6 }).toString('base64'), dir, rawBytes: offset };
}
