import { formatInstant, plural } from '../view/format.js';
import type { ProjectState } from './project-state.js';

export interface OverviewRow {
  projectId: string;
  name: string;
  href: string;
  week: string;
  completeness: string;
  completenessClass: 'ok' | 'bad' | 'muted';
  findings: string;
  chain: string;
  chainClass: 'ok' | 'warn' | 'bad';
  signOff: string;
  signOffClass: 'ok' | 'warn' | 'muted';
  periods: string;
}

/** `reports/index.html` and the cross-project summary email: one row per project, its latest week. */
export interface OverviewView {
  title: string;
  subject: string;
  updated: string;
  rows: OverviewRow[];
  empty: boolean;
  /** Projects listed in the deployment with nothing stored yet. */
  missing: string[];
}

const SIGN_OFF = new Map([
  ['signed-off', { text: 'signed off', cls: 'ok' as const }],
  ['pending', { text: 'awaiting sign-off', cls: 'warn' as const }],
  ['no review', { text: 'no access review', cls: 'muted' as const }],
]);

/**
 * The overview of every project in the bucket (and of each one the deployment lists but that has
 * stored nothing yet). `week` names the subject's week when the overview is mailed for one.
 */
export function buildOverview(
  states: readonly ProjectState[],
  expected: readonly string[],
  now: number,
  week?: string,
): OverviewView {
  const rows = [...states]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s): OverviewRow => {
      const latest = s.latestWeek;
      const signOff = SIGN_OFF.get(latest?.signOff ?? 'no review') ?? { text: '', cls: 'muted' as const };
      return {
        projectId: s.projectId,
        name: s.name,
        href: `${s.projectId}/index.html`,
        week: latest?.label ?? 'none stored',
        completeness:
          latest?.complete === true ? 'complete' : latest?.complete === false ? 'INCOMPLETE' : 'unknown',
        completenessClass: latest?.complete === true ? 'ok' : latest?.complete === false ? 'bad' : 'muted',
        findings:
          latest?.findings === null || latest === null
            ? '—'
            : latest.findings === 0
              ? 'none'
              : String(latest.findings),
        chain: latest ? latest.chain.text : '',
        chainClass: latest ? latest.chain.state : 'warn',
        signOff: signOff.text,
        signOffClass: signOff.cls,
        periods: `${plural(s.periods, 'period', 'periods')}${s.brokenChains > 0 ? `, ${s.brokenChains} with a broken chain` : ''}`,
      };
    });
  const seen = new Set(states.map((s) => s.projectId));
  const findings = states.reduce((n, s) => n + (s.latestWeek?.findings ?? 0), 0);
  const incomplete = states.filter((s) => s.latestWeek?.complete === false).length;
  return {
    title: 'Descope audit reports · all projects',
    subject: `Descope audit reports${week ? ` ${week}` : ''} · ${plural(states.length, 'project', 'projects')} · ${plural(findings, 'finding', 'findings')}${incomplete > 0 ? ` (${incomplete} INCOMPLETE)` : ''}`,
    updated: `Rewritten by every project's run; last at ${formatInstant(now)}.`,
    rows,
    empty: rows.length === 0,
    missing: expected.filter((p) => !seen.has(p)),
  };
}
