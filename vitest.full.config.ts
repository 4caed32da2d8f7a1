import { defineConfig } from 'vitest/config';
import base, { fullOnlyTests, propertySuites } from './vitest.config.js';

/**
 * `npm run test:full`: the slow assurance `npm test` leaves out (bundling with the arm64 binding,
 * the 1M-record week) and the costly property suites at their full run counts. CI runs it after
 * `npm test`; the settings are `vitest.config.ts`'s, without coverage.
 */
export default defineConfig({
  plugins: base.plugins,
  test: {
    ...base.test,
    coverage: { enabled: false },
    projects: [
      {
        extends: true,
        test: {
          name: 'full',
          include: [...fullOnlyTests, ...propertySuites],
          provide: { assurance: 'full' },
        },
      },
    ],
  },
});
