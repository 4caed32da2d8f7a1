import { describe, expect, it } from 'vitest';
import { defaultReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { analyticsUnneeded, STORED_WEEKS_SUFFICE } from '../../../functions/core/history/analytics-need.js';
import { historyWeeks } from '../../../functions/core/history/headline-history.js';
import type { StoredWeek } from '../../../functions/core/history/stored-summary.js';
import { HISTORY_WEEKS } from '../../../functions/core/trends/weekly-history.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const catalog = defaultReportCatalog();
const everyHeadline = catalog.queries.map((q): [string, number] => [q.id, 1]);

const stored = (
  label: string,
  options: { geos?: boolean; headlines?: Array<[string, number]> },
): StoredWeek => ({
  week: label,
  schemaVersion: 3,
  complete: true,
  headlines: new Map(options.headlines ?? everyHeadline),
  geos: options.geos === false ? undefined : new Map([['DE', 1]]),
  findings: [],
  rulesNotEvaluated: new Set(),
});

/** Stored weeks keyed by label: the last `count` of the report's history weeks, each as `options` says. */
const weeks = (count: number, options: Parameters<typeof stored>[1] = {}) =>
  new Map(
    historyWeeks(TEST_WEEK)
      .filter((_, i, all) => i >= all.length - count)
      .map((w) => [w.label, stored(w.label, options)]),
  );

describe('whether the stored weeks suffice instead of an analytics search', () => {
  it.each([
    ['every history week stored, with countries and every headline', weeks(11), false, STORED_WEEKS_SUFFICE],
    ["only the findings' weeks stored, complete", weeks(HISTORY_WEEKS), false, STORED_WEEKS_SUFFICE],
    ["one of the findings' weeks missing", weeks(HISTORY_WEEKS - 1), false, undefined],
    ['no week stored', weeks(0), false, undefined],
    ['a week without countries (an older summary)', weeks(11, { geos: false }), false, undefined],
    [
      'a week without one query’s headline',
      weeks(11, { headlines: everyHeadline.slice(1) }),
      false,
      undefined,
    ],
    ['per-tenant reports on (their history needs the tenant search)', weeks(11), true, undefined],
  ])('%s', (_, stored, tenants, expected) => {
    const settings = { ...catalog, tenants: { ...catalog.tenants, enabled: tenants } };
    expect(analyticsUnneeded(TEST_WEEK, stored, settings)).toBe(expected);
  });
});
