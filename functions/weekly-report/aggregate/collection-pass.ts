import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  evidenceDatabaseFile,
  openEvidenceDatabase,
  type QueryEngineLimits,
} from '../../adapters/duckdb-query-engine.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { RECORDS } from '../../core/sql/compile-query.js';
import { outsidePeriodSql } from '../../core/sql/evidence-relation.js';
import { CUSTOM_SQL_LIMITS, type SqlLimits } from '../../core/sql/sql-limits.js';
import { computeCollectionTables } from './collection-tables.js';
import type { EvidencePart } from './evidence-reader.js';
import { findLatestLogins } from './latest-logins.js';
import { runCustomSqlQueries, type TableOutput } from './sql-aggregation.js';
import { stageEvidence } from './stage-evidence.js';

const countRow = z.object({ records: z.number().int().nonnegative() });

/** What a collection's pass needs from the run. */
export interface CollectionPassSettings {
  store: ReportStore;
  period: ReportPeriod;
  /** A rollup: records outside `period` are left out (it reads whole weeks). */
  clipToPeriod: boolean;
  workDirectory?: string;
  limits?: QueryEngineLimits;
  sqlLimits?: SqlLimits;
  loginsOf?: readonly string[];
  output: TableOutput;
}

/** A collection staged and loaded into its own database file, closed until its tables are computed. */
export interface LoadedCollection {
  plan: CollectionPlan;
  directory: string;
}

/**
 * Stages a collection's parts (size and SHA-256 checked) to local disk and loads them into the
 * collection's database file; `visit` sees the loaded records before the database is closed (the
 * tenant census counts them there).
 */
export async function loadCollection(
  settings: CollectionPassSettings,
  plan: CollectionPlan,
  parts: EvidencePart[],
  visit?: (db: Awaited<ReturnType<typeof openEvidenceDatabase>>) => Promise<void>,
): Promise<LoadedCollection> {
  const directory = await mkdtemp(join(settings.workDirectory ?? tmpdir(), 'evidence-'));
  try {
    const files = await stageEvidence(settings.store, parts, join(directory, 'evidence'));
    const db = await openEvidenceDatabase(files, directory, settings.limits);
    try {
      if (settings.clipToPeriod) await db.execute(outsidePeriodSql(settings.period));
      await visit?.(db);
    } finally {
      db.close();
    }
    return { plan, directory };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A loaded collection's tables: the built-ins (and each reported tenant's) on its database, then
 * each custom statement in its own sandbox over the closed database (one that outgrows its limits
 * is stopped there, and this process goes on). The collection's files are removed afterwards.
 */
export async function computeCollection(
  settings: CollectionPassSettings,
  loaded: LoadedCollection,
  reportedTenants?: readonly string[],
) {
  const { plan, directory } = loaded;
  try {
    const db = await openEvidenceDatabase(undefined, directory, settings.limits);
    let computed: Awaited<ReturnType<typeof computeCollectionTables>> & {
      logins: Map<string, number>;
      records: number;
    };
    try {
      const tables = await computeCollectionTables(
        db,
        plan.queries,
        settings.period,
        reportedTenants,
        settings.output,
      );
      const logins = await findLatestLogins(db, plan, settings.loginsOf ?? []);
      const [{ records } = { records: 0 }] = await db.query(
        `SELECT count(*) AS records FROM ${RECORDS}`,
        countRow,
      );
      computed = { ...tables, logins, records };
    } finally {
      db.close();
    }
    const engine = {
      database: evidenceDatabaseFile(directory),
      workDirectory: directory,
      limits: settings.sqlLimits ?? CUSTOM_SQL_LIMITS,
      records: computed.records,
    };
    computed.project.push(
      ...(await runCustomSqlQueries(engine, plan.queries, settings.period, settings.output)),
    );
    return computed;
  } finally {
    await dropCollection(loaded);
  }
}

/** Removes a loaded collection's files (its staged parts, database and spills). */
export const dropCollection = (loaded: LoadedCollection) =>
  rm(loaded.directory, { recursive: true, force: true });
