/** Where the CLI writes: the process's streams for the bin, captured buffers for in-process callers (tests, fuzz). */
export interface Sink {
  write(chunk: string): unknown;
}
export interface CliIO {
  stdout: Sink;
  stderr: Sink;
}

/** Commands write through `io.stdout` / `io.stderr` so `run` can redirect them without touching `process`. */
export const io: CliIO = { stdout: process.stdout, stderr: process.stderr };
