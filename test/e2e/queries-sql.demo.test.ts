import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../functions/core/catalog/builtin-queries.js';
import { QUERIES_FILE, reproducedCsv } from '../../functions/core/sql/queries-script.js';
import { renderCsv } from '../../functions/core/view/csv.js';
import { demoReportFolder, demoRun } from '../support/demo-run.js';
import { readReproducedTable, runQueriesSql } from '../support/downloaded-folder.js';

let folder: string;
const cells = (csv: string) => parse(csv) as string[][];

beforeAll(async () => {
  expect(demoRun().complete).toBe(true);
  // The week's folder as the auditor downloads it (the project report and its evidence; tenant
  // folders hold none), copied: running queries.sql writes its tables beside the report's.
  folder = await mkdtemp(join(tmpdir(), 'downloaded-report-'));
  await cp(demoReportFolder(), folder, { recursive: true });
  await rm(join(folder, 'tenants'), { recursive: true, force: true });
});

afterAll(async () => {
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
    // The demo catalog's custom queries (one of them custom SQL) beside every built-in one.
    const { queryIds } = demoRun();
    expect(queryIds).toEqual(expect.arrayContaining(BUILTIN_QUERIES.map((q) => q.id)));
    expect(queryIds.length).toBeGreaterThan(BUILTIN_QUERIES.length);
    for (const id of queryIds) {
      const stored = await readFile(join(folder, `${id}.csv`), 'utf8');
      const table = await readReproducedTable(join(folder, reproducedCsv(id)));
      // Counts are numbers in the built-in tables; the rest is text. Written the report's way, the
      // bytes match. A custom table's digits may be text (a data field), so its cells are compared.
      if (BUILTIN_QUERIES.some((q) => q.id === id)) expect(renderCsv(table), id).toBe(stored);
      else expect(cells(renderCsv(table)), id).toEqual(cells(stored));
    }
  }, 60_000);

  it('shows the statement of each SQL table in the HTML, collapsed and escaped', async () => {
    const html = await readFile(join(folder, 'report.html'), 'utf8');
    const blocks = html.match(/<details class="sql">/g) ?? [];
    expect(blocks).toHaveLength(demoRun().queryIds.length);
    expect(html).toContain('WHERE &quot;action&quot; IN (&#x27;LoginFailed&#x27;)');
    expect(html).not.toContain(`WHERE "action" IN ('LoginFailed')`);
  });

  it('holds a statement for every table of the report', async () => {
    const script = await readFile(join(folder, QUERIES_FILE), 'utf8');
    for (const id of demoRun().queryIds) expect(script).toContain(`) TO '${reproducedCsv(id)}' (HEADER);`);
    expect(script).not.toContain('not reproduced here');
  });
});
