import pLimit from 'p-limit';
import type { ReportReader } from '../../adapters/report-reader.js';
import { ACCESS_FILES } from '../../core/access/access-controls.js';
import type { PeriodEntry, StoredPeriodFiles } from '../../core/front-door/period-entry.js';
import type { SignOff } from '../../core/front-door/project-state.js';
import { MANIFEST_FILE, SIGNATURE_FILE } from '../../core/integrity/manifest.js';
import { parseManifest } from '../../core/integrity/parse-manifest.js';
import { REVISIONS_FOLDER } from '../../core/integrity/revision-layout.js';
import { publicKeyKey } from '../../core/integrity/signing-key.js';
import { DAYS_FOLDER, REPORTS_PREFIX } from '../../core/report/report-prefix.js';

const PERIOD_LABEL = /^(\d{4}-W\d{2}|\d{4}-\d{2}|\d{4}-Q[1-4]|\d{4}|[0-9TZ:.-]+_[0-9TZ:.-]+)$/;
const DAY_LABEL = /^\d{4}-\d{2}-\d{2}$/;
// Reads overlap (S3 answers in tens of milliseconds each), a few at a time.
const limit = pLimit(8);

/** Every stored period of the project (weeks, rollups, ranges, and the days under `days/`), newest sealed revision each. */
export async function readPeriods(reader: ReportReader, projectId: string): Promise<StoredPeriodFiles[]> {
  const base = `${REPORTS_PREFIX}${projectId}/`;
  const periods = (await reader.listFolders(base))
    .filter((l) => PERIOD_LABEL.test(l))
    .map((label) => ({ label, path: `${label}/` }));
  // Days (daily review) are stored under `days/`, listed like the weeks beside them.
  const days = (await reader.listFolders(`${base}${DAYS_FOLDER}`))
    .filter((l) => DAY_LABEL.test(l))
    .map((label) => ({ label, path: `${DAYS_FOLDER}${label}/` }));
  return Promise.all(
    [...periods, ...days].map(({ label, path }) =>
      limit(async () => {
        const folder = await newestSealedFolder(reader, `${base}${path}`);
        const at = `${base}${path}${folder}`;
        return {
          label,
          path,
          folder,
          manifest: await reader.get(`${at}${MANIFEST_FILE}`),
          signature: await reader.get(`${at}${SIGNATURE_FILE}`),
          summary: await reader.get(`${at}summary.json`),
        };
      }),
    ),
  );
}

/** The newest revision of a period holding a manifest (`revisions/<n>/`), else the period's own folder. */
async function newestSealedFolder(reader: ReportReader, periodPrefix: string): Promise<string> {
  const revisions = (await reader.listFolders(`${periodPrefix}${REVISIONS_FOLDER}`))
    .filter((name) => /^[1-9][0-9]{0,5}$/.test(name))
    .map(Number)
    .sort((a, b) => b - a);
  for (const revision of revisions) {
    const folder = `${REVISIONS_FOLDER}${revision}/`;
    if (await reader.get(`${periodPrefix}${folder}${MANIFEST_FILE}`)) return folder;
  }
  return '';
}

/** The public keys the manifests name, as published in the bucket. */
export async function readKeys(
  reader: ReportReader,
  periods: readonly StoredPeriodFiles[],
): Promise<Map<string, string>> {
  const fingerprints = new Set<string>();
  for (const p of periods) {
    const parsed = p.manifest ? parseManifest(p.manifest) : undefined;
    if (parsed?.ok && parsed.manifest.signing) fingerprints.add(parsed.manifest.signing.keyFingerprint);
  }
  const keys = new Map<string, string>();
  for (const fingerprint of fingerprints) {
    const pem = await reader.get(publicKeyKey(fingerprint));
    if (pem) keys.set(fingerprint, Buffer.from(pem).toString('utf8'));
  }
  return keys;
}

/** The access-review sign-off state of the project's latest week. */
export async function signOffOf(
  reader: ReportReader,
  projectId: string,
  entries: readonly PeriodEntry[],
): Promise<SignOff> {
  const latest = entries.filter((e) => e.kind === 'week').sort((a, b) => (a.label < b.label ? 1 : -1))[0];
  if (!latest?.accessReview) return 'no review';
  const attestation = await reader.get(
    `${REPORTS_PREFIX}${projectId}/${latest.label}/${ACCESS_FILES.attestation}`,
  );
  return attestation ? 'signed-off' : 'pending';
}
