import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../functions/core/builtin-queries.js';
import { renderCsv } from '../../functions/core/csv.js';
import { parseIsoWeek } from '../../functions/core/period.js';
import { QUERIES_FILE, reproducedCsv } from '../../functions/core/sql/queries-script.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
  withEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const prefix = `reports/${LOCAL_PROJECT_ID}/2026-W47/`;
const duckDbModule = pathToFileURL(createRequire(import.meta.url).resolve('@duckdb/node-api')).href;

/** Runs queries.sql as an auditor would: a separate process, inside the downloaded folder. */
const RUN_SCRIPT = `
const { DuckDBInstance } = await import(process.argv[1]);
const { readFileSync } = await import('node:fs');
const connection = await (await DuckDBInstance.create(':memory:')).connect();
await connection.run(readFileSync('${QUERIES_FILE}', 'utf8'));
`;

let local: LocalEnvironment;
let folder: string;

beforeAll(async () => {
  local = await startLocalEnvironment({
    records: generateDemoWeek(week.from, LOCAL_PROJECT_ID),
    now: () => now,
  });
  local.env.DESCOPE_AUDIT_RPM = '6000';
  const io = { print: () => {}, error: () => {}, now: () => now };
  const result = await withEnvironment(local.env, () => runCli(['--week', '2026-W47'], local.env, io));
  expect(result?.complete).toBe(true);
  // Download the week's folder (the project report and its evidence).
  const s3 = standInS3Client(local.s3.endpoint);
  folder = await mkdtemp(join(tmpdir(), 'downloaded-report-'));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: prefix }));
  for (const { Key = '' } of listed.Contents ?? []) {
    if (Key.includes('/tenants/')) continue;
    const body = await (
      await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key }))
    ).Body?.transformToByteArray();
    const path = join(folder, Key.slice(prefix.length));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body ?? new Uint8Array());
  }
  s3.destroy();
}, 120_000);

afterAll(async () => {
  await local?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('queries.sql in the report folder', () => {
  it('is listed in the manifest', async () => {
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as {
      files: Array<{ name: string }>;
    };
    expect(manifest.files.map((f) => f.name)).toContain(QUERIES_FILE);
  });

  it('reproduces every SQL table of the report from the evidence, cell for cell', async () => {
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', RUN_SCRIPT, duckDbModule], {
      cwd: folder,
    });
    expect(BUILTIN_QUERIES.length).toBeGreaterThan(5);
    for (const query of BUILTIN_QUERIES) {
      const stored = await readFile(join(folder, `${query.id}.csv`), 'utf8');
      const rerun = parse(await readFile(join(folder, reproducedCsv(query.id)), 'utf8'), {
        bom: true,
      }) as string[][];
      const [columns = [], ...rows] = rerun;
      // Counts are numbers in the report's tables; the rest is text. Written the report's way, the bytes match.
      const numeric = columns.map(
        (_, i) =>
          rows.length > 0 &&
          rows.every((r) => /^\d+$/.test(r[i] ?? '')) &&
          !['occurred', 'first_seen', 'last_seen'].includes(columns[i] ?? ''),
      );
      const table = {
        columns,
        rows: rows.map((r) => r.map((cell, i) => (numeric[i] ? Number(cell) : cell))),
      };
      expect(renderCsv(table), query.id).toBe(stored);
    }
  }, 60_000);

  it('shows the statement of each SQL table in the HTML, collapsed and escaped', async () => {
    const html = await readFile(join(folder, 'report.html'), 'utf8');
    const blocks = html.match(/<details class="sql">/g) ?? [];
    expect(blocks).toHaveLength(BUILTIN_QUERIES.length);
    expect(html).toContain('WHERE &quot;action&quot; IN (&#x27;LoginFailed&#x27;)');
    expect(html).not.toContain(`WHERE "action" IN ('LoginFailed')`);
  });

  it('holds a statement for every table of the built-in catalog', async () => {
    const script = await readFile(join(folder, QUERIES_FILE), 'utf8');
    for (const query of BUILTIN_QUERIES)
      expect(script).toContain(`) TO '${reproducedCsv(query.id)}' (HEADER);`);
    expect(script).not.toContain('not reproduced here');
  });
});
