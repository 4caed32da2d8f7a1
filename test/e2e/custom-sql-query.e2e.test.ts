import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import { QUERIES_FILE, reproducedCsv } from '../../functions/core/sql/queries-script.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { ConfigError } from '../../functions/shared/errors.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { runQueriesSql } from '../support/downloaded-folder.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const prefix = `reports/${LOCAL_PROJECT_ID}/2026-W47/`;
const records = generateDemoWeek(week.from, LOCAL_PROJECT_ID).filter(
  (r) => r.occurred >= week.from && r.occurred < week.to,
);

/** Shares the built-in failed-logins search (same filter), and reads every user of each country. */
const byCountry = {
  id: 'failures-by-country-sql',
  title: 'Failed logins by country (SQL)',
  headline: 'Countries with failed logins',
  filter: { actions: ['LoginFailed', 'LoginExceedMaxAttempts'] },
  sql: `SELECT geo AS country,
       count(*) AS failures,
       count(DISTINCT nullif("userId", '')) AS users
FROM records
WHERE action = 'LoginFailed'
GROUP BY geo
ORDER BY failures DESC, country;`,
};
/** No filter: its own search reads every audit event of the week. */
const byAction = {
  id: 'events-by-action-sql',
  title: 'Every event by action (SQL)',
  sql: `SELECT action, count(*) AS events, '=' || action AS formula_shaped
FROM records GROUP BY action ORDER BY events DESC, action`,
};

/** The custom statements are under test: of the built-ins, only the one sharing their search is kept. */
const BUILT_INS_NOT_READ = disableAllBut('failed-logins-by-geo');

/** The tables the two statements must produce, counted here from the generated records. */
function expectedTables() {
  const countries = new Map<string, { failures: number; users: Set<string> }>();
  const actions = new Map<string, number>();
  for (const r of records) {
    actions.set(r.action, (actions.get(r.action) ?? 0) + 1);
    if (r.action !== 'LoginFailed') continue;
    const entry = countries.get(r.geo) ?? { failures: 0, users: new Set<string>() };
    entry.failures += 1;
    if (r.userId) entry.users.add(r.userId);
    countries.set(r.geo, entry);
  }
  const order = (a: [string, number], b: [string, number]) =>
    b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return {
    byCountry: [...countries]
      .map(([geo, e]): [string, number, number] => [geo, e.failures, e.users.size])
      .sort((a, b) => order([a[0], a[1]], [b[0], b[1]]))
      .map(([geo, failures, users]) => [geo, String(failures), String(users)]),
    byAction: [...actions].sort(order).map(([action, n]) => [action, String(n), `'=${action}`]),
  };
}

let local: LocalEnvironment;
let folder: string;
let keys: string[];

beforeAll(async () => {
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  local.env.DESCOPE_AUDIT_RPM = '6000';
  // The tables are under test: the access review and the OCSF export are not read here.
  local.env.ACCESS_REVIEW_ENABLED = 'false';
  local.env.OCSF_EXPORT_ENABLED = 'false';
  local.env.REPORT_QUERIES = JSON.stringify({
    queries: [byCountry, byAction],
    disable: BUILT_INS_NOT_READ,
    tenants: { enabled: true },
  });
  const io = { print: () => {}, error: () => {}, now: () => now };
  const result = await runCli(['--week', '2026-W47'], local.env, io);
  expect(result?.complete).toBe(true);
  const s3 = standInS3Client(local.s3.endpoint);
  folder = await mkdtemp(join(tmpdir(), 'custom-sql-report-'));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: prefix }));
  keys = (listed.Contents ?? []).map((c) => c.Key ?? '');
  for (const Key of keys) {
    if (Key.includes('/tenants/')) continue;
    const answer = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key }));
    const path = join(folder, Key.slice(prefix.length));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, (await answer.Body?.transformToByteArray()) ?? new Uint8Array());
  }
  s3.destroy();
}, 180_000);

