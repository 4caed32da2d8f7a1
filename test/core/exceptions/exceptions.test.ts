import { describe, expect, it } from 'vitest';
import { applyExceptions, exceptionsForScope } from '../../../functions/core/exceptions/apply-exceptions.js';
import { parseExceptionsFile } from '../../../functions/core/exceptions/parse-exceptions-file.js';
import type { RiskException } from '../../../functions/core/exceptions/risk-exception.js';
import { markStale } from '../../../functions/core/exceptions/stale-exceptions.js';
import type { Finding, RuleOutcome } from '../../../functions/core/findings/finding.js';
import { findingFingerprint } from '../../../functions/core/findings/fingerprint.js';
import type { StoredWeek } from '../../../functions/core/history/stored-summary.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';

const week = parseIsoWeek('2026-W48');
const base = { owner: 'alice@example.com', reason: 'VPN egress', ticket: 'https://jira.example.com/SEC-1' };
const exception = (over: Partial<RiskException>): RiskException => ({
  id: 'EXC-1',
  ...base,
  created: '2026-11-01',
  expires: '2027-01-31',
  ...over,
});
const finding = (over: Partial<Finding>): Finding => ({
  rule: 'new-country',
  severity: 'high',
  title: 'Failed logins from a new country: BR',
  detail: '3 failed logins',
  section: 'failed-logins-by-geo',
  about: { country: 'BR' },
  ...over,
});
const outcome = (...findings: Finding[]): RuleOutcome[] => [
  { rule: 'new-country', description: '', status: 'evaluated', findings },
];

