import { ACCESS_FILES } from '../access/access-controls.js';
import { MANIFEST_FILE, SIGNATURE_FILE } from './manifest.js';

/** One thing wrong with a stored report, naming the file (relative to the verified folder or a bucket key). */
export interface VerifyProblem {
  file: string;
  problem: string;
  /** A sealed file with a newer version in the bucket: the version sealed and the newest one. */
  versions?: { sealed: string; newer: string };
}

/** A reviewer's sign-off and its signature, stored after the report (`npm run attest`). */
const ATTESTATION_FILES = [ACCESS_FILES.attestation, ACCESS_FILES.attestationSignature];

/** Files of a folder the manifest does not list on purpose: written after it, or per run. */
const ROOT_OPERATIONAL = new Set([
  MANIFEST_FILE,
  SIGNATURE_FILE,
  'delivery.json',
  'collection-state.json',
  'run-lock.json',
  'anchor.json',
  ...ATTESTATION_FILES,
]);
/** Each routing channel's delivery record (`channels/<name>.json`), written after the manifest. */
const CHANNEL_RECORD = /^channels\/[a-z0-9][a-z0-9-]{0,62}\.json$/;
const TENANT_OPERATIONAL = new Set([SIGNATURE_FILE, 'delivery.json', ...ATTESTATION_FILES]);

/** The tenant a name relative to a report folder belongs to (`tenants/<id>/…` → `<id>`). */
export const tenantOfName = (name: string): string | undefined => /^tenants\/([^/]+)\//.exec(name)?.[1];

/**
 * Whether `name` (relative to a report folder) is one of the files a manifest never lists: the
 * manifest and its signature, the email's delivery record, the collection checkpoint, the run's
 * period lock, the anchor record and the channels' delivery records; in a tenant
 * folder its signature, delivery record, channel records (the tenant's manifest itself is listed by the project's).
 */
export function isOperationalFile(name: string): boolean {
  if (ROOT_OPERATIONAL.has(name) || CHANNEL_RECORD.test(name)) return true;
  const tenant = /^tenants\/[^/]+\/(.+)$/.exec(name);
  return tenant?.[1] !== undefined && (TENANT_OPERATIONAL.has(tenant[1]) || CHANNEL_RECORD.test(tenant[1]));
}

/** `tenants/<id>/manifest.json` → `<id>`. */
export function tenantOfManifest(name: string): string | undefined {
  return /^tenants\/([^/]+)\/manifest\.json$/.exec(name)?.[1];
}
