import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Sizes of the synthetic week when `--sizes` is not given. */
export const DEFAULT_SIZES = [10_000, 100_000, 1_000_000];

const optionsSchema = z.object({
  sizes: z
    .string()
    .regex(/^\s*\d[\d_]*(\s*,\s*\d[\d_]*)*\s*$/, 'a comma-separated list of event counts, e.g. 10000,100000')
    .default(DEFAULT_SIZES.join(','))
    .transform((value) => value.split(',').map((s) => Number(s.trim().replaceAll('_', ''))))
    .pipe(z.array(z.number().int().positive('sizes are positive whole numbers')).min(1)),
  /** Audit searches per minute, raised in both the stand-in and the job so a run takes minutes. */
  rateLimit: z.coerce.number().int().positive().default(100_000),
  /** Deepest `(page + 1) * size` the stand-in serves, and the job's `DESCOPE_MAX_RESULT_WINDOW`. */
  maxResultWindow: z.coerce.number().int().positive().default(10_000),
  /** Also write the measurements and the machine as JSON here. */
  json: z.string().optional(),
  /** Force a full GC in the job every 2 s and report the heap left (lowers the peaks it measures). */
  retainedHeap: z.boolean().default(false),
  /** A credential-stuffing week: every event with its own login ID and address. */
  stuffing: z.boolean().default(false),
  /** Caps the job process's JS heap (`--max-old-space-size`), in MB. @default no cap */
  heapMb: z.coerce.number().int().positive().optional(),
  help: z.boolean().default(false),
});

export type BenchmarkOptions = z.output<typeof optionsSchema>;

export const BENCHMARK_USAGE = `Usage: npm run bench -- [--sizes 10000,100000,1000000] [--rate-limit 100000]
                       [--max-result-window 10000] [--json results.json] [--retained-heap]
                       [--stuffing] [--heap-mb 160]

For each size, generates a synthetic week of LoginFailed events in the Descope stand-in (its own
process), runs the weekly job against it (its own process) with S3 and SES stand-ins, then
recomputes the report from the stored evidence with our code and with DuckDB (one process each).
--retained-heap forces a full GC in the job every 2 s and reports the heap left (a separate run:
the forced collections lower the peaks). --stuffing gives every event its own login ID and address
(a credential-stuffing week); --heap-mb caps the job process's JS heap.`;

/** Reads the benchmark's flags; throws a message naming the bad one. */
export function parseBenchmarkOptions(argv: readonly string[]): BenchmarkOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sizes: { type: 'string' },
      'rate-limit': { type: 'string' },
      'max-result-window': { type: 'string' },
      json: { type: 'string' },
      'retained-heap': { type: 'boolean' },
      stuffing: { type: 'boolean' },
      'heap-mb': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const parsed = optionsSchema.safeParse({
    sizes: values.sizes,
    rateLimit: values['rate-limit'],
    maxResultWindow: values['max-result-window'],
    json: values.json,
    retainedHeap: values['retained-heap'],
    stuffing: values.stuffing,
    heapMb: values['heap-mb'],
    help: values.help,
  });
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `--${String(i.path[0] ?? '?')}: ${i.message}`).join('; ');
    throw new Error(`invalid benchmark options: ${detail}`);
  }
  return parsed.data;
}
