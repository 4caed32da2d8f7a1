import { describe, expect, it } from 'vitest';
import { startOfIsoWeek, WEEK_MS } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import {
  DEMO_WEEKS_BEFORE,
  demoBurstCountry,
  generateDemoAuditData,
} from '../../functions/local/descope-api/demo-audit-data.js';
import { HOSTILE_LOGIN_ID } from '../../functions/local/descope-api/demo-population.js';
import { HOSTILE_ROLE } from '../../functions/local/descope-api/demo-user-admin-events.js';
import { HOSTILE_USER_AGENT } from '../../functions/local/descope-api/demo-week.js';

const PROJECT_ID = 'P2demoProject';
const NOW = Date.parse('2026-01-14T10:30:00Z'); // a Wednesday
const CURRENT_WEEK = startOfIsoWeek(NOW);
const LAST_WEEK = CURRENT_WEEK - WEEK_MS;
// biome-ignore format: a table reads better
const REQUIRED_ACTIONS = [
  'LoginSucceed', 'LoginFailed', 'LoginStarted', 'LoginExceedMaxAttempts', 'UserModified', 'UserCreated',
  'UsersCreated', 'UserDeleted', 'UsersDeleted', 'AccessKeyCreated', 'AccessKeyModified', 'AccessKeyDeleted',
  'SCIMEvent', 'PermissionCreated', 'PermissionModified', 'PermissionDeleted', 'AcmeExportRequested',
];
const records = generateDemoAuditData({ now: NOW, projectId: PROJECT_ID });

const inWeek = (list: AuditRecord[], weekStart: number) =>
  list.filter((r) => r.occurred >= weekStart && r.occurred < weekStart + WEEK_MS);
const change = (r: AuditRecord) => (r.data.Change ?? {}) as Record<string, unknown>;

describe('generateDemoAuditData determinism', () => {
  it('gives identical past weeks, and a growing current week, for two `now` in the same week', () => {
    const later = generateDemoAuditData({ now: Date.parse('2026-01-18T23:00:00Z'), projectId: PROJECT_ID });
    const past = (list: AuditRecord[]) => list.filter((r) => r.occurred < CURRENT_WEEK);
    expect(past(later)).toEqual(past(records));
    const current = inWeek(records, CURRENT_WEEK);
    expect(current.length).toBeGreaterThan(0);
    expect(inWeek(later, CURRENT_WEEK).slice(0, current.length)).toEqual(current);
    expect(inWeek(later, CURRENT_WEEK).length).toBeGreaterThan(current.length);
  });

  it('gives a week the same records whichever later week generates it', () => {
    const threeWeeksOn = generateDemoAuditData({ now: NOW + 3 * WEEK_MS, projectId: PROJECT_ID });
    expect(inWeek(threeWeeksOn, LAST_WEEK)).toEqual(inWeek(records, LAST_WEEK));
  });
});

