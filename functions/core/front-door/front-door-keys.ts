import { REPORTS_PREFIX } from '../report/report-prefix.js';

/**
 * The front door's objects: the only report objects a run rewrites in place (every other object
 * under `reports/` is written once). A bucket policy that makes `reports/*` write-once lists these
 * as its exceptions ({@link isFrontDoorKey}).
 */
export const OVERVIEW_KEY = `${REPORTS_PREFIX}index.html`;
export const frontDoorKey = (projectId: string) => `${REPORTS_PREFIX}${projectId}/index.html`;
export const projectStateKey = (projectId: string) => `${REPORTS_PREFIX}${projectId}/index.json`;
export const tenantFrontDoorKey = (projectId: string, tenantId: string) =>
  `${REPORTS_PREFIX}${projectId}/tenants/${tenantId}/index.html`;

/** IAM/S3 key patterns of the rewritten objects (`*` within one path segment or more). */
export const FRONT_DOOR_KEY_PATTERNS = [
  OVERVIEW_KEY,
  `${REPORTS_PREFIX}*/index.html`,
  `${REPORTS_PREFIX}*/index.json`,
  `${REPORTS_PREFIX}*/tenants/*/index.html`,
] as const;

/** Whether `key` is one of the front door's rewritten objects. */
export function isFrontDoorKey(key: string): boolean {
  if (key === OVERVIEW_KEY) return true;
  const rest = key.startsWith(REPORTS_PREFIX) ? key.slice(REPORTS_PREFIX.length) : '';
  return /^[^/]+\/index\.(html|json)$/.test(rest) || /^[^/]+\/tenants\/[^/]+\/index\.html$/.test(rest);
}
