import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { QUERIES_FILE } from '../../functions/core/sql/queries-script.js';

/** Copies every object under `prefix` (but tenant folders) to `folder`, as an auditor downloads it. */
export async function downloadPrefix(s3: S3Client, bucket: string, prefix: string, folder: string) {
  let token: string | undefined;
  do {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const { Key = '' } of listed.Contents ?? []) {
      if (Key.includes('/tenants/')) continue;
      const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      const path = join(folder, Key.slice(prefix.length));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, (await answer.Body?.transformToByteArray()) ?? new Uint8Array());
    }
    token = listed.NextContinuationToken;
  } while (token);
}

const duckDbModule = pathToFileURL(createRequire(import.meta.url).resolve('@duckdb/node-api')).href;

/**
 * Runs a SQL file as an auditor would: a separate process, inside the downloaded folder. It stops at
 * the first error, or (`carry-on`) runs every statement whatever failed before, as a shell does
 * without `-bail`, and prints each error.
 */
const RUN_SCRIPT = `
const { DuckDBInstance } = await import(process.argv[1]);
const { readFileSync } = await import('node:fs');
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const sql = readFileSync(process.argv[2], 'utf8');
if (process.argv[3] !== 'carry-on') await connection.run(sql);
else {
  const statements = await connection.extractStatements(sql);
  for (let i = 0; i < statements.count; i += 1) {
    try { await (await statements.prepare(i)).run(); } catch (error) { console.error(error.message); }
  }
}
`;

/** Runs `script` (default: the folder's queries.sql) with DuckDB from inside `folder`; resolves with its errors printed. */
export async function runQueriesSql(
  folder: string,
  script = QUERIES_FILE,
  mode: 'stop' | 'carry-on' = 'stop',
): Promise<string> {
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', RUN_SCRIPT, duckDbModule, script, mode],
    { cwd: folder },
  );
  return stderr;
}

/**
 * A `<id>.sql.csv` written by `queries.sql`, typed as the report types its tables: counts as numbers
 * (every cell of the column digits, not a time column), the rest as text. Rendered with the report's
 * `renderCsv`, it is byte for byte the report's CSV when the values agree.
 */
export async function readReproducedTable(
  path: string,
): Promise<{ columns: string[]; rows: Array<Array<string | number>> }> {
  const [columns = [], ...rows] = parse(await readFile(path, 'utf8'), { bom: true }) as string[][];
  const numeric = columns.map(
    (_, i) =>
      rows.length > 0 &&
      rows.every((r) => /^\d+$/.test(r[i] ?? '')) &&
      !['occurred', 'first_seen', 'last_seen'].includes(columns[i] ?? ''),
  );
  return { columns, rows: rows.map((r) => r.map((cell, i) => (numeric[i] ? Number(cell) : cell))) };
}
