/**
 * Every file topoplan reads from the user goes through here: spec files, workloads, price books,
 * imported graphs (and any future import format). The checks run before a byte is read, so a
 * directory, FIFO, device or oversized file is refused at once instead of hanging or exhausting memory.
 * Parsed documents are then checked for nesting depth and prototype keys, which would otherwise
 * overflow the stack in recursive validators or reach Object.prototype through a key lookup.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync, constants } from 'node:fs';
import { parseDocument } from 'yaml';
import { UsageError, showValue } from '../errors.js';

export const MiB = 1 << 20;
/** Default cap on one input file; raised with the global --max-input <MiB> flag. */
export const DEFAULT_MAX_INPUT_BYTES = 256 * MiB;
let maxInputBytes = DEFAULT_MAX_INPUT_BYTES;

/** Set from the CLI's --max-input flag; the library default is DEFAULT_MAX_INPUT_BYTES. */
export function setMaxInputBytes(bytes: number): void {
  maxInputBytes = bytes;
}
export function getMaxInputBytes(): number {
  return maxInputBytes;
}

/** Deepest nesting a spec, workload, price book or graph document may have. */
export const MAX_DEPTH = 64;
/** Keys that would reach (or shadow) Object.prototype in a plain-object lookup. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Real paths of every input read so far in this process, so an output can refuse to overwrite one. */
const inputs = new Set<string>();
export function inputsRead(): string[] {
  return [...inputs];
}

export interface InputFileOptions {
  /** how the message names the file: 'topology file', 'workload file', 'price book', ... */
  what?: string;
  /** overrides the global cap (bytes) */
  maxBytes?: number;
}

function kindOf(mode: number): string {
  switch (mode & constants.S_IFMT) {
    case constants.S_IFDIR:
      return 'a directory';
    case constants.S_IFIFO:
      return 'a FIFO';
    case constants.S_IFCHR:
      return 'a character device';
    case constants.S_IFBLK:
      return 'a block device';
    case constants.S_IFSOCK:
      return 'a socket';
    default:
      return 'not a regular file';
  }
}

export function fmtBytes(n: number): string {
  return n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

/**
 * Checks and reads a user file as UTF-8. Opened with O_NONBLOCK so that opening a FIFO never blocks;
 * the type and size come from fstat of the opened descriptor (no race between check and read).
 */
export function readInputFile(path: string, opts: InputFileOptions = {}): string {
  const what = opts.what ?? 'input file';
  const cap = opts.maxBytes ?? maxInputBytes;
  if (typeof path !== 'string' || path === '') throw new UsageError(`${what} ${showValue(path)}: an empty path; give a file name`);
  const fd = openInput(path, what);
  try {
    const st = regularStat(fd, path, what);
    if (st.size > cap)
      throw new UsageError(`${what} ${showValue(path)}: is ${fmtBytes(st.size)}, over the ${fmtBytes(cap)} input limit; raise it with --max-input <MiB>`);
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    try {
      inputs.add(realpathSync(path));
    } catch {
      /* a file removed after reading is no output clash */
    }
    return buf.toString('utf8', 0, off);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw fileError(what, path, e);
  } finally {
    closeSync(fd);
  }
}

/** Size of a regular file, after the same type checks (for estimates made before parsing). */
export function inputFileSize(path: string, what = 'input file'): number {
  const fd = openInput(path, what);
  try {
    return regularStat(fd, path, what).size;
  } finally {
    closeSync(fd);
  }
}

/** Opens without blocking, so a FIFO or device is refused by regularStat instead of hanging the open. */
function openInput(path: string, what: string): number {
  try {
    return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fileError(what, path, e);
  }
}

/** The open file's stat, refusing anything but a regular file (directories, FIFOs, devices). */
function regularStat(fd: number, path: string, what: string) {
  const st = fstatSync(fd);
  if (!st.isFile()) throw new UsageError(`${what} ${showValue(path)}: is ${kindOf(st.mode)}; must be a regular file`);
  return st;
}

function fileError(what: string, path: string, e: unknown): UsageError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT' ? 'not found' :
    code === 'EACCES' || code === 'EPERM' ? 'permission denied; must be a readable file' :
    code === 'EISDIR' ? 'is a directory; must be a regular file' :
    code === 'ENOTDIR' ? 'a parent is not a directory' :
    code === 'ENAMETOOLONG' ? 'the name is too long' :
    code === 'ELOOP' ? 'too many symbolic links' :
    `cannot be read (${code ?? (e as Error)?.message ?? 'unknown error'})`;
  return new UsageError(`${what} ${showValue(path)}: ${why}`);
}

/**
 * Parses YAML (or JSON, a YAML subset, when `json` is set, with JSON's own parser) into plain data.
 * Any YAML warning (an unresolved `!tag`, ...) is an error here: it would otherwise print several
 * lines on stderr before the real message.
 */
export function parseStructured(text: string, path: string, opts: { json?: boolean; what?: string } = {}): unknown {
  const what = opts.what ?? 'input file';
  const fmt = opts.json ? 'JSON' : 'YAML';
  let value: unknown;
  try {
    if (opts.json) value = JSON.parse(text);
    else {
      const doc = parseDocument(text, { logLevel: 'silent', prettyErrors: false, uniqueKeys: true });
      const problem = doc.errors[0] ?? doc.warnings[0];
      if (problem) throw new Error(problem.message);
      value = doc.toJS({ maxAliasCount: 1000 });
    }
  } catch (e) {
    const raw = e instanceof RangeError ? `nested deeper than ${MAX_DEPTH} levels` : (e as Error).message;
    const msg = raw.split('\n')[0].replace(/:\s*$/, '');
    throw new UsageError(`${what} ${showValue(path)}: malformed ${fmt}: ${msg}`);
  }
  checkDocument(value, `${what} ${showValue(path)}`);
  return value;
}

/**
 * Walks a parsed document without recursion: refuses nesting deeper than MAX_DEPTH and the keys
 * __proto__, constructor and prototype, naming the path where they occur.
 */
export function checkDocument(value: unknown, where: string, maxDepth = MAX_DEPTH): void {
  const stack: Array<[unknown, number, string]> = [[value, 0, '']];
  while (stack.length) {
    const [v, depth, at] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth >= maxDepth) throw new UsageError(`${where}: ${at ? clip(at) : 'document'} is nested deeper than ${maxDepth} levels; allowed: at most ${maxDepth}`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (v[i] && typeof v[i] === 'object') stack.push([v[i], depth + 1, `${at}[${i}]`]);
      continue;
    }
    for (const k of Object.keys(v)) {
      const path = at ? `${at}.${k}` : k;
      if (FORBIDDEN_KEYS.has(k)) throw new UsageError(`${where}: key ${showValue(path)} is not allowed; keys may not be __proto__, constructor or prototype`);
      const c = (v as Record<string, unknown>)[k];
      if (c && typeof c === 'object') stack.push([c, depth + 1, path]);
    }
  }
}

/** Reads, parses and checks a YAML/JSON user file in one step. */
export function readStructuredFile(path: string, opts: InputFileOptions & { json?: boolean } = {}): unknown {
  return parseStructured(readInputFile(path, opts), path, { json: opts.json ?? /\.json$/i.test(path), what: opts.what });
}

function clip(path: string): string {
  return path.length > 48 ? `${path.slice(0, 45)}...` : path;
}
