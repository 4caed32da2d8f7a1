import { readFile } from 'node:fs/promises';
import { defineConfig, type Plugin } from 'vitest/config';
import { SHELL_MANAGEMENT_KEY } from './test/infra/support/shell-environment.js';
import SuiteSequencer from './test/support/suite-sequencer.js';

/**
 * Loads `*.hbs` templates and the built-in `*.yaml` framework files as strings, as esbuild's text
 * loader does for the Lambda bundle and the CLI.
 */
function handlebarsText(): Plugin {
  return {
    name: 'hbs-text',
    async load(id) {
      if (!id.endsWith('.hbs') && !id.endsWith('.yaml')) return null;
      return `export default ${JSON.stringify(await readFile(id, 'utf8'))};`;
    },
  };
}

/**
 * Tests that start the local stand-ins (Descope API, S3, SES, Secrets Manager, Lambda), child
 * processes or a browser, or run the use case and its aggregation over DuckDB. Every other test is
 * a unit test: pure code, fakes, one adapter, or the CDK template, each file in well under a second.
 */
const integrationTests = [
  'test/e2e/**/*.test.ts',
  'test/**/*.e2e.test.ts',
  'test/local/**/*.test.ts',
  'test/adapters/conditional-writes.test.ts',
  'test/adapters/s3-report-store-retry.test.ts',
  'test/adapters/http-channel-transport.test.ts',
  'test/adapters/descope-role-remover.test.ts',
  'test/review-page/review-handler.test.ts',
  'test/adapters/duckdb-sandbox.test.ts',
  'test/binder-printer/print-binder.test.ts',
  'test/weekly-report/entry/scheduled-binder.test.ts',
  'test/core/role-change-shapes/*.test.ts',
  'test/core/sql/change-detail-equivalence.test.ts',
  'test/core/sql/role-change-tenants.test.ts',
  'test/core/sql/role-changes.test.ts',
  'test/core/sql/sql-equivalence.test.ts',
  'test/core/sql/trino/trino-equivalence.test.ts',
  'test/core/sql/trino/trino-grammar.test.ts',
  'test/core/sql/trino/stream-sql-trino.test.ts',
  'test/core/sql/trino/latest-logins-trino.test.ts',
  'test/core/sql/trino/stream-records-trino.test.ts',
  'test/core/sql/trino/address-totals-trino.test.ts',
  'test/core/sql/trino/athena-statements.test.ts',
  'test/core/sql/trino/role-reader-trino.test.ts',
  'test/local/athena-stand-in.test.ts',
  'test/doctor/doctor-against-stand-ins.test.ts',
  'test/weekly-report/run-weekly-report.test.ts',
  'test/weekly-report/access-review/**/*.test.ts',
  'test/weekly-report/aggregate/**/*.test.ts',
  'test/weekly-report/collect/collect-against-stand-in.test.ts',
  'test/weekly-report/collect/stream/stream-evidence-source.test.ts',
  'test/weekly-report/entry/continuation.test.ts',
  'test/weekly-report/entry/handler.test.ts',
  'test/weekly-report/entry/day-schedule.test.ts',
  'test/weekly-report/entry/rollup-schedule.test.ts',
  'test/weekly-report/entry/secrets-stay-out-of-logs.test.ts',
  'test/weekly-report/history/**/*.test.ts',
  'test/weekly-report/publish/announce-sealed.test.ts',
  'test/weekly-report/publish/export-ocsf.test.ts',
  'test/weekly-report/publish/revisions.test.ts',
  'test/weekly-report/rollup-verified-weeks.test.ts',
  'test/weekly-report/run-control/**/*.test.ts',
  // Renders the precompiled OCSF validators again to compare them with the committed module.
  'test/scripts/ocsf-schema/class-validators.test.ts',
];

/**
 * End-to-end tests that read the one shared demo run (`demoRun()`, test/support/demo-run.ts) instead
 * of running the job themselves; the `demo` project's global setup runs it once.
 */
const demoTests = ['test/**/*.demo.test.ts'];

/**
 * End-to-end tests that start from a shared scenario the `stored` project's global setup stores
 * once per run (test/support/fixtures-stored/), each in its own copy of the stored bucket: 2026-W47's
 * seven daily reviews, and 2026-W46 and 2026-W47 of the demo.
 */
const storedTests = [
  'test/e2e/stream-week-daily-reviews.e2e.test.ts',
  'test/e2e/week-from-days.e2e.test.ts',
  'test/e2e/old-week-from-days.e2e.test.ts',
  'test/e2e/binder.e2e.test.ts',
  'test/e2e/front-door.e2e.test.ts',
];

