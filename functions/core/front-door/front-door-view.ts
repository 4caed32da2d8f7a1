import { formatCount, formatInstant } from '../view/format.js';
import type { PeriodEntry, PeriodKind } from './period-entry.js';

export interface FrontDoorLink {
  href: string;
  text: string;
}

export interface FrontDoorRow {
  period: string;
  range: string;
  completeness: string;
  completenessClass: 'ok' | 'bad' | 'muted';
  findings: string;
  chain: string;
  chainClass: 'ok' | 'warn' | 'bad';
  manifestSha256: string;
  links: FrontDoorLink[];
}

/** `index.html` of a project (or of one tenant): every stored period, newest first by kind. */
export interface FrontDoorView {
  title: string;
  scopeText: string;
  updated: string;
  groups: Array<{ heading: string; rows: FrontDoorRow[] }>;
  empty: boolean;
  verifyHint: string;
  upLink: FrontDoorLink | null;
}

const GROUPS: ReadonlyArray<[PeriodKind, string]> = [
  ['week', 'Weeks'],
  ['day', 'Days'],
  ['month', 'Months'],
  ['quarter', 'Quarters'],
  ['year', 'Years'],
  ['range', 'Other ranges'],
];

/** The files worth a link, in reading order; `folder` is the scope's folder inside the period. */
function linksOf(entry: PeriodEntry, base: string, folder: string): FrontDoorLink[] {
  const own = entry.files.filter((f) => f.startsWith(folder)).map((f) => f.slice(folder.length));
  const pick = (name: string, text = name) => (own.includes(name) ? [{ href: `${base}${name}`, text }] : []);
  return [
    ...pick('report.html', 'report'),
    ...pick('binder.pdf', 'binder (PDF)'),
    ...pick('summary.json'),
    ...pick('gaps.csv'),
    ...own.filter((f) => /^compliance\/[^/]+\.csv$/.test(f)).map((f) => ({ href: `${base}${f}`, text: f })),
    { href: `${base}manifest.json`, text: 'manifest.json' },
  ];
}

const rangeOf = (entry: PeriodEntry) =>
  entry.from && entry.to
    ? `${formatInstant(Date.parse(entry.from))} – ${formatInstant(Date.parse(entry.to))}`
    : '';

function row(
  entry: PeriodEntry,
  complete: boolean | null,
  findings: number | null,
  links: FrontDoorLink[],
  chain = entry.chain,
): FrontDoorRow {
  return {
    period: entry.label,
    range: rangeOf(entry),
    completeness: complete === null ? 'unknown (no summary)' : complete ? 'complete' : 'INCOMPLETE',
    completenessClass: complete === null ? 'muted' : complete ? 'ok' : 'bad',
    findings: findings === null ? '—' : findings === 0 ? 'none' : formatCount(findings),
    chain: chain.text,
    chainClass: chain.state,
    manifestSha256: entry.manifestSha256,
    links,
  };
}

function grouped(rows: ReadonlyArray<{ kind: PeriodKind; row: FrontDoorRow }>) {
  return GROUPS.map(([kind, heading]) => ({
    heading,
    rows: rows
      .filter((r) => r.kind === kind)
      .map((r) => r.row)
      .sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0)),
  })).filter((g) => g.rows.length > 0);
}

const VERIFY_HINT =
  'The state of each manifest is checked with the signing key published in this bucket. An auditor verifies every file with the key given by the report owner: npm run verify -- --public-key manifest-signing-key.pem --chain <period folder>.';

/** The project's front door: every stored week, day, month, quarter and range. */
export function buildProjectFrontDoor(
  projectId: string,
  entries: readonly PeriodEntry[],
  now: number,
): FrontDoorView {
  const rows = entries.map((e) => ({
    kind: e.kind,
    row: row(e, e.complete, e.findings, linksOf(e, `${e.path}${e.folder}`, '')),
  }));
  return {
    title: `Descope audit reports · project ${projectId}`,
    scopeText: `Every period stored for project ${projectId}: its completeness, findings and the state of its signed manifest. Start here; each report links its evidence.`,
    updated: `Rewritten by every run; last at ${formatInstant(now)}.`,
    groups: grouped(rows),
    empty: rows.length === 0,
    verifyHint: VERIFY_HINT,
    upLink: { href: '../index.html', text: 'All projects' },
  };
}

/** One tenant's front door: its own folders only, from the project's manifests and summaries. */
export function buildTenantFrontDoor(
  projectId: string,
  tenantId: string,
  entries: readonly PeriodEntry[],
  now: number,
): FrontDoorView {
  const folder = `tenants/${tenantId}/`;
  const rows = entries
    .filter((e) => e.files.includes(`${folder}manifest.json`))
    .map((e) => {
      const own = e.tenants.find((t) => t.tenantId === tenantId);
      const chain = { state: e.chain.state, text: `listed in the project manifest (${e.chain.text})` };
      const links = linksOf(e, `../../${e.path}${e.folder}${folder}`, folder);
      // The tenant's own manifest, by the SHA-256 the signed project manifest lists for it.
      const sha256 = e.manifest?.files.find((f) => f.name === `${folder}manifest.json`)?.sha256 ?? '';
      return {
        kind: e.kind,
        row: {
          ...row(e, own?.complete ?? null, own?.findings ?? null, links, chain),
          manifestSha256: sha256,
        },
      };
    });
  return {
    title: `Descope audit reports · tenant ${tenantId}`,
    scopeText: `Every period stored for tenant ${tenantId} of project ${projectId}: this tenant's reports only. Start here; each report links its files.`,
    updated: `Rewritten by every run that reports this tenant; last at ${formatInstant(now)}.`,
    groups: grouped(rows),
    empty: rows.length === 0,
    verifyHint: `${VERIFY_HINT} The tenant's manifest is listed, with its SHA-256, in the project manifest of each period.`,
    upLink: null,
  };
}
