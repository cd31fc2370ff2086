// StrykerJS 9.6 with the vitest runner, run per core module by scripts/mutate.mjs (`npm run mutate`).
// No TypeScript checker plugin: it needs the compiler API that TypeScript 7 does not have; a mutant that
// would not type-check still runs and is usually killed at once (or reported as a runtime error).
// scripts/mutate.mjs sets TOPOPLAN_MUTATE_FILES (what to mutate), TOPOPLAN_MUTATE_TESTS (which test files
// run: vitest.mutate.config.ts reads it) and TOPOPLAN_MUTATE_NAME (report name).
const name = process.env.TOPOPLAN_MUTATE_NAME ?? 'all';
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  // TOPOPLAN_MUTATE_COVERAGE=all runs every listed test on every mutant (slower; see docs/testing.md on perTest verdicts)
  coverageAnalysis: process.env.TOPOPLAN_MUTATE_COVERAGE ?? 'perTest',
  // Stryker rewrites tsconfig.json's paths with the TypeScript compiler API, which TypeScript 7 lacks:
  // point it at a file that does not exist so it leaves the (self-contained) tsconfig alone.
  tsconfigFile: 'tsconfig.stryker-absent.json',
  mutate: (process.env.TOPOPLAN_MUTATE_FILES ?? 'src/render/report/encode.ts').split(','),
  ignorePatterns: ['test-artifacts', 'reports', 'bench/results', '.tmp', '*.html', '.stryker-tmp*'],
  reporters: ['clear-text', 'json', 'progress-append-only'],
  // Static mutants (module-level constants) would rerun every test file per mutant; they are skipped and
  // reported as Ignored, which the score leaves out.
  ignoreStatic: (process.env.TOPOPLAN_MUTATE_COVERAGE ?? 'perTest') === 'perTest',
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  concurrency: Number(process.env.TOPOPLAN_MUTATE_CONCURRENCY ?? 2),
  // a mutant that loops forever is killed by timeout: netTime · timeoutFactor + timeoutMS (ms)
  timeoutMS: Number(process.env.TOPOPLAN_MUTATE_TIMEOUT_MS ?? 5000),
  dryRunTimeoutMinutes: 30,
  timeoutFactor: 2,
  // a second run at the same time needs its own sandbox directory (TOPOPLAN_MUTATE_TMP=.stryker-tmp-2)
  tempDirName: process.env.TOPOPLAN_MUTATE_TMP ?? '.stryker-tmp',
  cleanTempDir: true,
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
};
