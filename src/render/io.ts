/**
 * Output helpers: output-path checks made before any work starts, and symlink-safe atomic writes.
 * A write goes to a fresh private directory made by mkdtemp beside the target (unpredictable name,
 * created exclusively, mode 0700), into a file opened with O_EXCL|O_NOFOLLOW, and is then renamed
 * over the target. Nothing is ever written through a name someone else could have planted, and
 * rename replaces a symlink at the target itself rather than following it.
 */
import { closeSync, constants, fstatSync, mkdtempSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync, accessSync, lstatSync, fsyncSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError, showValue } from '../errors.js';
import { inputsRead } from '../topology/input-file.js';

/**
 * Temporary directories alive now. While there is one, SIGINT/SIGTERM remove it before exiting
 * (128 + signal); otherwise the default disposition stays, so Ctrl-C still stops a long computation
 * at once (a handler could not run until synchronous work yields).
 */
const live = new Set<string>();
/** told of every temporary directory made and dropped: a supervising parent removes the ones a crash leaves */
let observer: ((dir: string, alive: boolean) => void) | undefined;
export function observeTempDirs(fn: ((dir: string, alive: boolean) => void) | undefined): void {
  observer = fn;
}
export function liveTempDirs(): ReadonlySet<string> {
  return live;
}
export function removeLiveTemps(): void {
  for (const d of live) rmSync(d, { recursive: true, force: true });
  live.clear();
  disarm();
}
const onInt = () => onSignal('SIGINT', 130);
const onTerm = () => onSignal('SIGTERM', 143);
function onSignal(sig: string, code: number): void {
  removeLiveTemps();
  process.stderr.write(`topoplan: stopped by ${sig}; temporary output removed\n`);
  process.exit(code);
}
let armed = false;
function arm(): void {
  if (!armed) {
    armed = true;
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  }
}
function disarm(): void {
  if (live.size === 0 && armed) {
    armed = false;
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}


/**
 * Checks an output path before any work: non-empty, its directory exists and is writable, it is not
 * a directory or a special file, and it is not one of the inputs. `flag` names the option in messages.
 */
export function checkOutputPath(path: string, flag = '--out', inputPaths: string[] = []): void {
  if (path === '') throw new UsageError(`${flag} = "": an empty path; give a file name`);
  if (path.includes('\0')) throw new UsageError(`${flag} = ${showValue(path)}: a file name may not contain NUL`);
  const dir = dirname(resolve(path));
  let dst;
  try {
    dst = statSync(dir);
  } catch {
    throw new UsageError(`${flag} = ${showValue(path)}: directory ${showValue(dirname(path))} does not exist; create it first`);
  }
  if (!dst.isDirectory()) throw new UsageError(`${flag} = ${showValue(path)}: ${showValue(dirname(path))} is not a directory`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(`${flag} = ${showValue(path)}: directory ${showValue(dirname(path))} is not writable`);
  }
  let st;
  try {
    st = lstatSync(path);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink()) {
    // rename replaces the link itself; still refuse when it points at an input
    try {
      st = statSync(path);
    } catch {
      st = undefined;
    }
  }
  if (st?.isDirectory() || path.endsWith('/')) throw new UsageError(`${flag} = ${showValue(path)}: is a directory; give a file name`);
  if (st && !st.isFile()) throw new UsageError(`${flag} = ${showValue(path)}: is not a regular file; allowed: a new or regular file`);
  if (/^\/(proc|sys|dev)\//.test(resolve(path))) throw new UsageError(`${flag} = ${showValue(path)}: is a system file; give a file in a writable directory`);
  let real: string | undefined;
  try {
    real = realpathSync(path);
  } catch {
    real = undefined;
  }
  if (real) {
    const clash = [...inputsRead(), ...inputPaths.map((p) => safeReal(p))].find((p) => p === real);
    if (clash) throw new UsageError(`${flag} = ${showValue(path)}: is an input of this command; write to another file`);
  }
}

function safeReal(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** A private temp directory beside `path` (same file system, so the rename is atomic). */
interface Temp {
  dir: string;
  tmp: string;
  fd: number;
  closed: boolean;
}

function openTemp(path: string): Temp {
  let dir: string;
  // the handlers go first: a signal from the moment the directory exists is caught (and removes it)
  arm();
  try {
    dir = mkdtempSync(join(dirname(resolve(path)), `.${basename(path).slice(0, 40)}.tmp-`));
  } catch (e) {
    disarm();
    throw writeError(path, e);
  }
  live.add(dir);
  observer?.(dir, true);
  const tmp = join(dir, 'out');
  try {
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    return { dir, tmp, fd, closed: false };
  } catch (e) {
    drop(dir);
    throw writeError(path, e);
  }
}

function drop(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
  observer?.(dir, false);
  disarm();
}

function commit(path: string, t: Temp): void {
  if (!fstatSync(t.fd).isFile()) throw new Error('temporary file replaced');
  fsyncSync(t.fd);
  closeTemp(t);
  renameSync(t.tmp, path);
  drop(t.dir);
}

function closeTemp(t: Temp): void {
  if (t.closed) return;
  t.closed = true;
  closeSync(t.fd);
}

function writeError(path: string, e: unknown): UsageError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT' ? 'its directory does not exist' :
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied; choose a writable directory' :
    code === 'EISDIR' ? 'is a directory; give a file name' :
    code === 'ENOSPC' ? 'no space left on the device' :
    code === 'EXDEV' ? 'cannot be replaced atomically across file systems' :
    `cannot be written (${code ?? (e as Error)?.message})`;
  return new UsageError(`output ${showValue(path)}: ${why}`);
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  checkOutputPath(path, 'output');
  const t = openTemp(path);
  try {
    writeAll(t.fd, data);
    commit(path, t);
  } catch (e) {
    closeTemp(t);
    drop(t.dir);
    throw e instanceof UsageError ? e : writeError(path, e);
  }
}

/**
 * Writes chunks to a temp file and renames it into place; for outputs too large for one string.
 * Yields to the event loop between chunks so that SIGINT/SIGTERM can remove the temp file.
 */
export async function writeChunksAtomic(path: string, chunks: Iterable<string>): Promise<void> {
  checkOutputPath(path, 'output');
  const t = openTemp(path);
  try {
    let pending = 0;
    for (const c of chunks) {
      writeAll(t.fd, c);
      pending += c.length;
      if (pending > 1 << 18) {
        pending = 0;
        await new Promise((r) => setImmediate(r));
      }
    }
    await new Promise((r) => setImmediate(r)); // a signal that came during the last chunk is handled now
    commit(path, t);
  } catch (e) {
    closeTemp(t);
    drop(t.dir);
    throw e instanceof UsageError ? e : writeError(path, e);
  }
}
