import { describe, expect, it } from 'vitest';
import { BUILTIN_FRAMEWORKS } from '../../../functions/core/frameworks/builtin-frameworks.js';
import { evaluateCoverage } from '../../../functions/core/frameworks/coverage.js';
import { reviewStanding } from '../../../functions/core/frameworks/review-cadence.js';
import { parseDay, parseIsoWeek } from '../../../functions/core/period/period.js';
import type { CollectionSource } from '../../../functions/core/report/collection-source.js';
import type { ReportData } from '../../../functions/core/report/report-model.js';

const SCHEDULE = 'cron(30 1 * * ? *) UTC';

const report = (
  period: ReportData['period'],
  dailySchedule: string | undefined,
  source?: CollectionSource,
): ReportData => ({
  projectId: 'P2test0000',
  period,
  scope: { kind: 'project' },
  results: [],
  retentionDays: 30,
  trends: { available: false, reason: 'not under test' },
  findings: [],
  source,
  compliance: {
    frameworks: { frameworks: BUILTIN_FRAMEWORKS },
    deployment: { anchored: false, cadence: 'weekly', dailySchedule },
  },
});
const day = parseDay('2026-11-30');
const week = parseIsoWeek('2026-W48');
const sevenDays: CollectionSource = {
  kind: 'search',
  streamOnly: [],
  days: {
    used: true,
    days: Array.from({ length: 7 }, (_, i) => ({ day: `2026-11-${23 + i}`, manifest: 'm', sha256: 'a' })),
  },
};
const missingDay: CollectionSource = {
  kind: 'search',
  streamOnly: [],
  days: { used: false, reason: '2026-11-25 has no stored report' },
};

const facts = {} as Extract<CollectionSource, { kind: 'stream' }>['facts'];
const streamSevenDays: CollectionSource = {
  kind: 'stream',
  facts,
  days: {
    verified: true,
    days: Array.from({ length: 7 }, (_, i) => ({ day: `2026-11-${23 + i}`, manifest: 'm', sha256: 'a' })),
  },
};
const streamFailedDay: CollectionSource = {
  kind: 'stream',
  facts,
  days: { verified: false, reason: "2026-11-26's report is incomplete (it has gaps)" },
};

describe('daily review (PCI DSS 10.4.1) in the coverage matrix', () => {
  it.each([
    [
      'a day without a stated schedule',
      report(day, undefined),
      false,
      /no daily review schedule is configured/,
    ],
    [
      'a week without a stated schedule',
      report(week, undefined, sevenDays),
      false,
      /no daily review schedule/,
    ],
    [
      'a day with the schedule',
      report(day, SCHEDULE),
      true,
      /this is the daily review of 2026-11-30 \(schedule cron/,
    ],
    [
      'a week of seven verified days',
      report(week, SCHEDULE, sevenDays),
      true,
      /seven daily reviews are stored and verified/,
    ],
    [
      'a week missing a day',
      report(week, SCHEDULE, missingDay),
      false,
      /\(2026-11-25 has no stored report\)/,
    ],
    [
      'a stream week whose seven daily reviews it checked',
      report(week, SCHEDULE, streamSevenDays),
      true,
      /seven daily reviews are stored and verified/,
    ],
    [
      'a stream week with a day that does not stand',
      report(week, SCHEDULE, streamFailedDay),
      false,
      /\(2026-11-26's report is incomplete \(it has gaps\)\)/,
    ],
    [
      'a stream week that states no check of its days',
      report(week, SCHEDULE, { kind: 'stream', facts }),
      false,
      /stored days were not checked/,
    ],
    [
      'a week whose stored days were not checked',
      report(week, SCHEDULE, undefined),
      false,
      /stored days were not checked/,
    ],
  ])('%s', (_name, data, met, why) => {
    const standing = reviewStanding(data, 'daily');
    expect(standing.frequencyMet).toBe(met);
    expect(standing.frequency).toMatch(why);
    // The matrix says the same for the control.
    const control = evaluateCoverage(data)
      .find((f) => f.framework === 'pci-dss')
      ?.controls.find((c) => c.ref.control === '10.4.1');
    expect(control).toMatchObject({ frequencyMet: met, frequency: standing.frequency });
  });

  it('meets weekly and rarer frequencies on a day report, and judges them by cadence on a week', () => {
    expect(reviewStanding(report(day, undefined), 'weekly')).toEqual({
      frequency: 'weekly: met by daily reports',
      frequencyMet: true,
    });
    expect(reviewStanding(report(week, undefined), 'quarterly').frequencyMet).toBe(true);
    expect(reviewStanding(report(week, undefined), undefined)).toEqual({
      frequency: 'not stated',
      frequencyMet: true,
    });
  });
});
