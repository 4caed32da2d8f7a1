import { createHash } from 'node:crypto';

/** A stored file with its size and SHA-256, so an auditor can verify what they downloaded. */
export interface ManifestEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export function describeFile(name: string, body: Uint8Array): ManifestEntry {
  return { name, bytes: body.byteLength, sha256: createHash('sha256').update(body).digest('hex') };
}

/** `manifest.json`: every other file of the report, sorted by name. */
export function renderManifest(entries: ManifestEntry[]): string {
  const files = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return `${JSON.stringify({ files }, null, 2)}\n`;
}
