import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AuditAnalyticsSource } from '../../functions/adapters/audit-analytics-source.js';
import type { EmailMessage, Mailer } from '../../functions/adapters/mailer.js';
import type { ManifestSigner } from '../../functions/adapters/manifest-signer.js';
import type { ReportAnchor, ReportAnchorEvent } from '../../functions/adapters/report-anchor.js';
import { validateReportCatalog } from '../../functions/core/catalog/report-catalog.js';
import { sha256Hex } from '../../functions/core/integrity/manifest.js';
import { formatEvidenceLine } from '../../functions/core/records/evidence-line.js';
import {
  DescopeAuditError,
  EvidenceIntegrityError,
  ManifestSigningError,
  ReportDeliveryError,
} from '../../functions/shared/errors.js';
import { runWeeklyReport as runUseCase } from '../../functions/weekly-report/run-weekly-report.js';
import { auditRecord } from '../support/audit-record-builder.js';
import { inMemoryReportStore } from '../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../support/in-memory-search-api.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { TEST_WEEK } from '../support/query-result-builder.js';

const now = TEST_WEEK.to + 86_400_000;
const prefix = `reports/P2test/${TEST_WEEK.label}/`;
const records = [
  auditRecord({ geo: 'DE', tenants: ['T1'], occurred: TEST_WEEK.from + 1000 }),
  auditRecord({ geo: 'DE', tenants: ['T2'], occurred: TEST_WEEK.from + 2000 }),
  auditRecord({ geo: 'US', tenants: [], occurred: TEST_WEEK.from + 3000 }),
];

/**
 * The use case's order of work is under test, not the tables: the one read here is kept, and one of
 * another collection (a run pauses between collections).
 */
function catalogOf(value: Record<string, unknown>) {
  const disable = disableAllBut('failed-logins-by-geo', 'permission-changes');
  const result = validateReportCatalog({ disable, ...value });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.catalog;
}

function mailer(failFor: string[] = []) {
  const sent: EmailMessage[] = [];
  const fake: Mailer = {
    async send(message) {
      if (message.to.some((to) => failFor.includes(to))) throw new ReportDeliveryError('SES refused');
      sent.push(message);
      return { messageId: `m-${sent.length}` };
    },
  };
  return { fake, sent };
}

const failingAnalytics: AuditAnalyticsSource = {
  count: () =>
    Promise.reject(new DescopeAuditError('Descope analytics search failed: HTTP 500', { status: 500 })),
};

const input = (catalog = catalogOf({})) => ({
  projectId: 'P2test',
  period: TEST_WEEK,
  now,
  catalog,
  maxResultWindow: 10_000,
  resend: false,
  sender: 'reports@example.com',
  recipients: ['lead@example.com'],
  runId: 'run-1',
});

/** The use case, run to the end (nothing asks it to pause here). */
async function runWeeklyReport(...args: Parameters<typeof runUseCase>) {
  const result = await runUseCase(...args);
  if (result.state !== 'finished') throw new Error('expected a finished run');
  return result;
}

