import { join } from 'node:path';
import { z } from 'zod';
import { type EvidenceDatabase, openEvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import { isSafeTenantId } from '../../core/catalog/tenant-id.js';
import type { TenantsNotReported } from '../../core/report/tenant-coverage.js';
import type { TenantChoice } from '../../core/report/tenant-selection.js';
import {
  ADD_TO_CENSUS_SQL,
  BIND_CHOICE_SQL,
  COLLECTION_TENANTS_SQL,
  CREATE_CENSUS_SQL,
  RANKED_TENANTS_SQL,
} from '../../core/sql/tenant-census-sql.js';
import { RENDERED_LINE, RowsChunk } from './rows-chunk.js';
import { TableSink } from './table-sink.js';

/** The week's tenants, decided before any per-tenant work. */
export interface TenantCensus {
  /** The tenants that get a report, by ID. */
  reported: string[];
  /** The tenants past `maxReports`: counted, and listed with their records in a CSV. */
  notReported: TenantsNotReported;
  /** Tenant IDs refused as folder names (shortened), with the records naming them. */
  rejected: Map<string, number>;
}

/** The census's columns, as its statements name them. */
const COUNT_COLUMNS = ['tenant', 'records'];
/** Tenant IDs longer than this are shortened where they are named (they are refused anyway). */
const SHOWN_ID_LENGTH = 80;
/** Rows of the not-reported list held for the report (the CSV file holds them all). */
const LISTED_IN_REPORT = 20;
/** The CSV listing the tenants without a report of their own, in the project folder. */
export const NOT_REPORTED_FILE = 'tenants-not-reported.csv';

/**
 * Counts every collection's tenants into one census (a DuckDB table, so 300,000 tenants cost disk,
 * not heap) and ranks them once: tenants with recipients first, then by records, then by ID. The
 * first `maxReports` safe, included tenants get a report; the rest are counted and listed, row by
 * row, in `tenants-not-reported.csv`; unsafe IDs are refused. The per-tenant statements then run
 * for the reported tenants only, bound as a table.
 */
export async function openTenantCensus(directory: string) {
  const census = await openEvidenceDatabase([], directory, { threads: 1 });
  await census.execute(CREATE_CENSUS_SQL);
  return {
    /** Adds one collection's tenants (its records loaded in `db`). */
    async add(db: EvidenceDatabase): Promise<void> {
      for await (const chunk of (await db.streamTable(COLLECTION_TENANTS_SQL)).chunks) {
        const rows = Array.from({ length: chunk.size }, (_, i) => chunk.cells(i, COUNT_COLUMNS));
        const ids = rows.map(([tenant]) => String(tenant));
        const counts = rows.map(([, records]) => String(records));
        await census.query(ADD_TO_CENSUS_SQL, z.unknown(), [ids, counts]);
      }
    },
    /** Adds counts a collection's census gave elsewhere (Athena's): tenant IDs and their records, in step. */
    async addCounts(tenants: string[], records: string[]): Promise<void> {
      if (tenants.length > 0) await census.query(ADD_TO_CENSUS_SQL, z.unknown(), [tenants, records]);
    },
    /** Ranks the week's tenants and chooses; `tableDirectory` receives the not-reported CSV. */
    async choose(choice: TenantChoice, tableDirectory?: string): Promise<TenantCensus> {
      const include = choice.include ? new Set(choice.include) : undefined;
      const required = [...new Set([...(choice.include ?? []), ...choice.recipients])];
      const reported: string[] = [];
      const rejected = new Map<string, number>();
      const columns = ['tenant_id', 'records'];
      const [recipients, requiredTable] = BIND_CHOICE_SQL;
      await census.query(recipients, z.unknown(), [[...choice.recipients]]);
      await census.query(requiredTable, z.unknown(), [required]);
      const path = tableDirectory ? join(tableDirectory, NOT_REPORTED_FILE) : undefined;
      // Without a file every row stays in memory (tests, small weeks), so the CSV can be rendered whole.
      const sink = new TableSink(
        { table: columns, line: RENDERED_LINE, count: 'records' },
        path ? LISTED_IN_REPORT : Number.POSITIVE_INFINITY,
        path,
      );
      const ranked = await census.streamTable(RANKED_TENANTS_SQL);
      for await (const chunk of ranked.chunks) {
        const rest: Array<[string, number]> = [];
        for (let i = 0; i < chunk.size; i += 1) {
          const [tenant, records] = chunk.cells(i, COUNT_COLUMNS);
          const id = String(tenant);
          const n = Number(records);
          if (!isSafeTenantId(id)) {
            const shown = id.length > SHOWN_ID_LENGTH ? `${id.slice(0, SHOWN_ID_LENGTH)}…` : id;
            rejected.set(shown, (rejected.get(shown) ?? 0) + n);
          } else if (include && !include.has(id)) {
            // Not a tenant this deployment reports on: its events are in the project report only.
          } else if (reported.length < choice.maxReports) reported.push(id);
          else rest.push([id, n]);
        }
        await sink.add(new RowsChunk(columns, rest));
      }
      const { table, counted, csv } = await sink.finish();
      return {
        reported: reported.sort(),
        notReported: {
          tenants: table.rowCount ?? table.rows.length,
          records: counted,
          table,
          file: NOT_REPORTED_FILE,
          csv,
        },
        rejected,
      };
    },
    close: () => census.close(),
  };
}
