import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rebuild dist/ first when src/ is newer: CLI tests spawn the built bin.
    globalSetup: ['test/setup/build-if-stale.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files are independent (each uses its own mkdtemp directory; artifacts have distinct names), so run
    // them two at a time in child processes; vitest's default on 2 cores is a single worker.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
