/**
 * Issue 17: long accepted work stops cleanly on Ctrl-C, and an out-of-memory abort past the estimate exits 2
 * with the estimate. Both run the built bin as a real subprocess: the bin runs long work in a supervised child
 * (src/cli/supervise.ts), whose parent stays responsive while the child computes synchronously.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';
import { describeError } from '../../src/cli/run.js';
import { forgetAcceptedEstimates, noteAcceptedEstimate } from '../../src/topology/accepted.js';

const main = join(root, 'dist/cli/main.mjs');
const dir = mkdtempSync(join(tmpdir(), 'topoplan-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** ms from the signal to the exit */
  afterSignalMs: number | null;
}

/** The bin's child pids (the supervised node), from /proc: a SIGINT must not leave one running. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => {
      try {
        return require('node:fs').readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** Runs the bin and sends `sig` once `ready(stderr, pid)` holds; resolves with how it ended. */
function runAndSignal(args: string[], sig: NodeJS.Signals, ready: (pid: number) => boolean, env: Record<string, string> = {}): Promise<Exit & { children: number[] }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [main, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sentAt: number | null = null;
    let children: number[] = [];
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    const poll = setInterval(() => {
      if (sentAt === null && p.exitCode === null && ready(p.pid!)) {
        children = childrenOf(p.pid!);
        sentAt = performance.now();
        p.kill(sig);
      }
    }, 20);
    p.on('close', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr, afterSignalMs: sentAt === null ? null : performance.now() - sentAt, children });
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('Ctrl-C during long accepted work', () => {
  it('SIGINT mid-computation: exit 130 within 2 s, one line on stderr, nothing on stdout, no child left running', async () => {
    // ft3:k=48 uniform without symmetry: 1,152 destination leaves routed, several seconds on the reference machine,
    // so it runs supervised; the signal goes once the supervised child exists (it is computing from its first ms)
    let landed: (Exit & { children: number[] }) | undefined;
    for (let attempt = 0; attempt < 4 && !landed; attempt++) {
      const r = await runAndSignal(['traffic', 'ft3:k=48', '--pattern', 'uniform', '--no-symmetry'], 'SIGINT', (pid) => childrenOf(pid).length > 0 && attempt * 300 < 1e9);
      if (r.afterSignalMs !== null && r.code !== 0) landed = r;
    }
    expect(landed, 'the signal landed while computing in one of 4 attempts').toBeDefined();
    const r = landed!;
    expect(r.code).toBe(130);
    expect(r.afterSignalMs!).toBeLessThan(2000);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('topoplan: stopped by SIGINT; interrupted while computing, no output written\n');
    expect(r.children.length).toBe(1);
    for (const c of r.children) expect(alive(c), `child ${c} still running`).toBe(false);
  }, 120_000);

  it('SIGTERM while computing an output file: exit 143, no output and no temporary directory left', async () => {
    const out = mkdtempSync(join(dir, 'term-'));
    const r = await runAndSignal(['generate', 'ft3:k=48', '--format', 'graphml', '-o', join(out, 'x.graphml')], 'SIGTERM', (pid) => childrenOf(pid).length > 0);
    expect(r.afterSignalMs, 'the signal was sent').not.toBeNull();
    expect(r.code).toBe(143);
    // while computing the parent says so; during the write the child's own handler removes its temporary file
    expect(r.stderr).toMatch(/^topoplan: stopped by SIGTERM; (interrupted while computing, no output written|temporary output removed)\n$/);
    expect(readdirSync(out)).toEqual([]);
  }, 120_000);

  it('Ctrl-C on a terminal: the progress bar line is cleared, the cursor shown, one line, exit 130', async () => {
    // util-linux `script` gives the bin a pseudo-terminal; ^C written to it reaches the foreground process group,
    // as a key press does
    const cmd = `${quote(process.execPath)} ${quote(main)} traffic ft3:k=48 --pattern uniform --no-symmetry >/dev/null`;
    const r = await new Promise<{ tty: string; code: number | null; afterMs: number | null }>((resolve) => {
      const p = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
      let tty = '';
      let sent: number | null = null;
      p.stdout.on('data', (b) => {
        tty += b;
        // the bar is drawn (through the parent) before the key is pressed
        if (sent === null && /\] \d+% \| \d+\/1152 \| ETA/.test(tty)) {
          sent = performance.now();
          p.stdin.write('\x03');
        }
      });
      p.on('close', (code) => resolve({ tty, code, afterMs: sent === null ? null : performance.now() - sent }));
    });
    expect(r.afterMs, `the bar was drawn and ^C sent:\n${JSON.stringify(r.tty.slice(-300))}`).not.toBeNull();
    expect(r.code).toBe(130);
    expect(r.afterMs!).toBeLessThan(2000);
    // after the ^C echo: carriage return + erase line (the half-drawn bar), cursor shown, line wrap on, one line
    // eslint-disable-next-line no-control-regex
    expect(r.tty).toMatch(/\r\x1b\[K\x1b\[\?25h\x1b\[\?7htopoplan: stopped by SIGINT; interrupted while computing, no output written\r\n$/);
    // the bar never turns line wrapping off or hides the cursor (a kill at any moment leaves the terminal as it was)
    expect(r.tty).not.toContain('\x1b[?7l');
    expect(r.tty).not.toContain('\x1b[?25l');
  }, 120_000);
});

describe('out of memory past the estimate', () => {
  it('a supervised child whose heap runs out: exit 2, one line with the estimate, the guard and its flag; no temporary file', async () => {
    // TOPOPLAN_CHILD_HEAP_MB runs the child in a 40 MiB heap without refusing the model for it: V8 really runs out
    // and aborts (its multi-line report is swallowed by the parent)
    const out = mkdtempSync(join(dir, 'oom-'));
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [main, 'generate', 'ft3:k=40', '--format', 'graphml', '-o', join(out, 'x.graphml')], { env: { ...process.env, TOPOPLAN_CHILD_HEAP_MB: '40' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (b) => (stderr += b));
      p.on('close', (code) => resolve({ code, stderr }));
    });
    // ft3:k=40 by hand: k³/4 = 16,000 endpoints, 2,000 hosts of 8, 5k²/4 = 2,000 switches, k³/2 = 32,000 links;
    // docs/performance.md: 120 MB + 700 B per node + 800 B per edge (endpoint links, NVLink spokes, links), × 1.6
    // for a GraphML export
    const bytes = (120e6 + (16000 + 2000 + 2000) * 700 + (2 * 16000 + 32000) * 800) * 1.6;
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([
      `topoplan: ft3:k=40: ran out of memory (the JavaScript heap is exhausted) although the model and its export was estimated at about ${(bytes / 2 ** 30).toFixed(1)} GiB, within the 8 GiB memory guard (--max-memory <GiB>) and a 40 MiB heap; the estimate was too low for this input: try a smaller fabric or workload`,
      '',
    ]);
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(join(out, 'x.graphml'))).toBe(false);
  }, 60_000);

  it('an allocation refused in-process (RangeError) names the estimate the guard accepted', () => {
    forgetAcceptedEstimates();
    expect(describeError(new RangeError('Array buffer allocation failed')).line).toMatch(/^topoplan: the input needs more memory than one allocation allows \(Array buffer allocation failed\)/);
    noteAcceptedEstimate({ name: 'ft3:k=64', doing: 'the model', bytes: 0.5 * 2 ** 30, limitGiB: 8 });
    noteAcceptedEstimate({ name: 'ft2:k=8', doing: 'the model', bytes: 0.1 * 2 ** 30, limitGiB: 8 });
    const d = describeError(new RangeError('Array buffer allocation failed'));
    expect(d.code).toBe(2);
    // the largest accepted estimate is the one named
    expect(d.line).toMatch(/^topoplan: ft3:k=64: ran out of memory \(Array buffer allocation failed\) although the model was estimated at about 0\.5 GiB, within the 8 GiB memory guard \(--max-memory <GiB>\) and a [\d.]+ (GiB|MiB) heap/);
    forgetAcceptedEstimates();
  });
});