afterAll(async () => {
  await local?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** A CSV of the downloaded folder (or at an absolute path), parsed. */
const readCsv = async (name: string) =>
  parse(await readFile(name.startsWith('/') ? name : join(folder, name), 'utf8'), {
    bom: true,
  }) as string[][];

describe('a custom SQL query in a weekly run', () => {
  it('writes exactly its statement’s result, counted independently, formulas neutralised', async () => {
    const expected = expectedTables();
    expect(expected.byCountry.length).toBeGreaterThan(3);
    expect(await readCsv(`${byCountry.id}.csv`)).toEqual([
      ['country', 'failures', 'users'],
      ...expected.byCountry,
    ]);
    expect(await readCsv(`${byAction.id}.csv`)).toEqual([
      ['action', 'events', 'formula_shaped'],
      ...expected.byAction,
    ]);
  });

  it('shares the built-in search of the same filter and makes one more for the unfiltered one', async () => {
    const summary = JSON.parse(await readFile(join(folder, 'summary.json'), 'utf8')) as {
      queries: Array<{
        id: string;
        evidence: string;
        headline: number;
        rows: number;
        sql?: string;
        filter: unknown;
      }>;
    };
    const of = (id: string) => summary.queries.find((q) => q.id === id);
    expect(of(byCountry.id)?.evidence).toBe(of('failed-logins-by-geo')?.evidence);
    expect(of(byAction.id)?.evidence).toContain(byAction.id);
    // Unfiltered, its search read every event of the week; its headline is its row count.
    expect(of(byAction.id)).toMatchObject({
      filter: {},
      records: records.length,
      headline: expectedTables().byAction.length,
    });
    expect(of(byAction.id)?.sql).toBe(byAction.sql);
    expect(of(byCountry.id)?.sql).toBe(byCountry.sql.replace(/;$/, ''));
  });

  it('is reproduced by queries.sql from the evidence', async () => {
    await runQueriesSql(folder);
    for (const query of [byCountry, byAction]) {
      const [columns, ...rows] = await readCsv(reproducedCsv(query.id));
      const stored = await readCsv(`${query.id}.csv`);
      // DuckDB writes the formula as is; the report's CSV neutralises it with a leading '.
      expect([columns, ...rows.map((r) => r.map((c) => (c.startsWith('=') ? `'${c}` : c)))]).toEqual(stored);
    }
  }, 60_000);

  it('shows its statement in the HTML, collapsed and escaped', async () => {
    const html = await readFile(join(folder, 'report.html'), 'utf8');
    expect(html).toContain('WHERE action &#x3D; &#x27;LoginFailed&#x27;');
    expect(html).not.toContain("WHERE action = 'LoginFailed'");
  });

  it('stays out of every tenant report: no CSV, no section, no summary entry', async () => {
    const tenantKeys = keys.filter((k) => k.includes('/tenants/'));
    expect(tenantKeys.some((k) => k.endsWith('/failed-logins-by-geo.csv'))).toBe(true);
    expect(tenantKeys.filter((k) => k.includes('-sql.csv'))).toEqual([]);
    const s3 = standInS3Client(local.s3.endpoint);
    try {
      const read = async (Key: string) =>
        (await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key }))).Body?.transformToString();
      const summaries = tenantKeys.filter((k) => k.endsWith('/summary.json'));
      expect(summaries.length).toBeGreaterThan(1);
      for (const key of summaries) {
        const summary = JSON.parse((await read(key)) ?? '{}') as { queries: Array<{ id: string }> };
        expect(summary.queries.map((q) => q.id)).toContain('failed-logins-by-geo');
        expect(summary.queries.map((q) => q.id)).not.toContain(byCountry.id);
        expect(summary.queries.map((q) => q.id)).not.toContain(byAction.id);
        const html = (await read(key.replace(/summary\.json$/, 'report.html'))) ?? '';
        expect(html).toContain('Failed logins by country');
        expect(html).not.toContain(byCountry.title);
        expect(html).not.toContain(byAction.title);
      }
    } finally {
      s3.destroy();
    }
  });
});

