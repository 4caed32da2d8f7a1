/**
 * A realistic-looking management key in the environment of every unit test (`vitest.config.ts`),
 * as in the shell where someone runs `cdk` with the CLI's key set: no template or assembly file
 * may carry it (`descope-secret.test.ts`).
 */
export const SHELL_MANAGEMENT_KEY = 'K2SampleManagementKey0123456789abcdefDoNotLeak';
