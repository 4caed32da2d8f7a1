import { describe, expect, it } from 'vitest';
import { BinderPrintError } from '../../../functions/adapters/lambda-pdf-printer.js';
import type { EmailMessage, Mailer } from '../../../functions/adapters/mailer.js';
import { validateReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { defaultComplianceContext } from '../../../functions/core/frameworks/builtin-frameworks.js';
import {
  parseMonth,
  previousCompleteMonth,
  previousCompleteQuarter,
} from '../../../functions/core/period/rollup-period.js';
import { parseReportEvent } from '../../../functions/weekly-report/entry/report-event.js';
import {
  runScheduledRollup,
  SCHEDULED_BINDER_GAP,
} from '../../../functions/weekly-report/entry/run-scheduled-rollup.js';
import { runRollup } from '../../../functions/weekly-report/run-rollup.js';
import { lambdaEnvironmentSchema, parseEnvironment } from '../../../functions/weekly-report/wiring/config.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { disableAllBut } from '../../support/lean-catalog.js';

/** Schedules, mail and the binder are under test, not the tables (each SQL one a DuckDB process): one is kept. */
const LEAN = { disable: disableAllBut('failed-logins-by-geo') };

describe('the monthly and quarterly schedules', () => {
  it('report the month or quarter just ended before the scheduled time', () => {
    expect(previousCompleteMonth(Date.parse('2026-12-02T08:00:00Z')).label).toBe('2026-11');
    expect(previousCompleteMonth(Date.parse('2027-01-02T08:00:00Z')).label).toBe('2026-12');
    expect(previousCompleteQuarter(Date.parse('2027-01-02T08:00:00Z')).label).toBe('2026-Q4');
    expect(previousCompleteQuarter(Date.parse('2026-05-20T08:00:00Z')).label).toBe('2026-Q1');
    expect(parseReportEvent({ rollup: 'quarter', scheduledTime: '2027-01-02T08:00:00Z' })).toMatchObject({
      rollup: 'quarter',
      trigger: 'schedule',
      period: { label: '2026-Q4' },
    });
    // The weekly schedule's payload still reports a week.
    expect(parseReportEvent({ scheduledTime: '2027-01-04T06:00:00Z' }).rollup).toBeUndefined();
  });

  it('fails naming the variable when a rollup schedule fires without its recipients', async () => {
    const config = parseEnvironment(lambdaEnvironmentSchema, {
      DESCOPE_PROJECT_ID: 'P2test0000000000000000000000',
      DESCOPE_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x',
      REPORT_BUCKET: 'bucket',
      REPORT_SENDER: 'reports@example.com',
      REPORT_RECIPIENTS: 'lead@example.com',
      AWS_REGION: 'us-east-1',
    });
    const request = parseReportEvent({ rollup: 'month', scheduledTime: '2026-12-02T08:00:00Z' });
    await expect(
      runScheduledRollup({ ...config, compliance: defaultComplianceContext() }, request),
    ).rejects.toThrow(/REPORT_MONTHLY_RECIPIENTS is not set/);
  });

  it('mails the rollup once to its own recipients, saying which weeks are missing', async () => {
    const { store } = inMemoryReportStore();
    const sent: EmailMessage[] = [];
    const mailer: Mailer = {
      async send(message) {
        sent.push(message);
        return { messageId: 'm-1' };
      },
    };
    const catalog = validateReportCatalog(LEAN);
    if (!catalog.ok) throw new Error('catalog');
    const input = {
      projectId: 'P2test',
      period: parseMonth('2026-11'),
      now: Date.parse('2026-12-02T08:00:00Z'),
      catalog: catalog.catalog,
    };
    const deps = {
      store,
      mail: { mailer, sender: 'reports@example.com', recipients: ['controller@example.org'] },
    };
    const first = await runRollup(input, deps);
    const again = await runRollup(input, deps);
    expect([first.email.status, again.email.status]).toEqual(['sent', 'already-sent']);
    expect(sent.map((m) => [m.to.join(), m.subject])).toEqual([
      ['controller@example.org', 'Descope audit report 2026-11 (INCOMPLETE)'],
    ]);
    expect(sent[0]?.text).toContain('- Missing: 2026-W44');
    expect(first.data.rollup?.missing.map((w) => w.week)).toEqual([
      '2026-W44',
      '2026-W45',
      '2026-W46',
      '2026-W47',
      '2026-W48',
      '2026-W49',
    ]);
  });

  it.each([
    ['without a printer, states the binder as not produced, in summary.json and the report', false],
    ['with a printer, prints the binder and states no gap', true],
  ])('a scheduled rollup %s', async (_what, printing) => {
    const { store, objects } = inMemoryReportStore();
    const catalog = validateReportCatalog(LEAN);
    if (!catalog.ok) throw new Error('catalog');
    const printer = { print: async () => Buffer.from('%PDF-1.4 binder') };
    const result = await runRollup(
      {
        projectId: 'P2test',
        period: parseMonth('2026-11'),
        now: Date.parse('2026-12-02T08:00:00Z'),
        catalog: catalog.catalog,
        binderUnavailable: SCHEDULED_BINDER_GAP,
      },
      { store, printer: printing ? printer : undefined },
    );
    const summary = JSON.parse(objects.get(`${result.prefix}summary.json`)?.toString('utf8') ?? '{}');
    const html = objects.get(`${result.prefix}report.html`)?.toString('utf8') ?? '';
    const manifest = JSON.parse(objects.get(`${result.prefix}manifest.json`)?.toString('utf8') ?? '{}') as {
      files: Array<{ name: string }>;
    };
    const listed = manifest.files.map((f) => f.name);
    if (printing) {
      expect(listed).toContain('binder.pdf');
      expect(summary.rollup.binder).toBeUndefined();
      expect(html).not.toContain('binder.pdf NOT produced');
    } else {
      expect(listed).not.toContain('binder.pdf');
      expect(summary.rollup.binder).toEqual({ produced: false, reason: SCHEDULED_BINDER_GAP });
      expect(html).toContain('binder.pdf NOT produced: the report function runs on ARM64');
    }
  });
});

describe('a scheduled rollup whose binder printer fails', () => {
  const catalog = validateReportCatalog(LEAN);
  const input = () => {
    if (!catalog.ok) throw new Error('catalog');
    return {
      projectId: 'P2test',
      period: parseMonth('2026-11'),
      now: Date.parse('2026-12-02T08:00:00Z'),
      catalog: catalog.catalog,
      binderUnavailable: SCHEDULED_BINDER_GAP,
    };
  };

  it('is stored and sealed without binder.pdf, the failure stated in summary.json and the report', async () => {
    const { store, objects } = inMemoryReportStore();
    const printer = {
      print: async () => {
        throw new BinderPrintError(
          'the binder printer reporter-binder failed (Unhandled): Chromium did not start',
        );
      },
    };
    const result = await runRollup(input(), { store, printer });
    const summary = JSON.parse(objects.get(`${result.prefix}summary.json`)?.toString('utf8') ?? '{}');
    const manifest = JSON.parse(objects.get(`${result.prefix}manifest.json`)?.toString('utf8') ?? '{}') as {
      files: Array<{ name: string }>;
    };
    expect(manifest.files.map((f) => f.name)).not.toContain('binder.pdf');
    expect(summary.rollup.binder).toEqual({
      produced: false,
      reason:
        'binder printing failed: the binder printer reporter-binder failed (Unhandled): Chromium did not start',
    });
    expect(objects.get(`${result.prefix}report.html`)?.toString('utf8')).toContain(
      'binder.pdf NOT produced: binder printing failed: the binder printer reporter-binder failed',
    );
  });

  it('fails the run on any other error while printing (a store that cannot be read is no binder gap)', async () => {
    const { store } = inMemoryReportStore();
    const printer = {
      print: async () => {
        throw new Error('disk full');
      },
    };
    await expect(runRollup(input(), { store, printer })).rejects.toThrow('disk full');
  });
});
