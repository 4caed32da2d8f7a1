import { describe, expect, it } from 'vitest';
import { planCollections } from '../../../functions/core/catalog/query-plan.js';
import { defaultReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import type { ManifestEntry } from '../../../functions/core/integrity/manifest.js';
import { DAY_MS } from '../../../functions/core/period/period.js';
import { parseMonth, weeksOverlapping } from '../../../functions/core/period/rollup-period.js';
import type { ReportGap } from '../../../functions/core/report/report-model.js';
import {
  planRollupSources,
  rollupEvidence,
  type StoredWeekRead,
} from '../../../functions/core/report/rollup-sources.js';

const month = parseMonth('2026-11');
const [first, second] = planCollections(defaultReportCatalog().queries);
if (!first || !second) throw new Error('expected two collections');
const plans = [first, second];
const weeks = weeksOverlapping(month); // 2026-W44 (from Oct 26) … 2026-W49 (to Dec 7)
const folder = (label: string) => `reports/P1/${label}/`;
const part = (plan: string, n: number) => ({
  name: `evidence/${plan}/part-000${n}.ndjson.gz`,
  bytes: n,
  sha256: `h${n}`,
});
const stored = (label: string, files: ManifestEntry[], gaps?: Map<string, ReportGap[]>): StoredWeekRead => ({
  ok: true,
  prefix: folder(label),
  files,
  sha256: `sha-${label}`,
  gaps,
});
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const shown = (gaps: ReportGap[]) => gaps.map((g) => `${iso(g.from)}..${iso(g.to)} ${g.reason}`);

describe('which stored evidence a rollup reads', () => {
  it.each<[string, StoredWeekRead, string[], string[]]>([
    [
      'a week without a stored report: a gap in every collection, clipped to the month',
      { ok: false, reason: '2026-W44 has no stored report' },
      ['2026-11-01..2026-11-02 2026-W44 has no stored report'],
      ['2026-11-01..2026-11-02 2026-W44 has no stored report'],
    ],
    [
      'a week with evidence for one collection only',
      stored('2026-W44', [part(first.id, 1)], new Map()),
      [],
      [`2026-11-01..2026-11-02 2026-W44's stored report has no evidence for ${second.id}`],
    ],
    [
      'a week whose summary is unreadable: its gaps are unknown',
      stored('2026-W44', [part(first.id, 1), part(second.id, 1)]),
      ["2026-11-01..2026-11-02 2026-W44's summary.json is missing or unreadable: its gaps are unknown"],
      ["2026-11-01..2026-11-02 2026-W44's summary.json is missing or unreadable: its gaps are unknown"],
    ],
    [
      "the week's own gaps, clipped and named with the week; a gap outside the month dropped",
      stored(
        '2026-W44',
        [part(first.id, 1), part(second.id, 1)],
        new Map([
          [
            first.queries[0]?.id ?? '',
            [
              { from: weeks[0]?.from ?? 0, to: month.from + DAY_MS / 2, reason: 'HTTP 500', fetched: 3 },
              { from: weeks[0]?.from ?? 0, to: month.from - 1, reason: 'October only', fetched: 0 },
            ],
          ],
        ]),
      ),
      ['2026-11-01..2026-11-01 2026-W44: HTTP 500'],
      [],
    ],
  ])('%s', (_, read, firstGaps, secondGaps) => {
    const planned = planRollupSources(month, plans, [{ week: weeks[0] ?? month, read }]);
    expect(shown(planned.collections.get(first.id)?.gaps ?? [])).toEqual(firstGaps);
    expect(shown(planned.collections.get(second.id)?.gaps ?? [])).toEqual(secondGaps);
    expect(planned.sources.length + planned.missing.length).toBe(1);
  });

  it('reads each week’s parts in name order, names the weeks drawn on and the weeks missing', () => {
    const planned = planRollupSources(month, plans, [
      {
        week: weeks[4] ?? month,
        read: stored('2026-W48', [part(first.id, 2), part(first.id, 1)], new Map()),
      },
      { week: weeks[5] ?? month, read: { ok: false, reason: '2026-W49 has no stored report' } },
    ]);
    const collection = planned.collections.get(first.id);
    expect(collection?.parts.map((p) => p.key)).toEqual([
      `${folder('2026-W48')}${part(first.id, 1).name}`,
      `${folder('2026-W48')}${part(first.id, 2).name}`,
    ]);
    expect(collection?.entries).toEqual([]);
    expect(collection?.evidenceFile).toBe(`the weekly folders' evidence/${first.id}/`);
    expect(planned.sources).toEqual([
      {
        week: '2026-W48',
        from: weeks[4]?.from,
        to: weeks[4]?.to,
        manifest: `${folder('2026-W48')}manifest.json`,
        manifestSha256: 'sha-2026-W48',
      },
    ]);
    expect(planned.missing).toEqual([
      { week: '2026-W49', from: weeks[5]?.from, to: month.to, reason: '2026-W49 has no stored report' },
    ]);
    expect(rollupEvidence(planned, folder('2026-11'))[0]?.parts.map((p) => p.path)).toEqual([
      `../2026-W48/${part(first.id, 1).name}`,
      `../2026-W48/${part(first.id, 2).name}`,
    ]);
  });
});
