import { describe, expect, it } from 'vitest';
import { catalogForSource, defaultReportCatalog } from '../../functions/core/catalog/report-catalog.js';
import { catalogExpectations } from '../../functions/doctor/catalog-expectations.js';
import { checkDataKeys, type SampledRecord } from '../../functions/doctor/data-key-check.js';
import { formatDoctorLines, printable } from '../../functions/doctor/doctor-line.js';
import { findUnreadRoleKeys, type UnreadRoleKey } from '../../functions/doctor/role-change-verdict.js';

// The built-ins the audit search answers, as the doctor checks them with the search as the source.
const expectations = catalogExpectations(catalogForSource(defaultReportCatalog(), 'search').catalog.queries);
const modified = (Change: Record<string, unknown>): SampledRecord => ({
  action: 'UserModified',
  data: { Change },
});
/** The doctor's check of `records`, given the role-change reader's verdict on them. */
const checkWith = (records: SampledRecord[], unread: ReadonlyMap<string, UnreadRoleKey[]>) => {
  const samples = new Map<string, SampledRecord[]>();
  for (const r of records) samples.set(r.action, [...(samples.get(r.action) ?? []), r]);
  return checkDataKeys(expectations, samples, unread);
};
/** The same, with the verdict of the report's own reader (DuckDB). */
const check = async (records: SampledRecord[]) => checkWith(records, await findUnreadRoleKeys(records));

describe('catalogExpectations', () => {
  it('knows which data keys each built-in query reads for each action', () => {
    expect(expectations.get('UserModified')).toEqual(
      new Map([
        ['role-grants', ['Change.added_roles', 'Change.added_multi_tenant_roles']],
        ['role-revocations', ['Change.removed_roles', 'Change.removed_multi_tenant_roles']],
        ['role-changes-not-understood', []],
      ]),
    );
    expect(expectations.get('SCIMEvent')?.get('scim-failures')).toEqual([
      'scim_result',
      'error',
      'scim_action',
      'scim_request',
    ]);
  });
});

describe('checkDataKeys', () => {
  it('prints the Change keys seen beside the keys the role queries read', async () => {
    const lines = await check([modified({ added_roles: ['admin'], display_name: 'x' })]);
    const userModified = lines.find((l) => l.text.startsWith('UserModified'));
    expect(userModified).toEqual({
      status: 'ok',
      text: 'UserModified: 1 recent record',
      detail: [
        'data keys seen: Change',
        'Change keys seen: added_roles, display_name',
        'read by role-grants: Change.added_roles ✓, Change.added_multi_tenant_roles –',
        'read by role-revocations: Change.removed_roles –, Change.removed_multi_tenant_roles –',
        'read by role-changes-not-understood: (no data keys)',
      ],
    });
  });

  it('fails on a Change key that mentions roles but is not read, naming it and what to change', async () => {
    const lines = await check([modified({ roles_granted: [{ tenant: 'T1', role: 'admin' }] })]);
    const failed = lines.filter((l) => l.status === 'fail');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.detail).toContain(
      'Change key "roles_granted" mentions roles but no query reads it: role changes written there would count as zero. ' +
        'Teach the role-change reader (functions/core/sql/role-change-rows.ts) this key, or report it to the maintainers.',
    );
  });

  it('fails on a role value of a shape the report does not read', async () => {
    const lines = await check([modified({ added_roles: { admin: { nested: true } } })]);
    expect(lines.find((l) => l.status === 'fail')?.detail?.at(-1)).toMatch(
      /^Change\.added_roles has a shape the report does not read \(.+\)/,
    );
  });

  it('passes the role shapes the role-change reader understands and fails the ones it does not', async () => {
    // One reader run: each value under its own action, so the verdict tells them apart.
    const values: Array<[unknown, boolean]> = [
      ['admin', false],
      [['admin', 'viewer'], false],
      [[{ tenantId: 'T1', roleNames: ['admin'] }], false],
      [{ T1: ['admin'], T2: 'viewer' }, false],
      [[{ tenant: 'T1' }], true],
      [42, true],
    ];
    const samples = values.map(([value], n) => ({
      action: `V${n}`,
      data: { Change: { added_roles: value } },
    }));
    const unread = await findUnreadRoleKeys(samples);
    expect(values.map((_, n) => (unread.get(`V${n}`) ?? []).length > 0)).toEqual(
      values.map(([, fails]) => fails),
    );
    // Its verdict is what fails the doctor's line for the action.
    const failing = [modified({ added_roles: 42 })];
    expect(
      checkWith(failing, new Map([['UserModified', [{ key: 'added_roles', shape: 'number' }]]])).some(
        (l) => l.status === 'fail',
      ),
    ).toBe(true);
    expect(checkWith(failing, new Map()).some((l) => l.status === 'fail')).toBe(false);
  });

  it('warns about a read key no sampled record carries, and notes actions without records', async () => {
    const lines = await check([{ action: 'SCIMEvent', data: { scim_action: 'POST', scim_outcome: 'ok' } }]);
    expect(lines.map((l) => `${l.status} ${l.text}`)).toContain(
      "warn scim-provisioning reads data.scim_result, which none of the sampled records carry: normal if such events did not happen lately (e.g. no failures, no removals); if Descope writes it under another name, change the query's field",
    );
    expect(lines.map((l) => l.text)).toContain(
      'AccessKeysDeleted: no records in the sample; nothing to compare (read by access-keys)',
    );
  });

  it('shows hostile keys inert: prototype names as data, control characters escaped', async () => {
    const lines = await check([
      modified({ __proto__role: 1, 'evil\u001b[31mrole': ['x'] }),
      modified({ constructor: 'y' }),
    ]);
    const text = formatDoctorLines(lines).join('\n');
    expect(text).toContain('Change keys seen: __proto__role, constructor, evil\\u001b[31mrole');
    expect(text).not.toContain('\u001b');
    expect(printable('x'.repeat(100))).toHaveLength(60);
  });
});
