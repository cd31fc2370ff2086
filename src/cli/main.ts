#!/usr/bin/env -S node --max-old-space-size=16384
/** The topoplan bin: everything lives in run.ts so tests and fuzzers can call the same entry point in-process. */
import { run } from './run.js';

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