describe('parseExceptionsFile', () => {
  it('accepts a valid file', () => {
    const text = JSON.stringify({
      exceptions: [
        {
          id: 'A',
          match: { rule: 'new-country', country: 'BR' },
          ...base,
          created: '2026-11-01',
          expires: '2026-12-01',
        },
      ],
    });
    const parsed = parseExceptionsFile(text, 'x.json');
    expect(parsed.ok && parsed.value.exceptions[0]?.match?.country).toBe('BR');
  });

  it('names the file, line and field of each problem', () => {
    const text = [
      '{',
      '  "exceptions": [',
      '    {',
      '      "id": "A",',
      '      "match": { "country": "BR" },',
      '      "owner": "o", "reason": "r", "ticket": "http://insecure.example.com",',
      '      "created": "2026-01-01",',
      '      "expires": "2027-06-01"',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const parsed = parseExceptionsFile(text, 'risk.json');
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toContain('risk.json line 6: exceptions[0].ticket must be an https URL');
    expect(problems).toContain(
      'risk.json line 8: exceptions[0].expires must be at most 365 days after created',
    );
  });

  it('refuses an exception with both or neither of fingerprint and match, and repeated ids', () => {
    const e = { ...base, created: '2026-11-01', expires: '2026-12-01' };
    const text = JSON.stringify({
      exceptions: [
        { id: 'A', ...e },
        { id: 'A', fingerprint: 'new-country:0123456789abcdef', match: { country: 'BR' }, ...e },
      ],
    });
    const parsed = parseExceptionsFile(text, 'f.json');
    const problems = parsed.ok ? [] : parsed.problems.join('\n');
    expect(problems).toMatch(/exceptions\[0\]\.match give either fingerprint or match/);
    expect(problems).toMatch(/exceptions\[1\]\.match give either fingerprint or match/);
    expect(problems).toMatch(/exceptions\[1\]\.id repeats id A/);
  });

  it('says where JSON breaks', () => {
    const parsed = parseExceptionsFile('{\n "exceptions": [,]\n}', 'bad.json');
    expect(parsed.ok ? '' : parsed.problems[0]).toMatch(/^bad\.json line 2: is not JSON/);
  });
});

describe('applyExceptions', () => {
  it('moves a matched finding to the accepted risks, out of the findings', () => {
    const kept = finding({ title: 'Failed logins from a new country: DE', about: { country: 'DE' } });
    const { outcomes, acceptance } = applyExceptions(
      outcome(finding({}), kept),
      [exception({ match: { rule: 'new-country', country: 'br' } })],
      week.to,
      'risk.json',
    );
    expect(outcomes[0]?.findings).toEqual([kept]);
    expect(acceptance.accepted.map((a) => a.exceptionId)).toEqual(['EXC-1']);
    expect(acceptance.exceptions[0]).toMatchObject({ state: 'in-force', matched: 1, expiringSoon: false });
  });

  it('matches by fingerprint', () => {
    const f = finding({});
    const { acceptance } = applyExceptions(
      outcome(f),
      [exception({ fingerprint: findingFingerprint(f) })],
      week.to,
      'r',
    );
    expect(acceptance.accepted).toHaveLength(1);
  });

  it('re-raises a finding whose exception expired, as high', () => {
    const f = finding({ severity: 'medium' });
    const { outcomes, acceptance } = applyExceptions(
      outcome(f),
      [exception({ match: { country: 'BR' }, created: '2026-01-01', expires: '2026-11-20' })],
      week.to,
      'r',
    );
    expect(acceptance.accepted).toEqual([]);
    expect(outcomes[0]?.findings[0]).toMatchObject({
      severity: 'high',
      expiredException: { id: 'EXC-1', expires: '2026-11-20' },
    });
    expect(findingFingerprint(outcomes[0]?.findings[0] as Finding)).toBe(findingFingerprint(f));
  });

  it('holds through the whole expiry day and flags expiry within 14 days', () => {
    const lastDay = new Date(week.to - 1).toISOString().slice(0, 10);
    const { acceptance } = applyExceptions(
      outcome(finding({})),
      [exception({ match: { country: 'BR' }, expires: lastDay })],
      week.to - 1,
      'r',
    );
    expect(acceptance.exceptions[0]).toMatchObject({ state: 'in-force', expiringSoon: true });
  });

  it('does nothing before it is created', () => {
    const { outcomes } = applyExceptions(
      outcome(finding({})),
      [exception({ match: { country: 'BR' }, created: '2026-12-24', expires: '2027-01-01' })],
      week.to,
      'r',
    );
    expect(outcomes[0]?.findings).toHaveLength(1);
  });

  it('needs every given field to agree; users by ID or login ID, any case', () => {
    const f = finding({
      rule: 'impersonation',
      about: { users: ['U1', 'Bob@Example.com'], address: '10.0.0.1' },
    });
    const apply = (e: RiskException) =>
      applyExceptions(outcome(f), [e], week.to, 'r').acceptance.accepted.length;
    expect(apply(exception({ match: { user: 'bob@example.com' } }))).toBe(1);
    expect(apply(exception({ match: { user: 'U1', address: '10.0.0.2' } }))).toBe(0);
    expect(apply(exception({ match: { rule: 'impersonation', tenant: 'T1' } }))).toBe(0);
  });

  it("gives a tenant's report only the exceptions naming that tenant", () => {
    const all = [
      exception({ id: 'P', match: { country: 'BR' } }),
      exception({ id: 'T1', match: { tenant: 'T1' } }),
      exception({ id: 'T2', match: { tenant: 'T2' } }),
    ];
    expect(exceptionsForScope(all, 'T1').map((e) => e.id)).toEqual(['T1']);
    expect(exceptionsForScope(all, undefined)).toHaveLength(3);
  });
});

describe('markStale', () => {
  const stored = (matches: number | undefined): StoredWeek => ({
    week: '',
    schemaVersion: 4,
    complete: true,
    headlines: new Map(),
    findings: [],
    rulesNotEvaluated: new Set(),
    exceptionMatches: matches === undefined ? new Map() : new Map([['EXC-1', matches]]),
  });
  const acceptance = applyExceptions(
    outcome(),
    [exception({ match: { country: 'XX' } })],
    week.to,
    'r',
  ).acceptance;

  it('calls an exception stale after 4 weeks matching nothing', () => {
    const weeks = new Map(['2026-W45', '2026-W46', '2026-W47'].map((w) => [w, stored(0)]));
    expect(markStale(acceptance, week, weeks).exceptions[0]?.stale).toBe(true);
  });

  it('is not stale when a week matched, or a week is not stored', () => {
    const matched = new Map([
      ['2026-W45', stored(0)],
      ['2026-W46', stored(2)],
      ['2026-W47', stored(0)],
    ]);
    expect(markStale(acceptance, week, matched).exceptions[0]?.stale).toBe(false);
    const missing = new Map([
      ['2026-W46', stored(0)],
      ['2026-W47', stored(0)],
    ]);
    expect(markStale(acceptance, week, missing).exceptions[0]?.stale).toBe(false);
  });
});