describe('generateDemoAuditData contents', () => {
  it('covers the complete weeks before now plus the current week up to now, oldest first', () => {
    expect(records[0]?.occurred).toBeGreaterThanOrEqual(CURRENT_WEEK - DEMO_WEEKS_BEFORE * WEEK_MS);
    expect(
      records.every(
        (r, i) => r.occurred <= NOW && (i === 0 || (records[i - 1]?.occurred ?? 0) <= r.occurred),
      ),
    ).toBe(true);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    for (let w = 1; w <= DEMO_WEEKS_BEFORE; w++) {
      expect(inWeek(records, CURRENT_WEEK - w * WEEK_MS).length).toBeGreaterThan(2000);
      expect(inWeek(records, CURRENT_WEEK - w * WEEK_MS).length).toBeLessThan(6000);
    }
  });

  it('has every action the reports look at', () => {
    const actions = new Set(records.map((r) => r.action));
    expect([...REQUIRED_ACTIONS].filter((action) => !actions.has(action))).toEqual([]);
  });

  it('puts a credential-stuffing burst last week in a country unseen in the weeks before', () => {
    const failures = inWeek(records, LAST_WEEK).filter((r) => r.action === 'LoginFailed');
    const byGeo = new Map<string, AuditRecord[]>();
    for (const r of failures) byGeo.set(r.geo, [...(byGeo.get(r.geo) ?? []), r]);
    const [topGeo, burst] = [...byGeo].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
    expect(topGeo).toBe(demoBurstCountry(LAST_WEEK));
    expect(burst.length).toBeGreaterThan(500);
    expect(new Set(burst.map((r) => r.loginIds[0])).size).toBeGreaterThan(200);
    expect(new Set(burst.map((r) => r.remoteAddress)).size).toBeLessThanOrEqual(5);
    expect(records.filter((r) => r.occurred < LAST_WEEK).some((r) => r.geo === topGeo)).toBe(false);
    expect(
      failures.filter((r) => r.geo !== topGeo).every((r) => typeof r.data.error_message === 'string'),
    ).toBe(true);
  });

  it('has ordinary logins from about 20 countries, on every device, and some records without geo', () => {
    const logins = records.filter((r) => r.action === 'LoginSucceed');
    const countries = new Set(logins.map((r) => r.geo).filter(Boolean));
    expect(countries.size).toBeGreaterThanOrEqual(18);
    expect(new Set(logins.map((r) => r.device))).toEqual(
      new Set(['Bot', 'Mobile', 'Desktop', 'Tablet', 'Unknown']),
    );
    expect(records.some((r) => r.geo === '' && r.action === 'LoginSucceed')).toBe(true);
    expect(new Set(records.flatMap((r) => r.tenants)).size).toBeGreaterThanOrEqual(3);
    expect(records.flatMap((r) => r.tenants).every((t) => t.startsWith('T2a'))).toBe(true);
  });

  it('has two impersonations a week, with the impersonator as actor', () => {
    const impersonations = inWeek(records, LAST_WEEK).filter((r) => r.method === 'Impersonate');
    expect(impersonations).toHaveLength(2);
    for (const r of impersonations) {
      expect(r.action).toBe('LoginSucceed');
      expect(r.actorId).not.toBe(r.loginIds[0]);
    }
  });

  it('has mostly profile edits among UserModified, some role grants with their tenant, a revocation', () => {
    const modified = records.filter((r) => r.action === 'UserModified');
    const grants = modified.filter(
      (r) => 'added_roles' in change(r) || 'added_multi_tenant_roles' in change(r),
    );
    expect(grants.length).toBeGreaterThan(5);
    expect(grants.length / modified.length).toBeLessThan(0.3);
    const tenantGrants = modified.filter((r) => 'added_multi_tenant_roles' in change(r));
    expect(tenantGrants.length).toBeGreaterThan(0);
    expect(tenantGrants.every((r) => r.tenants.length === 1)).toBe(true);
    expect(modified.some((r) => 'removed_roles' in change(r))).toBe(true);
    for (const r of modified) {
      expect(r.data).toMatchObject({
        correlation_id: expect.any(String),
        request_details: { headers: { http: {} } },
      });
    }
  });

  it('carries the data fields of SCIM, permission and failure records', () => {
    const scim = records.filter((r) => r.action === 'SCIMEvent');
    expect(new Set(scim.map((r) => r.data.scim_action))).toEqual(new Set(['create', 'update', 'delete']));
    // As Descope documents it: failures carry an error and no result; successes the SCIM resource.
    expect(scim.some((r) => r.data.scim_result === undefined && typeof r.data.error === 'string')).toBe(true);
    expect(
      scim.every((r) =>
        r.data.error === undefined
          ? typeof r.data.scim_result === 'object'
          : r.data.scim_result === undefined,
      ),
    ).toBe(true);
    expect(scim.every((r) => r.type === 'info')).toBe(true);
    const permissions = records.filter((r) => r.action.startsWith('Permission'));
    expect(permissions.every((r) => typeof r.data.permission_id === 'string')).toBe(true);
    const lockouts = records.filter((r) => r.action === 'LoginExceedMaxAttempts');
    expect(lockouts.every((r) => r.type === 'warn')).toBe(true);
  });

  it('includes hostile values in every complete week, so escaping is visible', () => {
    for (let w = 1; w <= DEMO_WEEKS_BEFORE; w++) {
      const week = inWeek(records, CURRENT_WEEK - w * WEEK_MS);
      expect(week.some((r) => r.loginIds.includes(HOSTILE_LOGIN_ID))).toBe(true);
      expect(week.some((r) => (change(r).added_roles as string[] | undefined)?.includes(HOSTILE_ROLE))).toBe(
        true,
      );
      expect(week.some((r) => JSON.stringify(r.data).includes(JSON.stringify(HOSTILE_USER_AGENT)))).toBe(
        true,
      );
    }
  });
});
