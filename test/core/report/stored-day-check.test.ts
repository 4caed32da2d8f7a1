import { describe, expect, it } from 'vitest';
import { planCollections } from '../../../functions/core/catalog/query-plan.js';
import { defaultReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { checkStoredDay } from '../../../functions/core/report/stored-day-check.js';

const plans = planCollections(defaultReportCatalog().queries.filter((q) => q.requires !== 'stream'));
const queries = plans.flatMap((p) => p.queries.map((q) => ({ id: q.id, filter: q.filter })));
const files = plans.flatMap((p) => [
  { name: `evidence/${p.id}/part-0002.ndjson.gz`, bytes: 20, sha256: 'b' },
  { name: `evidence/${p.id}/part-0001.ndjson.gz`, bytes: 10, sha256: 'a' },
]);
const summary = (overrides: Record<string, unknown> = {}) =>
  new TextEncoder().encode(
    JSON.stringify({ complete: true, source: { kind: 'search', streamOnly: [] }, queries, ...overrides }),
  );

describe('whether a stored day can stand in for the API in its week', () => {
  it("takes a complete search day collected by the week's filters, its parts in name order", () => {
    const checked = checkStoredDay('2026-11-18', summary(), files, plans);
    if (!checked.ok) throw new Error(checked.reason);
    const first = plans[0]?.id ?? '';
    expect(checked.collections.get(first)?.parts.map((p) => p.name)).toEqual([
      `evidence/${first}/part-0001.ndjson.gz`,
      `evidence/${first}/part-0002.ndjson.gz`,
    ]);
    expect(checked.collections.size).toBe(plans.length);
  });

  it.each([
    ['unreadable', new TextEncoder().encode('{'), files, "2026-11-18's summary.json cannot be read"],
    [
      'from the stream',
      summary({ source: { kind: 'stream' } }),
      files,
      '2026-11-18 was read from the stream, not the audit search',
    ],
    ['incomplete', summary({ complete: false }), files, "2026-11-18's report is incomplete (it has gaps)"],
    [
      'without a query',
      summary({ queries: queries.slice(1) }),
      files,
      `2026-11-18's report has no query ${queries[0]?.id}`,
    ],
    [
      'collected by another filter',
      summary({ queries: queries.map((q, i) => (i === 0 ? { ...q, filter: { actions: ['Other'] } } : q)) }),
      files,
      `2026-11-18 collected ${queries[0]?.id} with another filter than this run's catalog`,
    ],
    [
      'without evidence',
      summary(),
      files.slice(2),
      `2026-11-18's manifest lists no evidence for ${plans[0]?.id}`,
    ],
  ])('refuses a day %s, saying why', (_name, body, listed, reason) => {
    expect(checkStoredDay('2026-11-18', body, listed, plans)).toEqual({ ok: false, reason });
  });
});
