import { z } from 'zod';
import { frameworkIds, reportCatalog } from './environment-values.js';

/** What is reported: the query catalog and the compliance frameworks. */
export const catalogVariables = {
  REPORT_QUERIES: reportCatalog.meta({
    description:
      'Report catalog JSON: custom queries, disabled built-ins, finding and tenant settings (docs/query-catalog.md).',
    unset: 'the built-in catalog',
  }),
  REPORT_QUERIES_FILE: z.string().trim().optional().meta({
    description:
      'A file holding the report catalog JSON, read instead of `REPORT_QUERIES` (not with it). The stack bundles `queryCatalogFile` with the function and sets this to it.',
    unset: 'read `REPORT_QUERIES`',
  }),
  REPORT_FRAMEWORKS_DIR: z.string().trim().min(1).optional().meta({
    description:
      'A folder of framework files (`*.json`, `*.yaml`, `*.yml`) that add frameworks or replace built-in ones by id (docs/frameworks.md). The stack bundles `frameworkFiles` with the function and sets this.',
    unset: 'the built-in frameworks only',
  }),
  REPORT_FRAMEWORKS: frameworkIds.optional().meta({
    description:
      'Framework ids to report, comma-separated, in this order (built-in or from `REPORT_FRAMEWORKS_DIR`).',
    unset: 'every framework',
    examples: ['soc2,pci-dss'],
  }),
};

/** The Lambda's proof that synth already checked the catalog's SQL. */
export const catalogCheckVariables = {
  REPORT_QUERIES_SHA256: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex')
    .optional()
    .meta({
      description:
        'SHA-256 of the catalog text whose SQL DuckDB checked at synth; set by the stack. The same text is not checked again at each invocation.',
      unset: 'the catalog’s SQL is checked at each invocation',
    }),
};
