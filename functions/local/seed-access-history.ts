import { toDirectoryKey, toDirectoryUser } from '../adapters/directory-record-schema.js';
import type { ManifestSigner } from '../adapters/manifest-signer.js';
import type { ReportStore } from '../adapters/report-store.js';
import { ACCESS_FILES } from '../core/access/access-controls.js';
import { buildAccessSnapshot, renderAccessSnapshot } from '../core/access/build-access-snapshot.js';
import {
  describeFile,
  MANIFEST_FILE,
  renderManifest,
  SIGNATURE_ALGORITHM,
  SIGNATURE_FILE,
} from '../core/integrity/manifest.js';
import { previousManifestKey } from '../core/integrity/manifest-chain.js';
import { isoWeekStarting, type ReportPeriod, WEEK_MS } from '../core/period/period.js';
import type { StandInDirectory } from './descope-api/directory-search-handler.js';

export interface SeedAccessHistoryInput {
  store: ReportStore;
  projectId: string;
  /** The period the demo reports: the snapshot of the week before it is seeded. */
  period: ReportPeriod;
  /** The demo directory as it stood at the end of the week before. */
  directory: StandInDirectory;
  privilegedRoles: readonly string[];
  /**
   * The demo's signing key: the seeded week is then sealed as its run would have sealed it (a
   * signed manifest listing the snapshot), so a signing run verifies it before using it.
   */
  signer?: ManifestSigner;
}

/**
 * Stores the previous week's access snapshot, as that week's run would have stored it, so a fresh
 * `npm start` shows what changed since. Never overwrites a stored snapshot. Returns the key, or
 * `undefined` when one was already there.
 */
export async function seedPreviousAccessSnapshot(input: SeedAccessHistoryInput): Promise<string | undefined> {
  const previous = isoWeekStarting(input.period.from - WEEK_MS);
  const key = `reports/${input.projectId}/${previous.label}/${ACCESS_FILES.snapshot}`;
  if ((await input.store.get(key)) !== undefined) return undefined;
  const users = input.directory.users.map(toDirectoryUser).filter((u) => u !== undefined);
  const keys = input.directory.keys.map(toDirectoryKey).filter((k) => k !== undefined);
  const snapshot = buildAccessSnapshot(
    {
      users,
      keys,
      coverage: { usersRead: users.length, keysRead: keys.length, malformed: 0, complete: true, notes: [] },
    },
    {
      projectId: input.projectId,
      period: previous.label,
      periodEnd: previous.to,
      privilegedRoles: input.privilegedRoles,
    },
  );
  const body = Buffer.from(renderAccessSnapshot(snapshot), 'utf8');
  await input.store.putIf(key, body, 'application/json', { ifNoneMatch: '*' });
  if (input.signer) await sealSeededWeek(input.store, input.projectId, previous, body, input.signer);
  return key;
}

/** A signed manifest for the seeded week's folder, listing its one file. */
async function sealSeededWeek(
  store: ReportStore,
  projectId: string,
  week: ReportPeriod,
  snapshot: Uint8Array,
  signer: ManifestSigner,
): Promise<void> {
  const folder = `reports/${projectId}/${week.label}/`;
  const link = previousManifestKey(projectId, week, { kind: 'project' });
  const manifest = Buffer.from(
    renderManifest({
      schemaVersion: 2,
      projectId,
      period: week.label,
      scope: { kind: 'project' },
      previous: link ? { ...link, sha256: null } : null,
      signing: { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: (await signer.key()).fingerprint },
      files: [describeFile(ACCESS_FILES.snapshot, snapshot)],
    }),
    'utf8',
  );
  await store.putIf(`${folder}${SIGNATURE_FILE}`, await signer.sign(manifest), 'application/octet-stream', {
    ifNoneMatch: '*',
  });
  await store.putIf(`${folder}${MANIFEST_FILE}`, manifest, 'application/json', { ifNoneMatch: '*' });
}
