import { MANIFEST_FILE } from '../core/integrity/manifest.js';
import { isOperationalFile, tenantOfName } from '../core/integrity/report-files.js';
import { addProblem, type VerifyContext } from './verify-context.js';

/**
 * Every file under `tenants/<id>/` must also be accounted for by that tenant's own manifest (the one
 * the tenant's recipients verify), not only by the project's: a file the project manifest lists
 * there but the tenant's does not, or a tenant folder without a verified manifest, is reported.
 * `tenantFiles` maps `tenants/<id>/` to the names its verified manifest lists.
 */
export function accountForTenantFiles(
  context: VerifyContext,
  label: string,
  stored: readonly string[],
  tenantFiles: ReadonlyMap<string, ReadonlySet<string>>,
): void {
  for (const name of stored) {
    const tenantId = tenantOfName(name);
    if (tenantId === undefined || isOperationalFile(name)) continue;
    const folder = `tenants/${tenantId}/`;
    const inFolder = name.slice(folder.length);
    if (inFolder === MANIFEST_FILE) continue;
    const listed = tenantFiles.get(folder);
    if (!listed)
      addProblem(context, `${label}${name}`, `no verified manifest of tenant ${tenantId} accounts for it`);
    else if (!listed.has(inFolder))
      addProblem(context, `${label}${name}`, `not listed in ${folder}${MANIFEST_FILE}`);
  }
}
