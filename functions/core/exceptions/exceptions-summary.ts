import type { Finding } from '../findings/finding.js';
import type { RiskAcceptance } from './apply-exceptions.js';
import type { RiskException } from './risk-exception.js';

/** The copy of the exceptions in force stored in each period folder (listed in its manifest). */
export const EXCEPTIONS_FILE = 'risk-exceptions.json';

/** An exception as the folder's copy and `summary.json` state it (no field is added or renamed). */
const entry = (e: RiskException) => ({
  id: e.id,
  ...(e.fingerprint !== undefined ? { fingerprint: e.fingerprint } : {}),
  ...(e.match !== undefined ? { match: e.match } : {}),
  owner: e.owner,
  reason: e.reason,
  ticket: e.ticket,
  created: e.created,
  expires: e.expires,
});

/**
 * A finding as `summary.json` lists it: what is shown, the labels of the controls its rule concerns
 * (from the framework files), its fingerprint, never its matching data.
 */
export function findingEntry(finding: Finding, fingerprint: string, controls: string[]) {
  const { subject: _subject, about: _about, ...shown } = finding;
  return { ...shown, controls, fingerprint };
}

/**
 * `risk-exceptions.json`: the exceptions in force at the period's end for this scope, as the
 * configured file states them, so an auditor sees what was accepted when.
 */
export function renderExceptionsInForce(risks: RiskAcceptance, period: string): string {
  const inForce = risks.exceptions.filter((s) => s.state === 'in-force').map((s) => entry(s.exception));
  return `${JSON.stringify({ source: risks.source, period, exceptions: inForce }, null, 2)}\n`;
}

/**
 * `summary.json`'s `acceptedRisks` and `exceptions`: each finding accepted, each exception's state;
 * `controlsOf` gives the labels of the controls a rule's findings concern.
 */
export function exceptionsSummary(risks: RiskAcceptance, controlsOf: (rule: Finding['rule']) => string[]) {
  const byId = new Map(risks.exceptions.map((s) => [s.exception.id, s.exception]));
  const of = (state: string) =>
    risks.exceptions
      .filter((s) => s.state === state)
      .map((s) => ({
        ...entry(s.exception),
        matched: s.matched,
        ...(state === 'in-force' ? { expiringSoon: s.expiringSoon, stale: s.stale } : {}),
      }));
  return {
    acceptedRisks: risks.accepted.map((a) => {
      const e = byId.get(a.exceptionId);
      return {
        ...findingEntry(a.finding, a.fingerprint, controlsOf(a.finding.rule)),
        exception: {
          id: a.exceptionId,
          owner: e?.owner ?? '',
          reason: e?.reason ?? '',
          ticket: e?.ticket ?? '',
          expires: e?.expires ?? '',
        },
      };
    }),
    exceptions: {
      file: EXCEPTIONS_FILE,
      source: risks.source,
      inForce: of('in-force'),
      expired: of('expired'),
      notYetInForce: of('not-yet-in-force'),
    },
  };
}
