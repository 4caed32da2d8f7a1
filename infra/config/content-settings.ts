import { z } from 'zod';
import { list, text } from './context-values.js';

/**
 * Deploy settings of what the reports hold: the query catalog, the frameworks and the accepted
 * risks, each a file validated at synth and bundled with the function. Each `.meta()` is its entry
 * in the configuration reference.
 */
export const contentSettings = {
  queryCatalogFile: text('must be a file path').optional().meta({
    description:
      'JSON file with the report catalog (docs/query-catalog.md), validated and checked by DuckDB at synth and bundled with the function (`REPORT_QUERIES_FILE`, with the SHA-256 of the checked text in `REPORT_QUERIES_SHA256`). Path relative to the directory `cdk` runs in.',
    unset: "the function's built-in queries",
  }),
  frameworkFiles: list(text('must be a file path'), 'must be a list of file paths').optional().meta({
    description:
      'Framework files (JSON or YAML, docs/frameworks.md) that add frameworks or replace built-in ones by id, validated at synth (errors name the file and line) and bundled with the function (`REPORT_FRAMEWORKS_DIR`). Paths relative to the directory `cdk` runs in.',
    unset: 'the built-in frameworks only',
  }),
  frameworks: list(
    text('must be a framework id').pipe(
      z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'every entry must be a framework id' }),
    ),
    'must be a list of framework ids',
  )
    .optional()
    .meta({
      description:
        'Framework ids to report, in this order (`soc2`, `iso27001`, `pci-dss`, `nist-800-53`, `hipaa`, `cis-controls`, or one from `frameworkFiles`); `REPORT_FRAMEWORKS`.',
      unset: 'every framework',
    }),
  exceptionsFile: text('must be a file path').optional().meta({
    description:
      'JSON file of accepted risks (docs/exceptions.md): each exception names a finding by fingerprint or match, its owner, reason, ticket and expiry (at most 365 days). Validated at synth (errors name the file and line) and bundled with the function (`REPORT_EXCEPTIONS_FILE`). Path relative to the directory `cdk` runs in.',
    unset: 'no exceptions: every finding is counted',
  }),
};
