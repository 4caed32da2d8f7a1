import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { parseArgs, promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import { ENGINE_MEMORY_LIMIT, openEvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import { BUILTIN_QUERIES } from '../../core/catalog/builtin-queries.js';
import { parseIsoWeek } from '../../core/period/period.js';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { formatEvidenceLine } from '../../core/records/evidence-line.js';
import { rowCount } from '../../core/report/rows-held.js';
import { compileQuery } from '../../core/sql/compile-query.js';
import { loadRecordsSql } from '../../core/sql/evidence-relation.js';
import { sqlText } from '../../core/sql/sql-literal.js';
import { runSqlQueries } from '../../weekly-report/aggregate/sql-aggregation.js';

/*
 * A credential-stuffing week: N failed logins, each with a new login ID and a new address (the
 * cardinality an attacker chooses), through the engine as a run uses it and through DuckDB bare
 * (same load, same statements, rows left in DuckDB's own form). Each in its own process with the
 * JS heap capped (`--heap-mb`, default 160); peak RSS is the kernel's high-water mark.
 *   node .build/run-stuffing-week.mjs --events 300000,3000000
 */

const week = parseIsoWeek('2026-W47');
const GEOS = ['US', 'DE', 'RO', 'VN', 'BR', 'IN', ''];
const queries = BUILTIN_QUERIES.filter((q) => q.collection === 'login-failures');

async function generate(file: string, events: number): Promise<void> {
  async function* lines() {
    for (let n = 0; n < events; n += 1) {
      const record: AuditRecord = {
        id: `stuff-${n}`,
        projectId: 'P2Bench',
        userId: n % 10 === 0 ? `U${n % 5000}` : '',
        action: 'LoginFailed',
        occurred: week.from + Math.floor((n / events) * (week.to - week.from)),
        device: 'Bot',
        method: 'password',
        geo: GEOS[n % GEOS.length] ?? '',
        remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}/${n >> 24}`,
        loginIds: [`victim-${n}@example.com`],
        tenants: [],
        data: { error_message: 'wrong password' },
        type: 'info',
        actorId: '',
      };
      yield formatEvidenceLine(record);
    }
  }
  await pipeline(lines, createGzip(), createWriteStream(file));
}

async function measure(mode: string, file: string, work: string): Promise<Record<string, number>> {
  const started = performance.now();
  let rows = 0;
  if (mode === 'engine') {
    const db = await openEvidenceDatabase([file], work);
    try {
      // As a run does it: every table streams into its CSV file; only the rows the report reads stay.
      const output = { directory: join(work, 'tables'), addressMinimum: 20 };
      for (const r of await runSqlQueries(db, queries, week, output)) rows += rowCount(r.table);
    } finally {
      db.close();
    }
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(join(work, 'bare.duckdb'), {
      memory_limit: ENGINE_MEMORY_LIMIT,
      threads: '2',
      temp_directory: join(work, 'spill'),
    });
    const connection = await instance.connect();
    await connection.run(loadRecordsSql([file]));
    // DuckDB writes each table's CSV itself (COPY), the fastest it can produce the same tables.
    for (const q of queries) {
      const target = sqlText(join(work, `${q.id}.csv`));
      const copy = `COPY (${compileQuery(q, week, { tenant: false }).sql}) TO ${target} (HEADER)`;
      const [[written] = []] = (await connection.runAndReadAll(copy)).getRowsJS();
      rows += Number(written);
    }
    connection.closeSync();
    instance.closeSync();
  }
  const ms = performance.now() - started;
  return {
    ms: Math.round(ms),
    rows,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '300000' },
      'heap-mb': { type: 'string', default: '160' },
      mode: { type: 'string' },
      file: { type: 'string' },
      work: { type: 'string' },
    },
  });
  if (values.mode && values.file && values.work) {
    process.stdout.write(JSON.stringify(await measure(values.mode, values.file, values.work)));
    return;
  }
  console.log(`JS heap capped at ${values['heap-mb']} MB in each measured process.`);
  console.log(
    '| events (distinct login IDs and addresses) | engine time | engine peak RSS | bare DuckDB time | bare peak RSS | overhead |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const events of (values.events ?? '').split(',').map(Number)) {
    const dir = await mkdtemp(join(tmpdir(), 'stuffing-week-'));
    try {
      const file = join(dir, 'part-0001.ndjson.gz');
      await generate(file, events);
      const run = async (mode: string) => {
        const work = await mkdtemp(join(dir, `${mode}-`));
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [
            `--max-old-space-size=${values['heap-mb']}`,
            process.argv[1] ?? '',
            '--mode',
            mode,
            '--file',
            file,
            '--work',
            work,
          ],
          { maxBuffer: 1 << 20 },
        );
        return JSON.parse(stdout) as Record<string, number>;
      };
      const engine = await run('engine');
      const bare = await run('bare');
      console.log(
        `| ${events.toLocaleString('en')} | ${engine.ms} ms | ${engine.peakRssMb} MB | ${bare.ms} ms | ${bare.peakRssMb} MB | ${((engine.ms ?? 0) / (bare.ms ?? 1)).toFixed(2)} |`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

await main();
