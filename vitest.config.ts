import { defineConfig } from 'vitest/config';

// Files with wall-clock limits (hostile inputs must exit 2 "in under 5 s") run in a second group, after
// the others, one file at a time, so the parallel workers of the first group cannot push them over.
const TIMED = ['test/cli/hostile.test.ts'];

export default defineConfig({
  test: {
    // Rebuild dist/ first when src/ is newer: CLI tests spawn the built bin.
    globalSetup: ['test/setup/build-if-stale.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files are independent (each uses its own mkdtemp directory; artifacts have distinct names), so run
    // them two at a time in child processes; vitest's default on 2 cores is a single worker.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: ['**/node_modules/**', ...TIMED], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'timed', include: TIMED, sequence: { groupOrder: 1 }, fileParallelism: false } },
    ],
  },
});
