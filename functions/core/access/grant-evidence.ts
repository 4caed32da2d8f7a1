import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import { readResultRows } from '../findings/result-rows.js';
import type { QueryResult } from '../report/report-model.js';
import { partialTable } from '../report/rows-held.js';
import { formatTableTime } from '../view/format.js';
import type { AccessChange } from './diff-access-snapshots.js';

/** The access-keys query's id (a built-in; disabling it leaves key grants unexplained). */
export const ACCESS_KEYS_QUERY = FINDING_QUERIES.accessKeys;

interface UserGrantRow {
  occurred: string;
  user: string;
  loginIds: string;
  role: string;
  tenant: string;
  actor: string;
}
interface KeyEventRow {
  occurred: string;
  action: string;
  keyId: string;
  actor: string;
}

/** The period's audit events that can explain a grant, or why a kind of grant cannot be matched. */
export interface GrantEvidence {
  userGrants: UserGrantRow[] | string;
  keyEvents: KeyEventRow[] | string;
  /** The role-grants or access-keys result misses records (see Gaps). */
  incomplete: boolean;
}

/** Reads the role-grants and access-keys results of the period (project or tenant scope). */
export function readGrantEvidence(results: readonly QueryResult[]): GrantEvidence {
  const grants = results.find((r) => r.query.id === FINDING_QUERIES.roleGrants);
  const keys = results.find((r) => r.query.id === ACCESS_KEYS_QUERY);
  const userGrants = evidenceRows(grants, 'role-grants', {
    occurred: 'occurred',
    user: 'userId',
    loginIds: 'loginIds',
    role: 'role',
    tenant: 'tenant',
    actor: 'actorId',
  });
  const keyEvents = evidenceRows(keys, 'access-keys', {
    occurred: 'occurred',
    action: 'action',
    keyId: 'data.key_id',
    actor: 'actorId',
  });
  return {
    userGrants,
    keyEvents,
    incomplete: Boolean((grants && !grants.complete) || (keys && !keys.complete)),
  };
}

/**
 * A result's rows by field, or why they cannot be read: the query is disabled, its table partial,
 * or a column is missing.
 */
function evidenceRows<K extends string>(
  result: QueryResult | undefined,
  query: string,
  fields: Record<K, string>,
): Array<Record<K, string>> | string {
  if (!result) return `the ${query} query is disabled`;
  return (
    partialTable(result.table) ??
    readResultRows(result, fields) ??
    `the ${query} query lacks a column it needs`
  );
}

/** A grant and the audit event that records it (empty when none does), or why it cannot be told. */
export interface MatchedGrant {
  change: AccessChange;
  /** `UserModified 2026-11-18 10:02 UTC by ops.admin@…`, or empty when no event matches. */
  event: string;
  /** The matching event's actor (user ID, login ID or key), when it names one. */
  actor?: string;
  /** Set when matching was impossible for this kind of principal. */
  unmatchable?: string;
}

const list = (text: string) => new Set(text.split('; ').filter(Boolean));
const KEY_GRANT_ACTIONS = new Set(['AccessKeyCreated', 'AccessKeyModified']);

/**
 * Matches each granted role to the period's audit events: a user's grant to a role-grants row for
 * the same user (ID or login ID), role (case-insensitive) and tenant (empty for project-wide); a
 * key's grant to an AccessKeyCreated/AccessKeyModified event naming the key.
 */
export function matchGrants(
  changes: readonly AccessChange[],
  evidence: GrantEvidence,
  loginIdsOf: ReadonlyMap<string, readonly string[]>,
): MatchedGrant[] {
  return changes
    .filter((c) => c.kind === 'granted')
    .map((change): MatchedGrant => {
      if (change.principal === 'key') {
        if (typeof evidence.keyEvents === 'string')
          return { change, event: '', unmatchable: evidence.keyEvents };
        const row = evidence.keyEvents.find((e) => e.keyId === change.id && KEY_GRANT_ACTIONS.has(e.action));
        return row
          ? { change, event: describe(row.action, row.occurred, row.actor), actor: row.actor }
          : { change, event: '' };
      }
      if (typeof evidence.userGrants === 'string')
        return { change, event: '', unmatchable: evidence.userGrants };
      const logins = new Set(loginIdsOf.get(change.id) ?? []);
      const role = change.role.trim().toLowerCase();
      const row = evidence.userGrants.find(
        (g) =>
          (g.user === change.id || [...list(g.loginIds)].some((l) => logins.has(l))) &&
          g.role.trim().toLowerCase() === role &&
          (change.tenantId === '' ? g.tenant === '' : list(g.tenant).has(change.tenantId)),
      );
      return row
        ? { change, event: describe('UserModified', row.occurred, row.actor), actor: row.actor }
        : { change, event: '' };
    });
}

const describe = (action: string, occurred: string, actor: string) =>
  `${action} ${formatTableTime(occurred)}${actor ? ` by ${actor}` : ''}`;
