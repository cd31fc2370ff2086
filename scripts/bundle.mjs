#!/usr/bin/env node
// Bundles the CLI with esbuild into dist/cli/ (the package's bin): one file per command, loaded lazily, with
// its dependencies inlined, so a run reads a handful of files instead of ~340 modules. `npm run build` runs it
// after tsc; dist/src/ (tsc's output) stays the library and the test entry.
import { build } from 'esbuild';
import { rmSync, chmodSync } from 'node:fs';

rmSync('dist/cli', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies call require() for Node built-ins
  banner: { js: "import { createRequire as __topoplanRequire } from 'node:module'; const require = __topoplanRequire(import.meta.url);" },
  // the report inlines some functions' source text into the page: keep their names
  keepNames: false,
  minify: false,
  logLevel: 'warning',
});
chmodSync('dist/cli/main.mjs', 0o755);
