import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditAnalyticsSource } from '../../../functions/adapters/audit-analytics-source.js';
import type { EmailMessage, Mailer } from '../../../functions/adapters/mailer.js';
import { validateReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { shiftWeek } from '../../../functions/core/period/period.js';
import { DescopeAuditError } from '../../../functions/shared/errors.js';
import { runWeeklyReport } from '../../../functions/weekly-report/run-weekly-report.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../../support/in-memory-search-api.js';
import { disableAllBut } from '../../support/lean-catalog.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const PREVIOUS = shiftWeek(TEST_WEEK, -1);
const prefixOf = (label: string) => `reports/P2test/${label}/`;

const grant = (occurred: number, user: string) =>
  auditRecord({
    action: 'UserModified',
    userId: user,
    occurred,
    data: { Change: { added_roles: ['Tenant Admin'] } },
  });

const records = [
  // The previous week: 3 failed logins (DE, DE, FR), one privileged grant, one impersonation.
  auditRecord({ geo: 'DE', occurred: PREVIOUS.from + 1000 }),
  auditRecord({ geo: 'DE', occurred: PREVIOUS.from + 2000 }),
  auditRecord({ geo: 'FR', occurred: PREVIOUS.from + 3000 }),
  grant(PREVIOUS.from + 4000, 'U-old'),
  // The reported week: 1 failed login (DE), a grant to someone else.
  auditRecord({ geo: 'DE', occurred: TEST_WEEK.from + 1000 }),
  grant(TEST_WEEK.from + 4000, 'U-new'),
];

/**
 * How each headline finds its previous figure is one rule for every query: a table of each
 * collection the records fill is kept (the other tables would only cost each run their DuckDB work).
 */
function catalog(extra: Record<string, unknown> = {}) {
  const disable = disableAllBut('failed-logins-per-day', 'failed-logins-by-geo', 'role-grants');
  const result = validateReportCatalog({ privilegedRoles: ['Tenant Admin'], disable, ...extra });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.catalog;
}

const refusing: AuditAnalyticsSource & { calls: number } = {
  calls: 0,
  count() {
    this.calls += 1;
    return Promise.reject(
      new DescopeAuditError('Descope analytics search failed: HTTP 503', { status: 503 }),
    );
  },
};

const sent: EmailMessage[] = [];
const mailer: Mailer = {
  async send(message) {
    sent.push(message);
    return { messageId: `m-${sent.length}` };
  },
};

async function run(
  store: ReturnType<typeof inMemoryReportStore>['store'],
  period = TEST_WEEK,
  settings: Record<string, unknown> = {},
) {
  const result = await runWeeklyReport(
    {
      projectId: 'P2test',
      period,
      // The fake clock: a day after the period ends, as the schedule would run.
      now: period.to + 86_400_000,
      catalog: catalog(settings),
      maxResultWindow: 10_000,
      resend: false,
      sender: 'reports@example.com',
      recipients: ['lead@example.com'],
      runId: `run-${period.label}`,
    },
    { search: inMemorySearchApi(records).api, analytics: refusing, store, mailer },
  );
  if (result.state !== 'finished') throw new Error('expected a finished run');
  return result;
}

interface QuerySummary {
  id: string;
  headline: number;
  previousWeekHeadline: number | null;
  previousWeek: { week: string; value: number | null; source: string } | null;
}

/** The previous week, then the reported one, stored by two weekly runs while analytics refuses. */
let twoWeeks: { text: (key: string) => string; email: EmailMessage | undefined };
beforeAll(async () => {
  const { store, text } = inMemoryReportStore();
  await run(store, PREVIOUS);
  sent.length = 0;
  await run(store);
  twoWeeks = { text, email: sent[0] };
});

describe('history from the stored reports', () => {
  it('gives every headline its previous figure from last week’s stored summary when analytics refuses', async () => {
    const { text } = twoWeeks;
    const previous = JSON.parse(text(`${prefixOf(PREVIOUS.label)}summary.json`));
    const summary = JSON.parse(text(`${prefixOf(TEST_WEEK.label)}summary.json`));
    expect(summary.schemaVersion).toBe(4);
    const before = new Map<string, number>(
      previous.queries.map((q: QuerySummary) => [q.id, q.headline] as [string, number]),
    );
    for (const q of summary.queries as QuerySummary[]) {
      expect(q.previousWeek).toEqual({
        week: PREVIOUS.label,
        value: before.get(q.id),
        source: 'stored-report',
      });
      expect(q.previousWeekHeadline).toBe(before.get(q.id));
    }
    const byId = new Map<string, QuerySummary>(summary.queries.map((q: QuerySummary) => [q.id, q]));
    expect(byId.get('failed-logins-by-geo')?.previousWeek?.value).toBe(3);
    // Role grants have no analytics figure at all: the stored report is the only source.
    expect(byId.get('role-grants')?.previousWeek?.value).toBe(1);
    expect(summary.history.storedWeeks).toEqual([PREVIOUS.label]);
    const html = text(`${prefixOf(TEST_WEEK.label)}report.html`);
    expect(html).toContain(`vs 3 in ${PREVIOUS.label} (stored report)`);
    // The 12-week table and the sparkline: weeks never reported (analytics refusing) have no figure.
    const nothing = Array.from({ length: 10 }, () => null);
    const grants = summary.weeklyTable.rows.find((r: { id: string }) => r.id === 'role-grants');
    expect(summary.weeklyTable.weeks).toHaveLength(12);
    expect(summary.weeklyTable.weeks.at(-1)).toBe(TEST_WEEK.label);
    expect(grants.values).toEqual([...nothing, 1, 1]);
    expect(grants.sources).toEqual([...nothing.map(() => 'none'), 'stored-report', 'this-report']);
    const label = `Failed logins, 12 weeks 2026-W36 to 2026-W47: ${nothing.map(() => 'no figure').join(', ')}, 3, 1`;
    expect(html).toContain(`role="img" aria-label="${label}"><title>${label}</title>`);
  });

  it('opens the report and the email with the findings new, still open and resolved since last week', async () => {
    const { text, email } = twoWeeks;
    const summary = JSON.parse(text(`${prefixOf(TEST_WEEK.label)}summary.json`));
    const titles = (list: Array<{ title: string }>) => list.map((f) => f.title);
    expect(summary.changes.comparedWith).toBe(PREVIOUS.label);
    expect(titles(summary.changes.new)).toEqual(['Privileged role granted: Tenant Admin']);
    expect(titles(summary.changes.resolved)).toEqual(['Privileged role granted: Tenant Admin']);
    expect(summary.changes.new[0].fingerprint).not.toBe(summary.changes.resolved[0].fingerprint);
    expect(summary.changes.stillOpen).toEqual([]);
    expect(summary.findings[0].fingerprint).toBe(summary.changes.new[0].fingerprint);
    expect(email?.subject.startsWith(`Descope audit report ${TEST_WEEK.label} · 1 new · 1 finding`)).toBe(
      true,
    );
    const body = email?.text ?? '';
    expect(body.indexOf('WHAT CHANGED: 1 new · 0 still open · 1 resolved since 2026-W46')).toBeGreaterThan(0);
    expect(body.indexOf('WHAT CHANGED')).toBeLessThan(body.indexOf('FINDINGS:'));
    const html = text(`${prefixOf(TEST_WEEK.label)}report.html`);
    expect(html.indexOf('id="changes"')).toBeLessThan(html.indexOf('id="findings"'));
    // The week before had no stored report: nothing is called new there.
    const first = JSON.parse(text(`${prefixOf(PREVIOUS.label)}summary.json`));
    expect(first.changes).toMatchObject({ comparedWith: null, new: [], resolved: [] });
  });

  it('gives a tenant report the figures of its own stored reports', async () => {
    const { store, text } = inMemoryReportStore();
    const tenants = { tenants: { enabled: true, include: ['T1'] } };
    const tenantRecords = [
      auditRecord({ geo: 'DE', tenants: ['T1'], occurred: PREVIOUS.from + 5000 }),
      auditRecord({ geo: 'DE', tenants: ['T1'], occurred: PREVIOUS.from + 6000 }),
    ];
    records.push(...tenantRecords);
    try {
      await run(store, PREVIOUS, tenants);
      await run(store, TEST_WEEK, tenants);
    } finally {
      records.splice(records.length - tenantRecords.length);
    }
    const headline = (key: string) =>
      JSON.parse(text(key)).queries.find((q: QuerySummary) => q.id === 'failed-logins-by-geo').previousWeek;
    expect(headline(`${prefixOf(TEST_WEEK.label)}tenants/T1/summary.json`)).toEqual({
      week: PREVIOUS.label,
      value: 2,
      source: 'stored-report',
    });
    expect(headline(`${prefixOf(TEST_WEEK.label)}summary.json`)).toMatchObject({ value: 5 });
  });

  it('needs no analytics search when the stored reports cover the findings’ four weeks', async () => {
    const { store, text } = inMemoryReportStore();
    for (const weeks of [-4, -3, -2, -1]) await run(store, shiftWeek(TEST_WEEK, weeks));
    refusing.calls = 0;
    await run(store);
    expect(refusing.calls).toBe(0);
    const summary = JSON.parse(text(`${prefixOf(TEST_WEEK.label)}summary.json`));
    expect(summary.trends).toMatchObject({ available: true, source: 'stored-reports' });
    expect(summary.trends.sources).toEqual([
      'stored-report',
      'stored-report',
      'stored-report',
      'stored-report',
    ]);
    const rule = summary.findingRules.find((r: { rule: string }) => r.rule === 'new-country');
    expect(rule.status).toMatch(/^evaluated/);
    // DE had failed logins in the previous week: it is not new.
    expect(summary.findings.filter((f: { rule: string }) => f.rule === 'new-country')).toEqual([]);
  });

  it('reads an older summary without schemaVersion, per headline when its catalog lacked a query', async () => {
    const { store, text, objects } = inMemoryReportStore();
    const old = {
      projectId: 'P2test',
      scope: { kind: 'project' },
      period: { label: PREVIOUS.label },
      complete: true,
      queries: [{ id: 'failed-logins-by-geo', headline: 41 }],
      findings: [{ rule: 'new-country', severity: 'high', title: 'Failed logins from a new country: DE' }],
    };
    objects.set(`${prefixOf(PREVIOUS.label)}summary.json`, Buffer.from(JSON.stringify(old)));
    // A summary of another project in a week's folder is never trusted.
    const foreign = { ...old, projectId: 'P2other', period: { label: shiftWeek(TEST_WEEK, -2).label } };
    objects.set(
      `${prefixOf(shiftWeek(TEST_WEEK, -2).label)}summary.json`,
      Buffer.from(JSON.stringify(foreign)),
    );
    await run(store);
    const summary = JSON.parse(text(`${prefixOf(TEST_WEEK.label)}summary.json`));
    const byId = new Map<string, QuerySummary>(summary.queries.map((q: QuerySummary) => [q.id, q]));
    expect(byId.get('failed-logins-by-geo')?.previousWeek).toEqual({
      week: PREVIOUS.label,
      value: 41,
      source: 'stored-report',
    });
    expect(byId.get('role-grants')?.previousWeek).toMatchObject({
      value: null,
      source: 'none',
      reason: 'the stored report has no such query',
    });
    expect(summary.history.notes).toEqual([
      `${prefixOf(shiftWeek(TEST_WEEK, -2).label)}summary.json was not used: it belongs to another project, scope or period`,
    ]);
  });

  it('refuses a week past retention before any Descope request, saying whether it is stored', async () => {
    const { store } = inMemoryReportStore();
    await run(store, PREVIOUS);
    const later = TEST_WEEK.to + 40 * 86_400_000;
    const search = inMemorySearchApi(records);
    refusing.calls = 0;
    const attempt = (period: typeof TEST_WEEK) =>
      runWeeklyReport(
        {
          projectId: 'P2test',
          period,
          now: later,
          catalog: catalog(),
          maxResultWindow: 10_000,
          resend: false,
          sender: 'reports@example.com',
          recipients: [],
          runId: 'late',
        },
        { search: search.api, analytics: refusing, store },
      );
    await expect(attempt(TEST_WEEK)).rejects.toThrow(
      /no report of it is stored: it can no longer be read in full, and it is never produced from Descope analytics alone/,
    );
    await expect(attempt(PREVIOUS)).rejects.toThrow(
      /Its stored report is at reports\/P2test\/2026-W46\/ \(manifest SHA-256 [0-9a-f]{64}\)/,
    );
    expect(search.requests).toHaveLength(0);
    expect(refusing.calls).toBe(0);
  });
});
