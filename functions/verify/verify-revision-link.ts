import { MANIFEST_FILE, type Manifest, sha256Hex } from '../core/integrity/manifest.js';
import { parseReportFolder } from '../core/integrity/report-path.js';
import { addProblem, type VerifyContext } from './verify-context.js';

/**
 * A later revision names the manifest it supersedes: that must be an earlier revision of the same
 * period and scope, and still hash to what was linked (the superseded report stays stored).
 */
export async function checkRevisionLink(
  context: VerifyContext,
  manifest: Manifest,
  label: string,
): Promise<void> {
  const revision = manifest.revision;
  if (!revision) return;
  const file = `${label}${MANIFEST_FILE}`;
  if (!revision.supersedes) {
    context.notes.push(`${label || '.'}: revision ${revision.number}, superseding no sealed revision`);
    return;
  }
  const { key, sha256 } = revision.supersedes;
  const linked = parseReportFolder(key);
  if (
    !linked ||
    linked.period !== manifest.period ||
    linked.projectId !== manifest.projectId ||
    linked.revision >= revision.number ||
    JSON.stringify(linked.scope) !== JSON.stringify(manifest.scope)
  ) {
    addProblem(context, file, `supersedes ${key}, which is not an earlier revision of this period and scope`);
    return;
  }
  const body = await context.reader.get(key);
  if (sha256 === null) {
    if (body) addProblem(context, file, `says ${key} did not exist when it was sealed, but it is stored`);
    return;
  }
  if (!body) {
    if (context.reader.complete) addProblem(context, key, `missing: ${file} supersedes it`);
    else context.notes.push(`${key}: not in this folder, revision link not checked`);
    return;
  }
  if (sha256Hex(body) !== sha256) {
    addProblem(
      context,
      key,
      `SHA-256 ${sha256Hex(body)} differs from ${sha256} that ${file} supersedes (edited?)`,
    );
  }
}
