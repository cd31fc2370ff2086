#!/usr/bin/env node
/** The topoplan bin: process guards, then one command through run(). */
import { run } from './run.js';
import { installProcessGuards } from './process-guards.js';

installProcessGuards();
run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