describe('a custom SQL query that fails on the week’s data', () => {
  it('leaves its table empty, says why, and the report is incomplete; the other tables stand', async () => {
    const out = await mkdtemp(join(tmpdir(), 'custom-sql-failing-'));
    try {
      const failing = {
        id: 'geo-as-number',
        title: 'Countries read as numbers',
        filter: byCountry.filter,
        sql: 'SELECT geo::INTEGER AS geo_number FROM records ORDER BY 1',
      };
      const catalog = { queries: [failing], disable: BUILT_INS_NOT_READ };
      const env = { ...local.env, REPORT_QUERIES: JSON.stringify(catalog) };
      const io = { print: () => {}, error: () => {}, now: () => now };
      const result = await runCli(['--week', '2026-W47', '--dry-run', '--out', out], env, io);
      expect(result?.complete).toBe(false);
      const folderOf = result?.prefix ?? '';
      const summary = JSON.parse(await readFile(join(out, folderOf, 'summary.json'), 'utf8')) as {
        queries: Array<{ id: string; complete: boolean; rows: number; gaps: Array<{ reason: string }> }>;
      };
      const of = (id: string) => summary.queries.find((q) => q.id === id);
      expect(of(failing.id)).toMatchObject({ complete: false, rows: 0 });
      expect(of(failing.id)?.gaps.map((g) => g.reason)).toEqual([
        expect.stringMatching(
          /^the statement of geo-as-number failed on this period's records: .*Conversion Error/,
        ),
      ]);
      expect(of('failed-logins-by-geo')).toMatchObject({ complete: true });
      expect(of('failed-logins-by-geo')?.rows).toBeGreaterThan(3);
      expect(await readFile(join(out, folderOf, `${failing.id}.csv`), 'utf8')).toBe('"geo_number"\r\n');
      // queries.sql keeps the failed statement as comments and still re-runs every other table.
      const script = await readFile(join(out, folderOf, QUERIES_FILE), 'utf8');
      expect(script).toContain(`-- geo-as-number.csv: Countries read as numbers
-- failed in the run, not run here: DuckDB could not run a query: Conversion Error:`);
      expect(script).toContain('\n--   SELECT geo::INTEGER AS geo_number FROM records ORDER BY 1\n');
      await runQueriesSql(join(out, folderOf));
      expect(await readCsv(join(out, folderOf, reproducedCsv('failed-logins-by-geo')))).toEqual(
        await readCsv(join(out, folderOf, 'failed-logins-by-geo.csv')),
      );
      await expect(readFile(join(out, folderOf, reproducedCsv(failing.id)))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('a custom SQL query that reaches for files', () => {
  it.each([
    ["SELECT * FROM read_csv('/etc/passwd') ORDER BY 1", /table function read_csv\(\) \(line 1, column 15\)/],
    [
      "COPY (SELECT * FROM records ORDER BY 1) TO 'stolen.csv'",
      /must be a read-only SELECT statement \(DuckDB: Permission Error: Cannot access file "stolen\.csv"/,
    ],
    ["ATTACH '/tmp/other.db'", /must be a read-only SELECT statement, not ATTACH/],
  ])('is refused before any request: %s', async (sql, reason) => {
    const before = local.descope.requests.length;
    const env = {
      ...local.env,
      REPORT_QUERIES: JSON.stringify({ queries: [{ id: 'bad', title: 'Bad', sql }] }),
    };
    const io = { print: () => {}, error: () => {}, now: () => now };
    const run = runCli(['--week', '2026-W47'], env, io);
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/^Invalid configuration: REPORT_QUERIES query "bad" sql: /);
    await expect(run).rejects.toThrow(reason);
    expect(local.descope.requests.length).toBe(before);
  });

  it('is refused naming REPORT_QUERIES_FILE when the catalog comes from a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custom-sql-catalog-'));
    try {
      const file = join(dir, 'catalog.json');
      const sql = 'SELECT id FROM records ORDER BY 1;\nSELECT id FROM records ORDER BY 1';
      await writeFile(file, JSON.stringify({ queries: [{ id: 'two', title: 'Two', sql }] }));
      const env = { ...local.env, REPORT_QUERIES: '', REPORT_QUERIES_FILE: file };
      const io = { print: () => {}, error: () => {}, now: () => now };
      await expect(runCli(['--week', '2026-W47'], env, io)).rejects.toThrow(
        'Invalid configuration: REPORT_QUERIES_FILE query "two" sql: holds 2 statements; give exactly one SELECT',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