describe('the weekly report use case', () => {
  it('fails on an unreadable signing key before any Descope request', async () => {
    const { store } = inMemoryReportStore();
    const search = inMemorySearchApi(records);
    const signer: ManifestSigner = {
      key: () =>
        Promise.reject(new ManifestSigningError('The signing key must be ECC_NIST_P256, got RSA_2048')),
      sign: () => Promise.reject(new Error('not reached')),
    };
    await expect(runUseCase(input(), { search: search.api, store, sealing: { signer } })).rejects.toThrow(
      ManifestSigningError,
    );
    expect(search.requests).toHaveLength(0);
  });

  it('still renders when the analytics search fails, and says trends are unavailable', async () => {
    const { store, text } = inMemoryReportStore();
    const result = await runWeeklyReport(input(), {
      search: inMemorySearchApi(records).api,
      analytics: failingAnalytics,
      store,
    });
    expect(result.complete).toBe(true);
    const summary = JSON.parse(text(`${prefix}summary.json`));
    expect(summary.trends).toEqual({
      available: false,
      reason: 'the Descope analytics search failed (Descope analytics search failed: HTTP 500)',
    });
    expect(summary.findingRules[0].status).toMatch(/^not evaluated: no history/);
    expect(text(`${prefix}report.html`)).toContain('Week-over-week trends are unavailable');
    expect(
      summary.queries.find((q: { id: string }) => q.id === 'failed-logins-by-geo').previousWeekHeadline,
    ).toBeNull();
  });

  it('mails each tenant its own report once, and the project report to the project recipients', async () => {
    const { store, objects } = inMemoryReportStore();
    const { fake, sent } = mailer();
    const catalog = catalogOf({
      tenants: { enabled: true, recipients: { T1: ['sec@t1.example'], T3: ['sec@t3.example'] } },
    });
    const deps = { search: inMemorySearchApi(records).api, store, mailer: fake };
    const result = await runWeeklyReport(input(catalog), deps);
    expect(result.tenants.map((t) => [t.tenantId, t.email.status])).toEqual([
      ['T1', 'sent'],
      ['T2', 'not-sent'],
      ['T3', 'sent'],
    ]);
    expect(sent.map((m) => [m.to.join(), m.subject])).toEqual([
      ['lead@example.com', 'Descope audit report 2026-W47'],
      ['sec@t1.example', 'Descope audit report 2026-W47 · tenant T1'],
      ['sec@t3.example', 'Descope audit report 2026-W47 · tenant T3'],
    ]);
    expect(objects.has(`${prefix}tenants/T1/delivery.json`)).toBe(true);
    expect(objects.has(`${prefix}tenants/T2/delivery.json`)).toBe(false);

    const again = await runWeeklyReport(input(catalog), deps);
    expect([again.email.status, ...again.tenants.map((t) => t.email.status)]).toEqual([
      'already-sent',
      'already-sent',
      'not-sent',
      'already-sent',
    ]);
    expect(sent).toHaveLength(3);
  });

  it('tries every tenant email before reporting a failed one', async () => {
    const { store } = inMemoryReportStore();
    const { fake, sent } = mailer(['sec@t1.example']);
    const catalog = catalogOf({
      tenants: { enabled: true, recipients: { T1: ['sec@t1.example'], T2: ['sec@t2.example'] } },
    });
    await expect(
      runWeeklyReport(input(catalog), { search: inMemorySearchApi(records).api, store, mailer: fake }),
    ).rejects.toThrow(ReportDeliveryError);
    expect(sent.map((m) => m.to.join())).toEqual(['lead@example.com', 'sec@t2.example']);
  });

  it('anchors the sealed report before mailing it, so a failed email leaves it anchored', async () => {
    const { store, objects } = inMemoryReportStore();
    const { fake } = mailer(['lead@example.com']);
    const anchored: ReportAnchorEvent[] = [];
    const anchor: ReportAnchor = {
      find: () => Promise.resolve([]),
      write: async (event) => {
        anchored.push(event);
      },
    };
    await expect(
      runWeeklyReport(input(), { search: inMemorySearchApi(records).api, store, mailer: fake, anchor }),
    ).rejects.toThrow(ReportDeliveryError);
    const manifest = objects.get(`${prefix}manifest.json`);
    if (!manifest) throw new Error('expected the stored manifest');
    expect(anchored).toEqual([
      {
        projectId: 'P2test',
        period: TEST_WEEK.label,
        manifestKey: `${prefix}manifest.json`,
        manifestSha256: sha256Hex(manifest),
        keyFingerprint: null,
      },
    ]);
    expect(objects.has(`${prefix}anchor.json`)).toBe(true);
  });

  it('fails with a named error, storing no report, when evidence was replaced after it was written', async () => {
    const { store, objects } = inMemoryReportStore();
    let asked = 0;
    // Time for the first collection only, whose evidence part is then replaced before the run resumes.
    const paused = await runUseCase(
      { ...input(), shouldContinue: () => asked++ < 1 },
      { search: inMemorySearchApi(records).api, store },
    );
    expect(paused.state).toBe('paused');
    const part = `${prefix}evidence/login-failures/part-0001.ndjson.gz`;
    expect(objects.has(part)).toBe(true);
    // What a second run of the same week would leave there: valid evidence, but not this run's.
    objects.set(part, gzipSync(formatEvidenceLine(auditRecord({ occurred: TEST_WEEK.from + 9 }))));
    await expect(
      runUseCase({ ...input(), resume: true }, { search: inMemorySearchApi(records).api, store }),
    ).rejects.toBeInstanceOf(EvidenceIntegrityError);
    expect(objects.has(`${prefix}report.html`)).toBe(false);
  });
});