/**
 * Slow assurance only `npm run test:full` runs (vitest.full.config.ts): bundling with the arm64
 * binding, the 1M-record week, the 600 MB evidence part, and the whole-folder stream/search
 * equivalence (two demo-week runs through the stand-ins; `npm test` keeps its faster equivalents:
 * the stream source writes the search's evidence parts byte for byte,
 * test/weekly-report/collect/stream/stream-evidence-source.test.ts, and the job reads the stream
 * end to end, test/e2e/stream-source.e2e.test.ts).
 */
export const fullOnlyTests = [
  'test/infra/function-asset.test.ts',
  'test/local/audit-record-store-scale.test.ts',
  'test/weekly-report/aggregate/evidence-reader-scale.test.ts',
  'test/core/sql/trino/role-reader-trino-grammar.test.ts',
  'test/e2e/stream-equivalence.e2e.test.ts',
];

/**
 * The costly property suites (each case a job run or a DuckDB database): `npm test` runs a tenth of
 * their cases (`propertyRuns` in test/support/assurance.ts), `npm run test:full` all of them.
 */
export const propertySuites = [
  'test/e2e/property/*.test.ts',
  'test/core/sql/change-detail-equivalence.test.ts',
  'test/core/sql/sql-equivalence.test.ts',
];

export default defineConfig({
  plugins: [handlebarsText()],
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Processes (DuckDB's native binding, child processes), two at a time on a two-core machine.
    // Not isolated: a worker imports the AWS SDK, DuckDB and aws-cdk-lib once for all its files, so
    // no test may leave state behind (process.env, mocks, timers, log level): see docs/development.md.
    pool: 'forks',
    isolate: false,
    maxWorkers: 2,
    // The long integration files first, while the demo run and the stored scenarios are built.
    sequence: { sequencer: SuiteSequencer },
    // Transformed modules are kept in node_modules/.experimental-vitest-cache between runs (keyed by content,
    // configuration and coverage), so a second `npm test` does not transform the sources again.
    experimental: { fsModuleCache: true },
    // The DuckDB sandbox's worker, bundled once for the run (every project; the demo project's too).
    // And one folder for the run's temporary files, removed when it ends.
    globalSetup: ['test/support/test-temp-setup.ts', 'test/support/sandbox-worker-setup.ts'],
    setupFiles: ['test/support/sandbox-worker.ts'],
    // Read by Powertools when the logger is created: a test that reads the log sets the level.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...integrationTests, ...demoTests, ...fullOnlyTests],
          provide: { assurance: 'quick' },
          // As in a shell where the CLI's key is set: no CDK template may carry it.
          env: { DESCOPE_MANAGEMENT_KEY: SHELL_MANAGEMENT_KEY },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: integrationTests,
          exclude: [...demoTests, ...storedTests, ...fullOnlyTests],
          provide: { assurance: 'quick' },
          // The handler's runs print no metrics (the unit tests of the metrics read them).
          env: { POWERTOOLS_METRICS_DISABLED: 'true' },
        },
      },
      {
        extends: true,
        test: {
          name: 'demo',
          include: demoTests,
          // The demo `npm start` runs, once for every file of this project (only when one is run), in
          // the background beside the other projects' first files; each demo file waits for it.
          globalSetup: ['test/support/demo-run-setup.ts'],
          setupFiles: ['test/support/demo-run-wait.ts'],
          provide: { assurance: 'quick' },
        },
      },
      {
        extends: true,
        test: {
          name: 'stored',
          include: storedTests,
          exclude: fullOnlyTests,
          // The scenarios' runs start in the background with the suite; the files wait for them.
          globalSetup: [
            'test/support/fixtures-stored/stored-days-setup.ts',
            'test/support/fixtures-stored/stored-weeks-setup.ts',
          ],
          provide: { assurance: 'quick' },
          env: { POWERTOOLS_METRICS_DISABLED: 'true' },
        },
      },
    ],
    // On with `npm test` (`--coverage`), off for a single file and `npm run test:unit`.
    coverage: {
      provider: 'v8',
      include: ['functions/**/*.ts', 'infra/**/*.ts'],
      // The benchmark harness is a measuring tool run by `npm run bench*`, not the product: its
      // figures go to BENCHMARKS.md, and counting it here would only dilute the product's coverage.
      exclude: ['functions/templates.d.ts', 'functions/local/benchmark/**'],
      reporter: ['text-summary', 'html', 'json-summary'],
      // Just under the suite's figures (statements 91.3, branches 81.3, functions 93.9, lines 92.8):
      // a change that lowers coverage fails `npm test`. Raise them as coverage grows.
      thresholds: { statements: 90.5, branches: 80.5, functions: 93, lines: 92 },
    },
  },
});
