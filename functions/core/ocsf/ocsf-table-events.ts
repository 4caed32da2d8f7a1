import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import type { Finding } from '../findings/finding.js';
import { findingFingerprint } from '../findings/fingerprint.js';
import { readResultRows } from '../findings/result-rows.js';
import { ROLE_CHANGE_FIELDS } from '../findings/role-change-fields.js';
import { controlsForFinding } from '../frameworks/control-index.js';
import type { FrameworkSet } from '../frameworks/framework-set.js';
import type { ReportPeriod } from '../period/period.js';
import type { QueryResult } from '../report/report-model.js';
import { partialTable } from '../report/rows-held.js';
import { baseEvent, compact, text } from './ocsf-base.js';
import type { OcsfEvent } from './ocsf-classes.js';

/**
 * Role grants and revocations as User Access Management (3005) events, from the role tables the
 * report's one role-change reader (SQL) computed: Assign Privileges (1) and Revoke Privileges (2),
 * the role as the privilege. A table holding fewer rows than it has is named in `notes`.
 */
export function roleEvents(results: readonly QueryResult[]): { events: OcsfEvent[]; notes: string[] } {
  const events: OcsfEvent[] = [];
  const notes: string[] = [];
  const tables: Array<[string, number]> = [
    [FINDING_QUERIES.roleGrants, 1],
    ['role-revocations', 2],
  ];
  for (const [id, activity] of tables) {
    const result = results.find((r) => r.query.id === id);
    if (!result) continue;
    const partial = partialTable(result.table);
    if (partial) notes.push(`${id}: only the rows held were exported (${partial})`);
    const rows = readResultRows(result, { ...ROLE_CHANGE_FIELDS, recordId: 'id' });
    if (!rows) {
      notes.push(`${id}: the table lacks a column the export needs`);
      continue;
    }
    for (const row of rows) {
      const time = Date.parse(row.occurred);
      events.push({
        cls: 'user_access',
        event: compact({
          ...baseEvent('user_access', activity, time, {
            uid: text(row.recordId),
            logName: id,
            tenants: row.tenant ? [row.tenant] : [],
          }),
          privileges: [row.role],
          user: { uid: text(row.user), name: text(row.loginIds.split(/;\s*/)[0]) },
          actor: text(row.actor) ? { user: { uid: row.actor } } : undefined,
          unmapped: { tenant: row.tenant },
        }),
      });
    }
  }
  return { events, notes };
}

/**
 * Each finding of the report as a Compliance Finding (2003): its fingerprint as the finding's uid,
 * the controls the framework files map its rule to as the compliance requirements, their frameworks
 * as the standards. Accepted risks are exported too, as Suppressed (status 3) with their exception;
 * open findings are New (1). Time: the period's end.
 */
export function findingEvents(
  findings: readonly Finding[],
  accepted: ReadonlyArray<{ finding: Finding; exceptionId: string }>,
  period: ReportPeriod,
  projectId: string,
  frameworks: FrameworkSet,
): OcsfEvent[] {
  const event = (f: Finding, status: number, comment?: string): OcsfEvent => {
    const controls = controlsForFinding(frameworks, f.rule);
    const labels = controls.map((c) => c.label);
    return {
      cls: 'compliance_finding',
      event: compact({
        ...baseEvent('compliance_finding', 1, period.to, {
          uid: findingFingerprint(f),
          logName: period.label,
        }),
        severity_id: f.severity === 'high' ? 4 : 3,
        status_id: status,
        comment,
        finding_info: {
          uid: findingFingerprint(f),
          title: f.title,
          desc: f.detail,
          types: [f.rule],
          first_seen_time: period.from,
          last_seen_time: period.to,
        },
        compliance: {
          control: labels.join(', ') || undefined,
          requirements: labels,
          standards: [...new Set(controls.map((c) => c.frameworkName))],
          status_id: 3,
        },
        unmapped: { projectId, section: f.section, period: period.label },
      }),
    };
  };
  return [
    ...findings.map((f) => event(f, 1)),
    ...accepted.map((a) => event(a.finding, 3, `accepted risk ${a.exceptionId}`)),
  ];
}
