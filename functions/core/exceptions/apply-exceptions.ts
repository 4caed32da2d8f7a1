import type { Finding, RuleOutcome } from '../findings/finding.js';
import { findingFingerprint } from '../findings/fingerprint.js';
import {
  createdAt,
  EXPIRING_SOON_DAYS,
  type ExceptionMatch,
  expiresAt,
  type RiskException,
} from './risk-exception.js';

const DAY_MS = 86_400_000;

/** A finding an exception in force accepted: out of the headline count, listed with its owner. */
export interface AcceptedRisk {
  finding: Finding;
  fingerprint: string;
  exceptionId: string;
}

/** Where an exception stands at the period's end, and what it matched this period. */
export interface ExceptionStatus {
  exception: RiskException;
  state: 'in-force' | 'expired' | 'not-yet-in-force';
  /** Findings it matched this period (accepted when in force, re-raised when expired). */
  matched: number;
  /** In force and expiring within {@link EXPIRING_SOON_DAYS} days of the period's end. */
  expiringSoon: boolean;
  /** Matched nothing this week and the weeks before (see `markStale`). */
  stale: boolean;
}

/** A scope's accepted risks and the state of every exception that applies to the scope. */
export interface RiskAcceptance {
  /** The exceptions file, as named in the configuration. */
  source: string;
  accepted: AcceptedRisk[];
  exceptions: ExceptionStatus[];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function matches(m: ExceptionMatch, f: Finding, scopeTenant: string | undefined): boolean {
  const about = f.about ?? {};
  if (m.rule !== undefined && m.rule !== f.rule) return false;
  if (m.user !== undefined && !(about.users ?? []).some((u) => same(u, m.user ?? ''))) return false;
  const tenant = about.tenant ?? scopeTenant;
  if (m.tenant !== undefined && (tenant === undefined || tenant !== m.tenant)) return false;
  if (m.address !== undefined && (about.address === undefined || !same(about.address, m.address)))
    return false;
  if (m.country !== undefined && (about.country === undefined || !same(about.country, m.country)))
    return false;
  return true;
}

const appliesTo = (e: RiskException, f: Finding, fingerprint: string, tenant: string | undefined) =>
  e.fingerprint !== undefined ? e.fingerprint === fingerprint : e.match ? matches(e.match, f, tenant) : false;

/**
 * Applies `exceptions` to a scope's findings at `at` (the period's end, so a re-run decides the
 * same way). A finding matched by an exception in force leaves the findings for the accepted
 * risks; one matched only by expired exceptions stays, raised to high, naming the expired
 * exception; exceptions not yet in force (created after the period) do nothing.
 */
export function applyExceptions(
  outcomes: readonly RuleOutcome[],
  exceptions: readonly RiskException[],
  at: number,
  source: string,
  scopeTenant?: string,
): { outcomes: RuleOutcome[]; acceptance: RiskAcceptance } {
  const statuses = exceptions.map(
    (exception): ExceptionStatus => ({
      exception,
      state:
        createdAt(exception) > at ? 'not-yet-in-force' : expiresAt(exception) <= at ? 'expired' : 'in-force',
      matched: 0,
      expiringSoon: false,
      stale: false,
    }),
  );
  for (const s of statuses)
    s.expiringSoon = s.state === 'in-force' && expiresAt(s.exception) - at <= EXPIRING_SOON_DAYS * DAY_MS;
  const accepted: AcceptedRisk[] = [];
  const kept = outcomes.map((outcome) => ({
    ...outcome,
    findings: outcome.findings.flatMap((finding): Finding[] => {
      const fingerprint = findingFingerprint(finding);
      const hits = statuses.filter(
        (s) => s.state !== 'not-yet-in-force' && appliesTo(s.exception, finding, fingerprint, scopeTenant),
      );
      for (const hit of hits) hit.matched += 1;
      const inForce = hits.find((s) => s.state === 'in-force');
      if (inForce) {
        accepted.push({ finding, fingerprint, exceptionId: inForce.exception.id });
        return [];
      }
      const expired = hits[0]?.exception;
      if (!expired) return [finding];
      const { id, owner, ticket, expires } = expired;
      return [{ ...finding, severity: 'high', expiredException: { id, owner, ticket, expires } }];
    }),
  }));
  return { outcomes: kept, acceptance: { source, accepted, exceptions: statuses } };
}

/**
 * The exceptions of a tenant's report: only those naming that tenant (`match.tenant`), so a
 * tenant's report never shows an exception written for another tenant or for the whole project.
 * The project's report gets every exception.
 */
export function exceptionsForScope(
  exceptions: readonly RiskException[],
  tenantId: string | undefined,
): RiskException[] {
  if (tenantId === undefined) return [...exceptions];
  return exceptions.filter((e) => e.match?.tenant === tenantId);
}
