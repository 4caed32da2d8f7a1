import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type EvidenceDatabase, openEvidenceDatabase } from '../../functions/adapters/duckdb-query-engine.js';
import { formatEvidenceLine } from '../../functions/core/records/evidence-line.js';
import { QueryEngineError } from '../../functions/shared/errors.js';
import { auditRecord } from '../support/audit-record-builder.js';

const anything = z.unknown();

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
    const row = z.object({ id: z.string(), type: z.string().nullable() });
    expect(await db.query(`SELECT id, json_type(data, '$.n') AS type FROM records ORDER BY id`, row)).toEqual(
      [
        { id: 'a', type: 'UBIGINT' },
        { id: 'b', type: 'VARCHAR' },
        { id: 'c', type: null },
      ],
    );
  });

  it('reads no file once loaded, and its configuration cannot be changed back', async () => {
    await expect(
      db.query(`SELECT * FROM read_csv('${join(directory, 'secret.csv')}')`, anything),
    ).rejects.toBeInstanceOf(QueryEngineError);
    await expect(
      db.query(`SELECT * FROM read_json('${join(directory, 'part.ndjson.gz')}')`, anything),
    ).rejects.toThrow(/DuckDB could not run a query/);
    await expect(db.execute('SET enable_external_access = true')).rejects.toBeInstanceOf(QueryEngineError);
    await expect(db.execute(`SET memory_limit = '8GB'`)).rejects.toBeInstanceOf(QueryEngineError);
    expect(
      await db.query(`SELECT current_setting('memory_limit') AS m`, z.object({ m: z.string() })),
    ).toEqual([{ m: expect.stringMatching(/^6[0-9]\.\d+ MiB$/) }]);
  });

  it('reads rows by column name, each checked, whole numbers beyond 2^53 exact as text', async () => {
    const row = z.object({ big: z.string(), small: z.number(), flag: z.boolean(), none: z.null() });
    expect(
      await db.query(
        'SELECT 9007199254740993::BIGINT AS big, 7::HUGEINT AS small, true AS flag, NULL AS none',
        row,
      ),
    ).toEqual([{ big: '9007199254740993', small: 7, flag: true, none: null }]);
    await expect(db.query(`SELECT 'x' AS small`, z.object({ small: z.number() }))).rejects.toThrow(
      /DuckDB's answer is not what was expected: .*small/s,
    );
    await expect(db.query('SELECT 1 AS a, 2 AS a', anything)).rejects.toThrow(/two columns named "a"/);
  });

  it('names the failure when evidence cannot be loaded', async () => {
    const bad = join(directory, 'bad.ndjson.gz');
    await writeFile(bad, gzipSync('not json\n'));
    await expect(openEvidenceDatabase([bad], await mkdtemp(join(directory, 'x-')))).rejects.toThrow(
      /DuckDB could not load the evidence/,
    );
  });
});
