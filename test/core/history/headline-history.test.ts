import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { fingerprintOfTitle } from '../../../functions/core/findings/fingerprint.js';
import {
  historyWeeks,
  mergeFindingTrends,
  mergeHeadlineHistory,
} from '../../../functions/core/history/headline-history.js';
import { parseStoredSummary, type StoredWeek } from '../../../functions/core/history/stored-summary.js';
import type { Trends } from '../../../functions/core/trends/weekly-history.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const geoQuery = BUILTIN_QUERIES.find((q) => q.id === 'failed-logins-by-geo');
const grantQuery = BUILTIN_QUERIES.find((q) => q.id === 'role-grants');
if (!geoQuery || !grantQuery) throw new Error('built-in queries missing');

const week = (
  label: string,
  headlines: Array<[string, number]>,
  geos?: Array<[string, number]>,
): StoredWeek => ({
  week: label,
  schemaVersion: 3,
  complete: true,
  headlines: new Map(headlines),
  ...(geos ? { geos: new Map(geos) } : {}),
  findings: [],
  rulesNotEvaluated: new Set(),
});

const analytics: Trends = {
  available: true,
  history: {
    weeks: ['2026-W43', '2026-W44', '2026-W45', '2026-W46'],
    counts: new Map([['failed-logins-by-geo', [10, 11, 12, 13]]]),
    geos: new Map([['US', [10, 11, 12, 13]]]),
    note: '',
  },
};

describe('the merged headline history', () => {
  it('takes stored figures first, analytics for weeks never reported, and says why a figure is missing', () => {
    const weeks = historyWeeks(TEST_WEEK).map((w) => w.label);
    expect(weeks).toHaveLength(11);
    expect(weeks.at(-1)).toBe('2026-W46');
    const stored = new Map([
      [
        '2026-W46',
        week('2026-W46', [
          ['failed-logins-by-geo', 99],
          ['role-grants', 4],
        ]),
      ],
    ]);
    const history = mergeHeadlineHistory({ weeks, queries: [geoQuery, grantQuery], stored, analytics });
    const geo = history.figures.get('failed-logins-by-geo') ?? [];
    expect(geo.at(-1)).toEqual({ week: '2026-W46', value: 99, source: 'stored-report' });
    expect(geo.at(-2)).toEqual({ week: '2026-W45', value: 12, source: 'analytics' });
    expect(geo.at(0)).toMatchObject({
      value: null,
      source: 'none',
      reason: 'not reported, and outside the analytics weeks',
    });
    const grants = history.figures.get('role-grants') ?? [];
    expect(grants.at(-1)).toEqual({ week: '2026-W46', value: 4, source: 'stored-report' });
    expect(grants.at(-2)).toMatchObject({
      value: null,
      source: 'none',
      reason: 'not reported, and not counted by analytics',
    });
    expect(history.storedWeeks).toEqual(['2026-W46']);
  });

  it('builds the findings’ country history from stored weeks and analytics, or names the weeks it lacks', () => {
    const stored = new Map([['2026-W46', week('2026-W46', [], [['DE', 5]])]]);
    const merged = mergeFindingTrends(TEST_WEEK, stored, analytics);
    expect(merged.available && [...merged.history.geos].sort()).toEqual([
      ['DE', [0, 0, 0, 5]],
      ['US', [10, 11, 12, 0]],
    ]);
    expect(merged.available && merged.history.sources).toEqual([
      'analytics',
      'analytics',
      'analytics',
      'stored-report',
    ]);
    const without = mergeFindingTrends(TEST_WEEK, stored, { available: false, reason: 'analytics refused' });
    expect(without).toEqual({
      available: false,
      reason:
        'no failed-login figures by country for 2026-W43, 2026-W44, 2026-W45 (not reported; analytics refused)',
    });
  });
});

describe('reading a stored summary', () => {
  const base = {
    projectId: 'P1',
    scope: { kind: 'tenant', tenantId: 'T1' },
    period: { label: '2026-W46' },
    complete: true,
    queries: [{ id: 'q', headline: 3 }],
    findings: [{ rule: 'impersonation', severity: 'high', title: 'Impersonation: a signed in as b' }],
  };
  const read = (value: unknown, tenantId?: string) =>
    parseStoredSummary(
      Buffer.from(JSON.stringify(value)),
      { projectId: 'P1', week: '2026-W46', ...(tenantId ? { tenantId } : {}) },
      fingerprintOfTitle,
    );

  it('accepts versions 1 to 3 and fingerprints old findings by rule and title', () => {
    for (const schemaVersion of [undefined, 2, 3, 4]) {
      const parsed = read({ ...base, ...(schemaVersion ? { schemaVersion } : {}) }, 'T1');
      expect(parsed.ok && parsed.week.findings[0]?.fingerprint).toBe(
        fingerprintOfTitle('impersonation', 'Impersonation: a signed in as b'),
      );
    }
  });

  it('refuses a newer version, another tenant, and what is not a summary', () => {
    expect(read({ ...base, schemaVersion: 5 }, 'T1')).toMatchObject({ ok: false, reason: /newer/ });
    expect(read(base, 'T2')).toMatchObject({ ok: false, reason: /another project, scope or period/ });
    expect(read(base)).toMatchObject({ ok: false });
    expect(read({ nope: 1 }, 'T1')).toMatchObject({ ok: false, reason: /not a report summary/ });
  });
});
