import type { ComputeEngine } from './choose-engine.js';

/** One Athena statement of a run: the query it computed, its execution, the bytes it scanned. */
export interface AthenaStatementFacts {
  queryId: string;
  /** `project`, or the tenant statements' scope. */
  scope: 'project' | 'tenants';
  /** Absent for a query's table; else the address totals a finding reads, an expansion's record count, or a collection's tenant census. */
  kind?: 'address-totals' | 'record-count' | 'census' | 'latest-logins';
  executionId: string;
  bytesScanned: number;
  /** Why Athena did not finish it (failed, cancelled, stopped at the cutoff): its tables are gaps. */
  failure?: string;
}

/**
 * Which engine computed a report and, for Athena, what ran: stated in summary.json (`engine`) so an
 * auditor can look each execution up in the account's Athena history.
 */
export interface EngineFacts {
  engine: ComputeEngine;
  /** Why this engine (the setting, or the estimate against the threshold). */
  reason: string;
  /** Athena only: every statement, in run order. */
  statements?: AthenaStatementFacts[];
  /** Athena only: the bytes all statements scanned. */
  bytesScanned?: number;
  /** Athena only: what the statements cost at the published price, US dollars. */
  costUsd?: number;
  /** Collections DuckDB computed in the function all the same, and why not Athena. */
  onDuckDb?: Array<{ collection: string; reason: string }>;
}
