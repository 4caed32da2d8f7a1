import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../functions/core/findings/finding.js';
import { findingFingerprint } from '../../../functions/core/findings/fingerprint.js';
import { defaultComplianceContext } from '../../../functions/core/frameworks/builtin-frameworks.js';
import { parseDay, parseIsoWeek } from '../../../functions/core/period/period.js';
import type { ReportData } from '../../../functions/core/report/report-model.js';
import { buildChannelDigest } from '../../../functions/core/routing/channel-digest.js';
import { webhookBody } from '../../../functions/core/routing/webhook-payload.js';
import { buildDayDigestView } from '../../../functions/core/view/day-digest-view.js';
import { renderDayDigest } from '../../../functions/core/view/render-day-digest.js';

const finding = (title: string, severity: Finding['severity'], subject: string): Finding => ({
  rule: 'impersonation',
  severity,
  title,
  detail: `${title} in detail`,
  section: 'impersonations',
  subject,
});
// One new today, one raised yesterday too: only the first is news.
const fresh = finding('<b>Admin impersonated</b> a user', 'high', 'u-new');
const old = finding('Support impersonated a user', 'medium', 'u-old');
const changed = (f: Finding) => ({
  fingerprint: findingFingerprint(f),
  rule: f.rule,
  severity: f.severity,
  title: f.title,
});

const dayData = (period = parseDay('2026-11-30')): ReportData => ({
  projectId: 'P2demo0000',
  period,
  scope: { kind: 'project' },
  results: [],
  retentionDays: 30,
  compliance: defaultComplianceContext(),
  trends: { available: false, reason: 'not under test' },
  findings: [
    { rule: 'impersonation', description: 'Impersonations', status: 'evaluated', findings: [fresh, old] },
  ],
  changes: {
    comparedWith: '2026-11-29',
    new: [changed(fresh)],
    stillOpen: [changed(old)],
    resolved: [],
    notReevaluated: [],
  },
});
const location = {
  uri: 's3://bucket/reports/P2demo0000/days/2026-11-30/',
  browseUrl: 'https://example.test/report.html',
  prefix: 'reports/P2demo0000/days/2026-11-30/',
};

describe("a day's message: the digest of its new findings", () => {
  it('mails the new findings only, counting the rest, every value escaped', () => {
    const mail = renderDayDigest(buildDayDigestView(dayData(), location));
    expect(mail.subject).toBe('Descope daily review 2026-11-30 · 1 new finding');
    expect(mail.text).toContain('NEW FINDINGS: 1 · 1 high, 0 medium');
    expect(mail.text).toContain('- [High] <b>Admin impersonated</b> a user');
    expect(mail.text).not.toContain(old.title);
    expect(mail.text).toContain('Compared with 2026-11-29: 1 still open and 0 resolved');
    expect(mail.html).toContain('&lt;b&gt;Admin impersonated&lt;/b&gt; a user');
    expect(mail.html).not.toContain('<b>Admin');
    expect(mail.html).not.toContain(old.title);
    expect(mail.text).toContain(location.uri);
  });

  it('tells Slack, Teams and the webhook of the new findings only on a day, of all on a week', () => {
    const digest = buildChannelDigest(dayData(), location, 'medium');
    expect(digest.findings.map((f) => f.title)).toEqual([fresh.title]);
    expect(digest.counts).toMatchObject({ findings: 1, new: 1, stillOpen: 1 });
    const body = JSON.parse(webhookBody(dayData(), 'medium')) as {
      digest?: string;
      findings: Array<{ title: string }>;
      changes: Record<string, unknown>;
    };
    expect(body.digest).toBe('new-findings');
    expect(body.findings.map((f) => f.title)).toEqual([fresh.title]);
    expect(Object.keys(body.changes).sort()).toEqual(['comparedWith', 'new']);

    const week = dayData(parseIsoWeek('2026-W49'));
    expect(buildChannelDigest(week, location, 'medium').findings).toHaveLength(2);
    const weekBody = JSON.parse(webhookBody(week, 'medium')) as { digest?: string; findings: unknown[] };
    expect(weekBody.digest).toBeUndefined();
    expect(weekBody.findings).toHaveLength(2);
  });

  it('says when nothing is new, and when the day had nothing to compare with', () => {
    const quiet = dayData();
    const mail = renderDayDigest(
      buildDayDigestView(
        { ...quiet, changes: { ...(quiet.changes as NonNullable<ReportData['changes']>), new: [] } },
        location,
      ),
    );
    expect(mail.subject).toBe('Descope daily review 2026-11-30 · no new findings');
    expect(mail.text).toContain('NEW FINDINGS: none');
    const first = renderDayDigest(
      buildDayDigestView(
        {
          ...quiet,
          changes: {
            comparedWith: null,
            reason: '2026-11-29 has no stored report',
            new: [],
            stillOpen: [],
            resolved: [],
            notReevaluated: [],
          },
        },
        location,
      ),
    );
    expect(first.text).toContain('Not compared: 2026-11-29 has no stored report; nothing is called new.');
  });
});
