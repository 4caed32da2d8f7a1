import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { z } from 'zod';
import { evidenceDatabaseFile, openEvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import { BUILTIN_QUERIES } from '../../core/catalog/builtin-queries.js';
import { sqlQueryDefinitionSchema } from '../../core/catalog/query-definition.js';
import { parseIsoWeek } from '../../core/period/period.js';
import { formatEvidenceLine } from '../../core/records/evidence-line.js';
import { CUSTOM_SQL_LIMITS } from '../../core/sql/sql-limits.js';
import { runCustomSqlQueries, runSqlQueries } from '../../weekly-report/aggregate/sql-aggregation.js';
import { sampleTreeMemory, treeResidentBytes } from './process-tree-memory.js';

/*
 * The four custom statements that used to take the run down, each run as a run runs it (its own
 * DuckDB sandbox over the collection's closed evidence database, under the default limits), after
 * this process computed the built-in login-failure tables of a credential-stuffing week (so the
 * job's own memory is what it is when a run reaches its custom statements). Resident memory of
 * this process and every process below it is sampled every 10 ms.
 *   npm run -s build:cli && node .build/run-sql-limits.mjs --events 1000000
 */

const week = parseIsoWeek('2026-W47');
const ATTACKS: Record<string, string> = {
  'unnest(range(100000000))': 'SELECT count(*) AS n FROM (SELECT unnest(range(100000000))) ORDER BY 1',
  "repeat('x', 1500000000)": "SELECT length(repeat('x', 1500000000)) AS n ORDER BY 1",
  'unbounded WITH RECURSIVE':
    'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) AS c FROM t ORDER BY 1',
  'triple self-join': 'SELECT count(*) AS c FROM records a, records b, records c ORDER BY 1',
};

async function generate(file: string, events: number): Promise<void> {
  async function* lines() {
    for (let n = 0; n < events; n += 1) {
      yield formatEvidenceLine({
        id: `e-${n}`,
        projectId: 'P2Bench',
        userId: '',
        action: 'LoginFailed',
        occurred: week.from + Math.floor((n / events) * (week.to - week.from)),
        device: 'Bot',
        method: 'password',
        geo: ['US', 'DE', 'RO'][n % 3] ?? '',
        remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
        loginIds: [`victim-${n}@example.com`],
        tenants: [],
        data: { error_message: 'wrong password' },
        type: 'info',
        actorId: '',
      });
    }
  }
  await pipeline(lines, createGzip(), createWriteStream(file));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
  const events = Number(values.events);
  const dir = await mkdtemp(join(tmpdir(), 'sql-limits-'));
  try {
    const file = join(dir, 'part-0001.ndjson.gz');
    await generate(file, events);
    const work = await mkdtemp(join(dir, 'work-'));
    const output = { directory: join(work, 'tables'), addressMinimum: 20 };
    const db = await openEvidenceDatabase([file], work);
    try {
      await runSqlQueries(
        db,
        BUILTIN_QUERIES.filter((q) => q.collection === 'login-failures'),
        week,
        output,
      );
    } finally {
      db.close();
    }
    const before = await treeResidentBytes(process.pid);
    const limits = CUSTOM_SQL_LIMITS;
    console.log(
      `${events.toLocaleString('en-US')} events loaded; the job process holds ${Math.round(before.root / 2 ** 20)} MB when it reaches the custom statements.`,
    );
    console.log(
      `Limits: ${limits.timeMs / 1000} s, process ${limits.processMemoryMb} MB, DuckDB ${limits.duckdbMemoryMb} MB, temp ${limits.tempMb} MB, ${limits.threads} thread.`,
    );
    const engine = { database: evidenceDatabaseFile(work), workDirectory: work, limits, records: events };
    // First: a statement stopped by a limit is killed, and its file lock goes only when it has exited.
    await sandboxOverhead(engine, work, output);
    console.log('| statement | ended as | time to gap | peak RSS, job + sandbox | job alone |');
    console.log('|---|---|---|---|---|');
    for (const [name, sql] of Object.entries(ATTACKS)) {
      const query = sqlQueryDefinitionSchema.parse({ id: 'attack', title: name, sql });
      const sampler = sampleTreeMemory(process.pid);
      const started = performance.now();
      const [result] = await runCustomSqlQueries(engine, [query], week, output);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const peak = sampler.stop();
      const ended =
        result?.gaps?.[0]?.reason
          .replace(/^the statement of attack was /, '')
          .replace(/; its table is left out$/, '') ?? 'no gap';
      console.log(`| \`${name}\` | gap: ${ended} | ${seconds} s | ${peak.totalMb} MB | ${peak.jobMb} MB |`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What the sandbox costs a statement that is fine: the same statement run in this process on the
 * reopened database, and in its own sandbox process (start, open read-only, run, rows back), median
 * of three each.
 */
async function sandboxOverhead(
  engine: Parameters<typeof runCustomSqlQueries>[0],
  work: string,
  output: { directory: string },
): Promise<void> {
  const sql = 'SELECT geo, count(*) AS n FROM records GROUP BY geo ORDER BY geo';
  const query = sqlQueryDefinitionSchema.parse({ id: 'fine', title: 'fine', sql });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] ?? 0;
  const inProcess: number[] = [];
  const sandboxed: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const db = await openEvidenceDatabase(undefined, work);
    try {
      const started = performance.now();
      await db.query(sql, z.object({ geo: z.string(), n: z.number() }));
      inProcess.push(performance.now() - started);
    } finally {
      db.close();
    }
    const started = performance.now();
    await runCustomSqlQueries(engine, [query], week, output);
    sandboxed.push(performance.now() - started);
  }
  console.log(
    `A fine statement (\`${sql}\`): ${Math.round(median(inProcess))} ms in this process, ${Math.round(median(sandboxed))} ms in its own sandbox (median of 3).`,
  );
}

await main();
