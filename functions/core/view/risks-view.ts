import type { RiskAcceptance } from '../exceptions/apply-exceptions.js';
import { EXCEPTIONS_FILE } from '../exceptions/exceptions-summary.js';
import { EXPIRING_SOON_DAYS, STALE_AFTER_WEEKS } from '../exceptions/risk-exception.js';
import { plural } from './format.js';

export interface AcceptedRiskView {
  severity: string;
  title: string;
  detail: string;
  exceptionId: string;
  owner: string;
  reason: string;
  ticket: string;
  expires: string;
}

export interface ExceptionNoteView {
  id: string;
  owner: string;
  ticket: string;
  expires: string;
}

/** The "Accepted risks" section and the exceptions needing attention (`shown: false` without a file). */
export interface RisksView {
  shown: boolean;
  /** `2 accepted · 1 exception expiring within 14 days`. */
  summary: string;
  source: string;
  file: string;
  accepted: AcceptedRiskView[];
  expiringSoon: ExceptionNoteView[];
  expiringSoonTitle: string;
  expired: ExceptionNoteView[];
  stale: ExceptionNoteView[];
  staleTitle: string;
}

const note = (s: RiskAcceptance['exceptions'][number]): ExceptionNoteView => ({
  id: s.exception.id,
  owner: s.exception.owner,
  ticket: s.exception.ticket,
  expires: s.exception.expires,
});

/** Accepted findings with their owner, reason, ticket and expiry; exceptions expiring, expired or stale. */
export function buildRisksView(risks: RiskAcceptance | undefined): RisksView {
  const empty = { accepted: [], expiringSoon: [], expired: [], stale: [] };
  const titles = {
    expiringSoonTitle: `Exceptions expiring within ${EXPIRING_SOON_DAYS} days`,
    staleTitle: `Stale exceptions (matched nothing for ${STALE_AFTER_WEEKS} consecutive weeks)`,
  };
  if (!risks) return { shown: false, summary: '', source: '', file: '', ...titles, ...empty };
  const byId = new Map(risks.exceptions.map((s) => [s.exception.id, s.exception]));
  const accepted = risks.accepted.map((a): AcceptedRiskView => {
    const e = byId.get(a.exceptionId);
    return {
      severity: a.finding.severity === 'high' ? 'High' : 'Medium',
      title: a.finding.title,
      detail: a.finding.detail,
      exceptionId: a.exceptionId,
      owner: e?.owner ?? '',
      reason: e?.reason ?? '',
      ticket: e?.ticket ?? '',
      expires: e?.expires ?? '',
    };
  });
  const expiringSoon = risks.exceptions.filter((s) => s.expiringSoon).map(note);
  const expired = risks.exceptions.filter((s) => s.state === 'expired' && s.matched > 0).map(note);
  const stale = risks.exceptions.filter((s) => s.stale).map(note);
  const parts = [
    plural(accepted.length, 'accepted', 'accepted'),
    ...(expiringSoon.length > 0
      ? [
          `${plural(expiringSoon.length, 'exception', 'exceptions')} expiring within ${EXPIRING_SOON_DAYS} days`,
        ]
      : []),
    ...(expired.length > 0 ? [`${plural(expired.length, 'exception', 'exceptions')} expired`] : []),
    ...(stale.length > 0 ? [`${plural(stale.length, 'stale exception', 'stale exceptions')}`] : []),
  ];
  return {
    shown: true,
    summary: parts.join(' · '),
    source: risks.source,
    file: EXCEPTIONS_FILE,
    accepted,
    expiringSoon,
    expired,
    stale,
    ...titles,
  };
}
