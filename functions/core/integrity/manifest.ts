import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The manifest of a report folder and its detached signature, next to each other. */
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
/** What `manifest.sig` holds: an ECDSA P-256 signature over SHA-256 of `manifest.json`, ASN.1 DER. */
export const SIGNATURE_ALGORITHM = 'ECDSA_P256_SHA256_DER';

/** A stored file with its size and SHA-256, so an auditor can verify what they downloaded. */
export interface ManifestEntry {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * The previous period's manifest of the same scope, as it was when this one was sealed. `sha256` is
 * null when no such manifest was stored then (the first report of a chain, or a week that never ran).
 */
export interface ManifestLink {
  period: string;
  key: string;
  sha256: string | null;
}

/** Who signed: the key's fingerprint (SHA-256 of its SubjectPublicKeyInfo DER, hex). */
export interface ManifestSigning {
  algorithm: typeof SIGNATURE_ALGORITHM;
  keyFingerprint: string;
}

export type ManifestScope = { kind: 'project' } | { kind: 'tenant'; tenantId: string };

/**
 * A later revision of a sealed period (see `revision-layout.ts`): its number (2, 3, …) and the
 * manifest of the same scope it supersedes as that one was when this was sealed (`sha256` null when
 * that revision has no such manifest, e.g. a tenant new in this revision; the link itself null when
 * no earlier revision was sealed).
 */
export interface ManifestRevision {
  number: number;
  supersedes: { key: string; sha256: string | null } | null;
}

/**
 * `manifest.json`: every other file of the report folder with its size and SHA-256, the link to the
 * previous period (`null` for a custom range, which has no previous period), and the key that signed
 * it (`null`: unsigned). `manifest.sig`, `delivery.json` and `collection-state.json` are not listed:
 * they are written after the manifest or change with every run.
 */
export interface Manifest {
  schemaVersion: 2;
  projectId: string;
  period: string;
  scope: ManifestScope;
  previous: ManifestLink | null;
  signing: ManifestSigning | null;
  files: ManifestEntry[];
  /** Absent in a period's first revision (its own folder). */
  revision?: ManifestRevision;
}

export const sha256Hex = (body: Uint8Array | string): string =>
  createHash('sha256').update(body).digest('hex');

export function describeFile(name: string, body: Uint8Array): ManifestEntry {
  return { name, bytes: body.byteLength, sha256: sha256Hex(body) };
}

const byName = (a: ManifestEntry, b: ManifestEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The manifest's stored bytes: RFC 8785 canonical JSON (keys sorted, no insignificant whitespace),
 * files sorted by name. "The manifest's SHA-256" is the SHA-256 of exactly these bytes, and the
 * same manifest always serialises to the same bytes.
 */
export function renderManifest(manifest: Manifest): string {
  const { revision, ...rest } = manifest;
  const body: Record<string, unknown> = { ...rest, files: [...manifest.files].sort(byName) };
  // A first revision has no `revision` key at all: its bytes are those of a manifest without revisions.
  if (revision) body.revision = revision;
  const text = canonicalize(body);
  if (text === undefined) throw new TypeError('The manifest cannot be serialised');
  return text;
}
