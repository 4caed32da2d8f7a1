import type { ObjectVersionInfo } from '../adapters/report-reader.js';
import type { VerifyContext } from './verify-context.js';

/** Every version under `prefix`, read once per verification (a week's listing serves its revisions). */
async function versionsUnder(context: VerifyContext, prefix: string): Promise<ObjectVersionInfo[]> {
  for (const [listed, versions] of context.versionListings) {
    if (prefix.startsWith(listed)) return versions.filter((v) => v.key.startsWith(prefix));
  }
  const versions = (await context.reader.listVersions?.(prefix)) ?? [];
  context.versionListings.set(prefix, versions);
  return versions;
}

/**
 * Sealed files are written once, so each has exactly one version. A file of `names` (relative to
 * `prefix`) with any later version or delete marker was overwritten or deleted after it was sealed:
 * reading the newest bytes would no longer show the sealed ones. Each such file is a problem naming
 * the sealed (oldest) version and the newest. Without a version history (a folder), nothing is
 * checked.
 */
export async function checkSealedVersions(
  context: VerifyContext,
  prefix: string,
  label: string,
  names: readonly string[],
): Promise<void> {
  if (!context.reader.listVersions) return;
  const byKey = new Map<string, ObjectVersionInfo[]>();
  for (const v of await versionsUnder(context, prefix)) {
    const list = byKey.get(v.key) ?? [];
    list.push(v);
    byKey.set(v.key, list);
  }
  for (const name of names) {
    context.versionsChecked = (context.versionsChecked ?? 0) + 1;
    const versions = byKey.get(`${prefix}${name}`) ?? [];
    if (versions.length <= 1) continue;
    const newest = versions[0];
    const sealed = versions.filter((v) => !v.deleteMarker).at(-1) ?? versions.at(-1);
    if (!newest || !sealed) continue;
    const what = newest.deleteMarker ? 'a delete marker' : 'a version';
    context.problems.push({
      file: `${label}${name}`,
      problem: `has ${what} (${newest.versionId}, ${new Date(newest.lastModified).toISOString()}) newer than the sealed version ${sealed.versionId}: overwritten or deleted after it was sealed (${versions.length} versions in all)`,
      versions: { sealed: sealed.versionId, newer: newest.versionId },
    });
  }
}
