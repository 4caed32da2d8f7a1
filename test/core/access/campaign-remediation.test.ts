import { describe, expect, it } from 'vitest';
import { foldItem } from '../../../functions/core/access/campaign-progress.js';
import { isCampaignDue } from '../../../functions/core/access/campaign-schedule.js';
import { parseCampaignSettings } from '../../../functions/core/access/campaign-settings.js';
import { decisionsTable } from '../../../functions/core/access/decisions-table.js';
import { checkRemediation, findRemovalEvent } from '../../../functions/core/access/remediation.js';
import { renderCsv } from '../../../functions/core/view/csv.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { DAY, NOW } from './access-builders.js';
import { carol, demoCampaign, record } from './campaign-builders.js';

const campaign = demoCampaign({ coverage: 'all' });
const bobViewer = campaign.items.find((i) => i.principal.label.startsWith('bob') && i.role === 'Viewer');
const alice = campaign.items.find((i) => i.principal.label.startsWith('alice'));
if (!bobViewer || !alice) throw new Error('demo campaign changed');

describe('finding the audit event that removed a role', () => {
  const removed = (role: string, tenants: string[], key = 'removed_multi_tenant_roles', at = NOW + DAY) =>
    auditRecord({
      action: 'UserModified',
      occurred: at,
      userId: 'bob',
      tenants,
      data: { Change: { [key]: [role] } },
    });

  it('prefers an event naming the role in its tenant, and falls back to any change of the user', () => {
    expect(findRemovalEvent(bobViewer, [removed('viewer', ['T1'])], NOW)?.namesRole).toBe(true);
    const elsewhere = findRemovalEvent(bobViewer, [removed('Viewer', ['T2'])], NOW);
    expect(elsewhere?.namesRole).toBe(false);
    expect(
      findRemovalEvent(bobViewer, [removed('Viewer', ['T1'], 'removed_multi_tenant_roles', NOW - DAY)], NOW),
    ).toBeUndefined();
    expect(findRemovalEvent(alice, [removed('Viewer', ['T1'])], NOW)).toBeUndefined();
  });
});

describe('the state of a revocation', () => {
  const base = {
    campaignId: campaign.id,
    item: bobViewer,
    outcome: 'revoke' as const,
    finalAt: NOW,
    windowDays: 14,
    trailFrom: NOW - 29 * DAY,
    searchedFrom: NOW - DAY,
    period: '2026-W49',
  };
  it.each([
    ['open while held inside the window', { holds: true, now: NOW + 3 * DAY }, 'open'],
    ['overdue when still held after it', { holds: true, now: NOW + 15 * DAY }, 'overdue'],
    [
      'done when gone with an event',
      { holds: false, now: NOW + 3 * DAY, evidence: { event: 'UserModified …', namesRole: true } },
      'done',
    ],
    ['outside the trail when gone without one', { holds: false, now: NOW + 3 * DAY }, 'outside-trail'],
    [
      'unknown when the searchable trail begins after the snapshot',
      { holds: false, now: NOW + 3 * DAY, trailFrom: NOW },
      'unknown',
    ],
    ['unknown when the directory could not tell', { holds: undefined, now: NOW + 3 * DAY }, 'unknown'],
  ] as const)('%s', (_name, extra, expected) => {
    expect(checkRemediation({ ...base, ...extra }).state).toBe(expected);
  });

  it('keeps a settled state and lets an overdue one become done', () => {
    const done = checkRemediation({
      ...base,
      holds: false,
      now: NOW + DAY,
      evidence: { event: 'e', namesRole: true },
    });
    expect(checkRemediation({ ...base, previous: done, holds: true, now: NOW + 20 * DAY }).state).toBe(
      'done',
    );
    const overdue = checkRemediation({ ...base, holds: true, now: NOW + 20 * DAY });
    const later = checkRemediation({
      ...base,
      previous: { ...overdue, escalatedAt: 'x' },
      holds: false,
      now: NOW + 21 * DAY,
      evidence: { event: 'e', namesRole: false },
    });
    expect([later.state, later.escalatedAt]).toEqual(['done', 'x']);
  });
});

describe('decisions.csv', () => {
  it('holds every item with its final decision, neutralising formulas in justifications', () => {
    const states = new Map(campaign.items.map((i) => [i.id, foldItem(campaign, [])]));
    states.set(
      alice.id,
      foldItem(campaign, [record(1, 'keep', carol, { justification: '=HYPERLINK("x")' })]),
    );
    const csv = renderCsv(decisionsTable(campaign, states, new Map()));
    const aliceRow = csv.split('\r\n').find((l) => l.startsWith('"alice'));
    expect(aliceRow).toContain('"keep","carol@corp.example","","\'=HYPERLINK(""x"")"');
    expect(aliceRow).toContain('"not needed"');
    expect(csv.split('\r\n')[0]).toMatch(
      /^"principal","role","tenant","decision","reviewer","second_reviewer","justification","decided_at","remediation_state"/,
    );
  });
});

describe('the cadence and the settings', () => {
  it('opens one campaign per calendar quarter', () => {
    const nov = Date.UTC(2026, 10, 30);
    expect(isCampaignDue('quarterly', nov, [])).toBe(true);
    expect(isCampaignDue('quarterly', nov, [Date.UTC(2026, 9, 5)])).toBe(false);
    expect(isCampaignDue('quarterly', nov, [Date.UTC(2026, 8, 30)])).toBe(true);
    expect(isCampaignDue('off', nov, [])).toBe(false);
  });

  it('names the bad field of the settings', () => {
    expect(parseCampaignSettings({ reviewers: {} })).toEqual({
      ok: false,
      problem: 'reviewers must name at least one reviewer',
    });
    const apply = parseCampaignSettings({ reviewers: { fallback: ['a@x'] }, remediation: 'apply' });
    expect(apply.ok ? '' : apply.problem).toMatch(/^remediation "apply" needs a second level/);
    const ok = parseCampaignSettings({ reviewers: { roles: { 'Tenant Admin': ['a@x'] } } });
    expect(ok.ok && [ok.settings.cadence, ok.settings.reviewers.roles.get('tenant admin')]).toEqual([
      'quarterly',
      ['a@x'],
    ]);
  });
});
