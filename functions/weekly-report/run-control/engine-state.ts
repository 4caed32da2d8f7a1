import { z } from 'zod';

const statementStateSchema = z.object({
  /** Athena's `ClientRequestToken` of the statement (stable for the run, query and scope). */
  token: z.string(),
  queryId: z.string(),
  scope: z.enum(['project', 'tenants']),
  /** What it computes (athena-statements.ts); a checkpoint saved before kinds holds only tables. */
  kind: z.enum(['table', 'address-totals', 'record-count', 'census', 'latest-logins']).default('table'),
  /** Set once Athena has accepted the statement: a later invocation polls it, never starts it again. */
  executionId: z.string().optional(),
  state: z.enum(['pending', 'running', 'succeeded', 'failed']),
  bytesScanned: z.number().int().nonnegative().optional(),
  /** Why Athena did not finish it (failed, cancelled, stopped at the cutoff). */
  reason: z.string().optional(),
});

/**
 * The engine a run chose and, on Athena, each statement's execution: saved in the checkpoint so a
 * continued invocation resumes the same executions (by ID) instead of choosing or starting again.
 */
export const engineStateSchema = z.object({
  engine: z.enum(['duckdb', 'athena']),
  reason: z.string(),
  /** Collections DuckDB computes, and why not Athena. */
  onDuckDb: z.array(z.object({ collection: z.string(), reason: z.string() })),
  statements: z.array(statementStateSchema),
  /**
   * With tenant reports on Athena: the tenants chosen from the week's census (DuckDB's and Athena's
   * counts merged), saved once so a continued invocation neither recounts nor plans other tenants.
   */
  tenants: z.array(z.string()).optional(),
});

export type EngineState = z.output<typeof engineStateSchema>;
export type StatementState = z.output<typeof statementStateSchema>;
