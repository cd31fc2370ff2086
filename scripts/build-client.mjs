#!/usr/bin/env node
// Bundles the report's page script (src/render/report/client/main.ts and what it imports) into one IIFE
// next to the compiled report module, dist/src/render/report/client.bundle.js; the report inlines it, so
// the page stays offline and self-contained. Run by `npm run build` after tsc.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { bundleClient } = createRequire(import.meta.url)('./client-bundle.cjs');
const out = join(root, 'dist/src/render/report/client.bundle.js');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bundleClient(root));
