import { z } from 'zod';
import { positiveInt } from './environment-values.js';

/** The scheduled rollups' binder, printed by the binder printer function (x86-64, Chromium). */
export const binderVariables = {
  BINDER_PRINTER_FUNCTION: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Lambda function name')
    .optional()
    .meta({
      description:
        'The binder printer function the monthly and quarterly rollups invoke to print `binder.pdf` (the report function runs on ARM64, where the bundled Chromium does not); the stack sets it with those schedules. A failed print stores the rollup without the binder and states why in its summary.json and report.',
      unset: 'the scheduled rollups state binder.pdf as not produced',
    }),
  BINDER_PRINT_TIMEOUT_MS: positiveInt(180_000).meta({
    description:
      'How long one binder print may take, page upload to PDF read back (ms); past it the rollup is stored with the binder stated as not produced.',
  }),
};
