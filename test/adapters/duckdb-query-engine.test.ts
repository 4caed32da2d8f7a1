import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvidenceDatabase, openEvidenceDatabase } from '../../functions/adapters/duckdb-query-engine.js';
import { formatEvidenceLine } from '../../functions/core/records/evidence-line.js';
import { QueryEngineError } from '../../functions/shared/errors.js';
import { auditRecord } from '../support/audit-record-builder.js';

let directory: string;
let db: EvidenceDatabase;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'duckdb-engine-'));
  const file = join(directory, 'part.ndjson.gz');
  // `data` differs in shape from record to record: explicit column types, no sampling.
  const records = [
    auditRecord({ id: 'a', data: { n: 1 } }),
    auditRecord({ id: 'b', data: { n: 'text', nested: { deep: [1, 'x'] } } }),
    auditRecord({ id: 'c', data: {} }),
  ];
  await writeFile(file, gzipSync(records.map(formatEvidenceLine).join('')));
  await writeFile(join(directory, 'secret.csv'), 'a,b\n1,2\n');
  db = await openEvidenceDatabase([file], directory, { threads: 1, memoryLimit: '64MB' });
});

afterAll(async () => {
  db?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('the DuckDB evidence database', () => {
  it('loads every record, whatever shape its data has', async () => {
    expect(await db.query(`SELECT id, json_type(data, '$.n') FROM records ORDER BY id`)).toEqual([
      ['a', 'UBIGINT'],
      ['b', 'VARCHAR'],
      ['c', ''],
    ]);
  });

  it('reads no file once loaded, and its configuration cannot be changed back', async () => {
    await expect(
      db.query(`SELECT * FROM read_csv('${join(directory, 'secret.csv')}')`),
    ).rejects.toBeInstanceOf(QueryEngineError);
    await expect(db.query(`SELECT * FROM read_json('${join(directory, 'part.ndjson.gz')}')`)).rejects.toThrow(
      /DuckDB could not run a query/,
    );
    await expect(db.execute('SET enable_external_access = true')).rejects.toBeInstanceOf(QueryEngineError);
    await expect(db.execute(`SET memory_limit = '8GB'`)).rejects.toBeInstanceOf(QueryEngineError);
    expect(await db.query(`SELECT current_setting('memory_limit')`)).toEqual([
      [expect.stringMatching(/^6[0-9]\.\d+ MiB$/)],
    ]);
  });

  it('names the failure when evidence cannot be loaded', async () => {
    const bad = join(directory, 'bad.ndjson.gz');
    await writeFile(bad, gzipSync('not json\n'));
    await expect(openEvidenceDatabase([bad], await mkdtemp(join(directory, 'x-')))).rejects.toThrow(
      /DuckDB could not load the evidence/,
    );
  });
});
