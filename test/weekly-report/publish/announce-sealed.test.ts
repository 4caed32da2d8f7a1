import { describe, expect, it } from 'vitest';
import type { EmailMessage, Mailer } from '../../../functions/adapters/mailer.js';
import type { ReportAnchor, ReportAnchorEvent } from '../../../functions/adapters/report-anchor.js';
import { validateReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { ReportAnchorError, ReportDeliveryError } from '../../../functions/shared/errors.js';
import { runWeeklyReport } from '../../../functions/weekly-report/run-weekly-report.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../../support/in-memory-search-api.js';
import { disableAllBut } from '../../support/lean-catalog.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const prefix = `reports/P2test/${TEST_WEEK.label}/`;
const records = [
  auditRecord({ tenants: ['T1'], occurred: TEST_WEEK.from + 1000 }),
  auditRecord({ tenants: ['T2'], occurred: TEST_WEEK.from + 2000 }),
];
// Anchoring and mail are under test, not the tables: one is kept.
const validated = validateReportCatalog({
  tenants: { enabled: true, recipients: { T1: ['sec@t1.example'], T2: ['sec@t2.example'] } },
  disable: disableAllBut('failed-logins-by-geo'),
});
if (!validated.ok) throw new Error(validated.problems.join('; '));
const input = {
  projectId: 'P2test',
  period: TEST_WEEK,
  now: TEST_WEEK.to + 86_400_000,
  catalog: validated.catalog,
  maxResultWindow: 10_000,
  resend: false,
  sender: 'reports@example.com',
  recipients: ['lead@example.com'],
  runId: 'run-1',
};

function recordingAnchor(fail = false) {
  const written: ReportAnchorEvent[] = [];
  const anchor: ReportAnchor = {
    find: async () => [],
    async write(event) {
      if (fail) throw new ReportAnchorError('Descope refused the anchor event');
      written.push(event);
    },
  };
  return { anchor, written };
}

function mailer(failFor: string[]) {
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

describe('anchoring and delivery of a sealed report', () => {
  it('anchors the project manifest even when a tenant email fails, then reports the failure', async () => {
    const { store, objects } = inMemoryReportStore();
    const { anchor, written } = recordingAnchor();
    const { fake } = mailer(['sec@t1.example']);
    await expect(
      runWeeklyReport(input, { search: inMemorySearchApi(records).api, store, mailer: fake, anchor }),
    ).rejects.toThrow(ReportDeliveryError);
    expect(written.map((e) => e.manifestKey)).toEqual([`${prefix}manifest.json`]);
    expect(objects.has(`${prefix}anchor.json`)).toBe(true);
  });

  it('still sends every email when the anchor cannot be written, then reports the anchor failure', async () => {
    const { store } = inMemoryReportStore();
    const { anchor } = recordingAnchor(true);
    const { fake, sent } = mailer([]);
    await expect(
      runWeeklyReport(input, { search: inMemorySearchApi(records).api, store, mailer: fake, anchor }),
    ).rejects.toThrow(ReportAnchorError);
    expect(sent.map((m) => m.to.join())).toEqual(['lead@example.com', 'sec@t1.example', 'sec@t2.example']);
  });
});
