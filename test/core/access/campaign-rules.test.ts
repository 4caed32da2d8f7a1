import { describe, expect, it } from 'vitest';
import { foldItem } from '../../../functions/core/access/campaign-progress.js';
import { checkDecision } from '../../../functions/core/access/decision-rules.js';
import { carol, dave, demoCampaign, erin, record } from './campaign-builders.js';

const pending = { state: 'pending' as const, history: [] };

describe('a campaign built from a snapshot', () => {
  const campaign = demoCampaign();
  const labelled = (label: string, role: string) =>
    campaign.items.find((i) => i.principal.label.startsWith(label) && i.role === role);

  it('holds one item per privileged role, never assigning a principal to review themselves', () => {
    expect(campaign.items.map((i) => [i.principal.label, i.role])).toEqual([
      ['alice@corp.example', 'admin'],
      ['bob@corp.example', 'Tenant Admin'],
      ['carol@corp.example', 'admin'],
      ['key svc', 'admin'],
    ]);
    expect(labelled('carol', 'admin')?.reviewers).toEqual(['dave@corp.example']);
    // The key acts for dave: dave never reviews it.
    expect(labelled('key svc', 'admin')?.reviewers).toEqual(['carol@corp.example']);
    expect(campaign.reviewers).toEqual([carol, dave]);
    expect(campaign.secondLevel).toBeNull();
  });

  it('covers every role with coverage "all", and takes tenant reviewers before role reviewers before the fallback', () => {
    const all = demoCampaign({
      coverage: 'all',
      reviewers: {
        tenants: { T1: ['erin@corp.example'] },
        roles: { ADMIN: ['dave@corp.example'] },
        fallback: ['carol@corp.example'],
      },
    });
    const of = (label: string, role: string) =>
      all.items.find((i) => i.principal.label.startsWith(label) && i.role === role)?.reviewers;
    expect(all.items).toHaveLength(5);
    expect(of('bob', 'Viewer')).toEqual(['erin@corp.example']);
    expect(of('alice', 'admin')).toEqual(['dave@corp.example']);
    // dave is the key's user: the role's list has nobody else, so the fallback reviews it.
    expect(of('key svc', 'admin')).toEqual(['carol@corp.example']);
  });

  it('names reviewers who are not Descope users, and items nobody can review', () => {
    const lonely = demoCampaign({ reviewers: { fallback: ['alice@corp.example', 'ghost@corp.example'] } });
    expect(lonely.notes).toContain(
      'reviewer ghost@corp.example is not a Descope user of this project: they cannot sign in',
    );
    // alice may not review herself, and ghost (unresolved) is still assigned: the note says they cannot sign in.
    expect(lonely.items.find((i) => i.principal.label.startsWith('alice'))?.reviewers).toEqual([
      'ghost@corp.example',
    ]);
  });
});

describe('the rules of a decision', () => {
  const campaign = demoCampaign({ secondLevel: ['erin@corp.example'] });
  const item = (label: string) => {
    const found = campaign.items.find((i) => i.principal.label.startsWith(label));
    if (!found) throw new Error(label);
    return found;
  };
  const check = (...args: Parameters<typeof checkDecision> extends [unknown, ...infer R] ? R : never) =>
    checkDecision(campaign, ...args)?.kind;

  it.each([
    [
      'self-review is refused',
      'carol',
      carol,
      { level: 1, outcome: 'keep', justification: 'still needed for on-call' },
      'self-review',
    ],
    [
      'a key acting for the reviewer is their own access',
      'key svc',
      dave,
      { level: 1, outcome: 'revoke', justification: '' },
      'self-review',
    ],
    [
      'a reviewer the item does not name is refused',
      'carol',
      erin,
      { level: 1, outcome: 'revoke', justification: '' },
      'not-a-reviewer',
    ],
    [
      'keeping a privileged role needs a justification',
      'alice',
      carol,
      { level: 1, outcome: 'keep', justification: 'ok' },
      'justification',
    ],
    [
      'a change needs a justification',
      'alice',
      carol,
      { level: 1, outcome: 'change', justification: '' },
      'justification',
    ],
    [
      'deciding on a key you created needs a justification',
      'key svc',
      carol,
      { level: 1, outcome: 'revoke', justification: '' },
      'justification',
    ],
    ['a revoke needs none', 'alice', carol, { level: 1, outcome: 'revoke', justification: '' }, undefined],
    [
      'a justified keep is allowed',
      'alice',
      carol,
      { level: 1, outcome: 'keep', justification: 'on-call lead this quarter' },
      undefined,
    ],
  ] as const)('%s', (_name, label, reviewer, request, expected) => {
    expect(check(item(label), pending, reviewer, request, false)).toBe(expected);
  });

  it('refuses everything once the campaign is sealed, and a second decision on a decided item', () => {
    expect(
      check(item('alice'), pending, carol, { level: 1, outcome: 'revoke', justification: '' }, true),
    ).toBe('sealed');
    const decided = foldItem(campaign, [record(1, 'revoke', carol)]);
    expect(decided.state).toBe('awaiting-approval');
    expect(
      check(
        item('alice'),
        decided,
        dave,
        { level: 1, outcome: 'keep', justification: 'x'.repeat(20) },
        false,
      ),
    ).toBe('state');
  });

  it('lets only a different second-level reviewer approve, and needs a reason to reject', () => {
    const decided = foldItem(campaign, [record(1, 'revoke', carol)]);
    expect(
      check(item('alice'), decided, dave, { level: 2, outcome: 'approve', justification: '' }, false),
    ).toBe('not-a-reviewer');
    expect(
      check(item('alice'), decided, erin, { level: 2, outcome: 'reject', justification: 'no' }, false),
    ).toBe('justification');
    expect(
      check(item('alice'), decided, erin, { level: 2, outcome: 'approve', justification: '' }, false),
    ).toBeUndefined();
    const byErin = foldItem(campaign, [record(1, 'revoke', erin)]);
    expect(
      check(item('alice'), byErin, erin, { level: 2, outcome: 'approve', justification: '' }, false),
    ).toBe('same-reviewer');
    expect(
      check(item('alice'), pending, erin, { level: 2, outcome: 'approve', justification: '' }, false),
    ).toBe('state');
  });

  it('folds approvals into final decisions and rejections back to pending', () => {
    const approved = foldItem(campaign, [record(1, 'revoke', carol), record(2, 'approve', erin)]);
    expect(approved.state).toBe('final');
    const rejected = foldItem(campaign, [record(1, 'keep', carol), record(2, 'reject', erin)]);
    expect(rejected.state).toBe('pending');
    expect(rejected.state === 'pending' && rejected.rejected?.reviewer.loginId).toBe(erin.loginId);
    const oneLevel = foldItem({ secondLevel: null }, [record(1, 'keep', carol)]);
    expect(oneLevel.state).toBe('final');
  });
});
