// vitest settings for the mutation run (stryker.config.mjs): only the test files that exercise the mutated
// module (TOPOPLAN_MUTATE_TESTS), and no build step: the mutants live in src/, which these tests import.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: (process.env.TOPOPLAN_MUTATE_TESTS ?? 'test/render/escape.test.ts').split(','),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
