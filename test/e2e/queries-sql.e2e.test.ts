import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../functions/core/catalog/builtin-queries.js';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import { QUERIES_FILE, reproducedCsv } from '../../functions/core/sql/queries-script.js';
import { renderCsv } from '../../functions/core/view/csv.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
  withEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { downloadPrefix, readReproducedTable, runQueriesSql } from '../support/downloaded-folder.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const prefix = `reports/${LOCAL_PROJECT_ID}/2026-W47/`;

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
  // Download the week's folder (the project report and its evidence; tenant folders hold none).
  const s3 = standInS3Client(local.s3.endpoint);
  folder = await mkdtemp(join(tmpdir(), 'downloaded-report-'));
  await downloadPrefix(s3, LOCAL_BUCKET, prefix, folder);
  await rm(join(folder, 'tenants'), { recursive: true, force: true });
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
    await runQueriesSql(folder);
    expect(BUILTIN_QUERIES.length).toBeGreaterThan(5);
    for (const query of BUILTIN_QUERIES) {
      const stored = await readFile(join(folder, `${query.id}.csv`), 'utf8');
      // Counts are numbers in the report's tables; the rest is text. Written the report's way, the bytes match.
      const table = await readReproducedTable(join(folder, reproducedCsv(query.id)));
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
