import { describe, expect, it } from 'vitest';
import { defaultReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { evaluateFindings } from '../../../functions/core/findings/evaluate-findings.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { findCatalogSqlProblems } from '../../../functions/weekly-report/wiring/check-catalog-sql.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { computeTable } from '../../support/compute-table.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const catalog = defaultReportCatalog();
const query = (id: string) => {
  const found = catalog.queries.find((q) => q.id === id);
  if (!found) throw new Error(`no built-in ${id}`);
  return found;
};
const DAY = 86_400_000;
const t = (minutes: number) => TEST_WEEK.from + minutes * 60_000;
const login = (userId: string, occurred: number, fields: Partial<AuditRecord> = {}) =>
  auditRecord({ action: 'LoginSucceed', userId, occurred, method: 'password', ...fields });

describe("the audit stream's built-in queries", () => {
  it('pass the same SQL checks as a custom statement', async () => {
    expect(
      await findCatalogSqlProblems({ queries: catalog.queries.filter((q) => q.requires === 'stream') }),
    ).toEqual([]);
  });

  it('find consecutive logins from two countries within an hour, and only those', async () => {
    const records = [
      login('U1', t(0), { geo: 'DE', remoteAddress: '198.51.100.1' }),
      login('U1', t(20), { geo: 'BR', remoteAddress: '203.0.113.7' }), // 20 minutes: impossible
      login('U1', t(200), { geo: 'US' }), // 180 minutes after BR: possible
      login('U2', t(0), { geo: 'FR' }),
      login('U2', t(10), { geo: 'FR' }), // same country
      login('U3', t(0), { geo: 'GB' }),
      login('U3', t(5), { geo: 'IE', method: 'Impersonate' }), // an impersonation is not the user's travel
      login('U4', t(0), { geo: 'JP' }),
      login('U4', t(30), { geo: '' }), // no country: nothing to compare
    ];
    const { table } = await computeTable(query('impossible-travel'), records, TEST_WEEK);
    expect(table.columns).toEqual([
      'user_id',
      'from_country',
      'from_time',
      'from_address',
      'to_country',
      'to_time',
      'to_address',
      'minutes_apart',
    ]);
    expect(table.rows).toEqual([
      [
        'U1',
        'DE',
        new Date(t(0)).toISOString(),
        '198.51.100.1',
        'BR',
        new Date(t(20)).toISOString(),
        '203.0.113.7',
        20,
      ],
    ]);
    const result = {
      query: query('impossible-travel'),
      evidenceFile: 'evidence/successful-logins/',
      table,
      records: records.length,
      complete: true,
      gaps: [],
    };
    const outcome = evaluateFindings([result], { available: false, reason: 'test' }, catalog).find(
      (o) => o.rule === 'impossible-travel',
    );
    expect(outcome?.findings.map((f) => [f.severity, f.title])).toEqual([
      ['high', 'Impossible travel: U1 signed in from DE, then BR 20 minute(s) later'],
    ]);
  });

  it('list users none of whose logins used a second factor', async () => {
    const records = [
      login('U1', t(0)),
      login('U1', t(5), { method: 'totp' }),
      login('U2', t(0)),
      login('U2', t(9), { method: 'oauth' }),
      login('U3', t(0), { data: { mfa: true } }),
      login('U4', t(0), { method: 'Impersonate' }),
    ];
    const { table } = await computeTable(query('logins-without-mfa'), records, TEST_WEEK);
    expect(table.rows).toEqual([['U2', 2, 'oauth, password', new Date(t(9)).toISOString()]]);
  });

  it('find privileged grants with no login for 90 days, reading back past the week', async () => {
    const end = TEST_WEEK.to - 1;
    const grant = (userId: string, occurred: number, roles: string[]) =>
      auditRecord({ action: 'UserModified', userId, occurred, data: { Change: { added_roles: roles } } });
    const records = [
      grant('U-dormant', end - 150 * DAY, ['Tenant Admin']),
      login('U-dormant', end - 120 * DAY),
      grant('U-active', end - 150 * DAY, ['tenant admin']),
      login('U-active', end - 3 * DAY),
      grant('U-never', end - 100 * DAY, ['Tenant Admin']),
      grant('U-plain', end - 150 * DAY, ['Viewer']),
      login('U-last', end), // the latest event read: the reference end
    ];
    const dormant = query('dormant-privileged-accounts');
    expect(dormant.lookbackDays).toBe(180);
    const { table } = await computeTable(dormant, records, { from: end - 180 * DAY, to: TEST_WEEK.to });
    expect(table.rows).toEqual([
      ['U-dormant', new Date(end - 150 * DAY).toISOString(), new Date(end - 120 * DAY).toISOString(), 120],
      ['U-never', new Date(end - 100 * DAY).toISOString(), '', 100],
    ]);
  });
});
