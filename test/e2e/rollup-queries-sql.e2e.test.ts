import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../functions/core/catalog/builtin-queries.js';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import { parseMonth } from '../../functions/core/period/rollup-period.js';
import { outsidePeriodSql } from '../../functions/core/sql/evidence-relation.js';
import { QUERIES_FILE, reproducedCsv } from '../../functions/core/sql/queries-script.js';
import { renderCsv } from '../../functions/core/view/csv.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { CliIo } from '../../functions/weekly-report/cli/cli-io.js';
import { downloadPrefix, readReproducedTable, runQueriesSql } from '../support/downloaded-folder.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const DAY = 86_400_000;
// November 2026: W44 starts on 26 October (its first six days are outside the month), W45 is never
// reported, W46 is.
const month = parseMonth('2026-11');
const STORED = ['2026-W44', '2026-W46'].map(parseIsoWeek);
const root = `reports/${LOCAL_PROJECT_ID}/`;
const sqlQueries = BUILTIN_QUERIES;

let clock = 0;
let local: LocalEnvironment;
let tree: string;
const io: CliIo = { print: () => {}, error: () => {}, now: () => clock };
const rollupFolder = () => join(tree, month.label);

/** Every SQL table re-run from the tree, against the rollup's CSV: the ids that differ. */
async function differingTables(folder: string): Promise<string[]> {
  const differ: string[] = [];
  for (const query of sqlQueries) {
    const stored = await readFile(join(folder, `${query.id}.csv`), 'utf8');
    const rerun = renderCsv(await readReproducedTable(join(folder, reproducedCsv(query.id))));
    if (rerun !== stored) differ.push(query.id);
  }
  return differ;
}

beforeAll(async () => {
  local = await startLocalEnvironment({
    records: STORED.flatMap((week) => generateDemoWeek(week.from, LOCAL_PROJECT_ID)),
    now: () => clock,
  });
  local.env.DESCOPE_AUDIT_RPM = '6000';
  for (const week of STORED) {
    clock = week.to + DAY;
    await runCli(['--week', week.label], local.env, io);
  }
  clock = month.to + 2 * DAY;
  const rollup = await runCli(['--month', month.label], local.env, io);
  expect(rollup?.prefix).toBe(`${root}${month.label}/`);
  // The project's whole folder, as the auditor downloads it: the rollup beside the weeks it read.
  const s3 = standInS3Client(local.s3.endpoint);
  tree = await mkdtemp(join(tmpdir(), 'downloaded-project-'));
  await downloadPrefix(s3, LOCAL_BUCKET, root, tree);
  s3.destroy();
}, 240_000);

afterAll(async () => {
  await local?.close();
  if (tree) await rm(tree, { recursive: true, force: true });
});

describe("a rollup's queries.sql", () => {
  it('is listed in the manifest and reads only the stored weeks, by paths from the rollup folder', async () => {
    const manifest = JSON.parse(await readFile(join(rollupFolder(), 'manifest.json'), 'utf8')) as {
      files: Array<{ name: string }>;
    };
    expect(manifest.files.map((f) => f.name)).toContain(QUERIES_FILE);
    expect(await readdir(rollupFolder())).not.toContain('evidence');
    const script = await readFile(join(rollupFolder(), QUERIES_FILE), 'utf8');
    const paths = [...script.matchAll(/'(\.\.\/[^']+\.ndjson\.gz)'/g)].map((m) => m[1]);
    expect(new Set(paths.map((p) => p?.split('/')[1]))).toEqual(new Set(['2026-W44', '2026-W46']));
    expect(script).toContain(`${outsidePeriodSql(month)};`);
    for (const query of BUILTIN_QUERIES)
      expect(script).toContain(`) TO '${reproducedCsv(query.id)}' (HEADER);`);
    // summary.json names the same parts, each one that exists in the downloaded tree.
    const summary = JSON.parse(await readFile(join(rollupFolder(), 'summary.json'), 'utf8')) as {
      queries: Array<{ id: string; evidence: string[] }>;
    };
    const geo = summary.queries.find((q) => q.id === 'failed-logins-by-geo');
    expect(geo?.evidence.length).toBeGreaterThan(1);
    for (const part of geo?.evidence ?? []) {
      expect(paths).toContain(part);
      expect((await readFile(join(rollupFolder(), part))).length).toBeGreaterThan(0);
    }
    const html = await readFile(join(rollupFolder(), 'report.html'), 'utf8');
    expect(html).toContain(
      'queries.sql in this folder re-runs every table from the weekly folders&#x27; evidence',
    );
  });

  it('reproduces every SQL table of the rollup from the downloaded weeks, cell for cell', async () => {
    await runQueriesSql(rollupFolder());
    expect(sqlQueries.length).toBeGreaterThan(5);
    const stored = await readFile(join(rollupFolder(), 'failed-logins-by-geo.csv'), 'utf8');
    expect(stored.split('\n').length).toBeGreaterThan(3); // real rows, not two empty tables agreeing
    expect(await differingTables(rollupFolder())).toEqual([]);
  }, 120_000);

  it('needs its range filter: without it, records from late October change the tables', async () => {
    const script = await readFile(join(rollupFolder(), QUERIES_FILE), 'utf8');
    const unfiltered = script.replaceAll(`${outsidePeriodSql(month)};`, '');
    expect(unfiltered).not.toBe(script);
    await writeFile(join(rollupFolder(), 'unfiltered.sql'), unfiltered);
    await runQueriesSql(rollupFolder(), 'unfiltered.sql');
    expect((await differingTables(rollupFolder())).length).toBeGreaterThan(0);
  }, 120_000);

  it('stops, naming the part, when a week evidence part differs from its manifest or is missing', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'tampered-project-'));
    const rerun = (f: string) => readdir(join(copy, month.label)).then((l) => l.includes(reproducedCsv(f)));
    try {
      await cp(tree, copy, { recursive: true, filter: (path) => !path.endsWith('.sql.csv') });
      const folder = join(copy, '2026-W46', 'evidence', 'login-failures');
      const [part = ''] = (await readdir(folder)).sort();
      const bytes = await readFile(join(folder, part));
      bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
      await writeFile(join(folder, part), bytes);
      const named = `evidence part ../2026-W46/evidence/login-failures/${part}`;
      await expect(runQueriesSql(join(copy, month.label))).rejects.toThrow(
        `${named} is missing or differs from its week's manifest`,
      );
      // A client that carries on past the error still writes no table from the unchecked part.
      const errors = await runQueriesSql(join(copy, month.label), QUERIES_FILE, 'carry-on');
      expect(errors).toContain(named);
      expect(await rerun('failed-logins-by-geo')).toBe(false);
      expect(await rerun('role-grants')).toBe(true); // another collection's tables are
      await rm(join(copy, '2026-W46'), { recursive: true });
      await expect(runQueriesSql(join(copy, month.label))).rejects.toThrow(named);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 120_000);
});
