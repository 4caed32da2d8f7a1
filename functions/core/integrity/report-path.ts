import { REPORTS_PREFIX } from '../report/report-prefix.js';
import type { ManifestScope } from './manifest.js';
import { revisionPrefix } from './revision-layout.js';

/** What a report folder's path says it holds: which project, period, revision and scope. */
export interface ReportFolderPath {
  projectId: string;
  period: string;
  /** 1: the period's own folder; n ≥ 2: `revisions/<n>/`. */
  revision: number;
  scope: ManifestScope;
  /** `reports/<project>/<period>/` */
  periodPrefix: string;
  /** The folder itself, ending in `/`. */
  prefix: string;
}

/**
 * A period label as the job writes folder names: an ISO week (`2026-W47`), a month (`2026-11`), a
 * quarter (`2026-Q4`), a year (`2026`), or a range (`2026-11-16T0000Z--2026-11-17T0000Z`,
 * `2026-11-01_2026-11-15`).
 */
export const PERIOD_LABEL = /^\d{4}(?:-[0-9A-Za-z_:.-]+)?$/;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const REVISION = /^[1-9][0-9]{0,5}$/;

/**
 * Reads `reports/<project>/<period>/[revisions/<n>/][tenants/<id>/]` (a trailing `manifest.json` is
 * allowed and dropped); `undefined` for any other key. What the path says is what a verifier expects
 * the manifest found there to state: a manifest is never trusted to say where it belongs.
 */
export function parseReportFolder(key: string): ReportFolderPath | undefined {
  const folder = key.endsWith('/manifest.json') ? key.slice(0, -'manifest.json'.length) : key;
  if (!folder.startsWith(REPORTS_PREFIX) || !folder.endsWith('/')) return undefined;
  const parts = folder.slice(REPORTS_PREFIX.length, -1).split('/');
  const [projectId = '', period = '', ...rest] = parts;
  if (!SEGMENT.test(projectId) || !PERIOD_LABEL.test(period)) return undefined;
  let revision = 1;
  if (rest[0] === 'revisions') {
    if (!REVISION.test(rest[1] ?? '') || Number(rest[1]) < 2) return undefined;
    revision = Number(rest[1]);
    rest.splice(0, 2);
  }
  let scope: ManifestScope = { kind: 'project' };
  if (rest[0] === 'tenants') {
    if (rest.length !== 2 || !SEGMENT.test(rest[1] ?? '')) return undefined;
    scope = { kind: 'tenant', tenantId: rest[1] ?? '' };
    rest.splice(0, 2);
  }
  if (rest.length > 0) return undefined;
  const periodPrefix = `${REPORTS_PREFIX}${projectId}/${period}/`;
  return { projectId, period, revision, scope, periodPrefix, prefix: folder };
}

/** The folder `parseReportFolder` reads back as `path`. */
export function reportFolderOf(path: Omit<ReportFolderPath, 'prefix' | 'periodPrefix'>): string {
  const base = revisionPrefix(`${REPORTS_PREFIX}${path.projectId}/${path.period}/`, path.revision);
  return path.scope.kind === 'tenant' ? `${base}tenants/${path.scope.tenantId}/` : base;
}

/** "2026-W47, tenant T1, revision 2": how verify names what it checked. */
export function describeFolderPath(path: Pick<ReportFolderPath, 'period' | 'scope' | 'revision'>): string {
  const scope = path.scope.kind === 'tenant' ? `tenant ${path.scope.tenantId}` : 'project';
  return `${path.period}, ${scope} scope${path.revision > 1 ? `, revision ${path.revision}` : ''}`;
}
