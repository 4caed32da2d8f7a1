import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  describeFile,
  type Manifest,
  type ManifestEntry,
  type ManifestRevision,
  type ManifestScope,
  renderManifest,
  SIGNATURE_ALGORITHM,
} from '../../../functions/core/integrity/manifest.js';
import { scopeFolder } from '../../../functions/core/integrity/manifest-chain.js';
import { keyFingerprint } from '../../../functions/core/integrity/signing-key.js';

/** A P-256 key pair with its public PEM (written to `dir` for `--public-key`). */
export async function signingKey(dir: string, name: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const fingerprint = keyFingerprint(publicKey.export({ type: 'spki', format: 'der' }));
  const publicFile = join(dir, `${name}.pub.pem`);
  await mkdir(dir, { recursive: true });
  await writeFile(publicFile, pem);
  return { privateKey, pem, fingerprint, publicFile };
}

export interface ReportSpec {
  projectId: string;
  period: string;
  /** The folder the report is written to, relative to `root` (ending in `/`). */
  prefix: string;
  files: Record<string, string>;
  tenants?: Record<string, Record<string, string>>;
  revision?: ManifestRevision;
  /** Extra entries the project manifest lists (files written by the test itself). */
  extraEntries?: ManifestEntry[];
}

const put = async (root: string, key: string, body: Uint8Array | string) => {
  await mkdir(dirname(join(root, key)), { recursive: true });
  await writeFile(join(root, key), body);
};

/** Writes a signed report folder as the job lays it out: tenants' folders and manifests, then the project's. */
export async function writeSignedReport(
  root: string,
  spec: ReportSpec,
  key: { privateKey: KeyObject; fingerprint: string },
): Promise<{ manifest: Buffer }> {
  const seal = (scope: ManifestScope, files: ManifestEntry[]): Buffer => {
    const manifest: Manifest = {
      schemaVersion: 2,
      projectId: spec.projectId,
      period: spec.period,
      scope,
      previous: null,
      signing: { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: key.fingerprint },
      files,
      revision: spec.revision,
    };
    return Buffer.from(renderManifest(manifest));
  };
  const entries: ManifestEntry[] = [...(spec.extraEntries ?? [])];
  for (const [tenantId, files] of Object.entries(spec.tenants ?? {})) {
    const folder = scopeFolder('', { kind: 'tenant', tenantId });
    const own: ManifestEntry[] = [];
    for (const [name, body] of Object.entries(files)) {
      await put(root, `${spec.prefix}${folder}${name}`, body);
      own.push(describeFile(name, Buffer.from(body)));
    }
    const manifest = seal({ kind: 'tenant', tenantId }, own);
    await put(root, `${spec.prefix}${folder}manifest.sig`, sign('sha256', manifest, key.privateKey));
    await put(root, `${spec.prefix}${folder}manifest.json`, manifest);
    entries.push(
      ...own.map((e) => ({ ...e, name: `${folder}${e.name}` })),
      describeFile(`${folder}manifest.json`, manifest),
    );
  }
  for (const [name, body] of Object.entries(spec.files)) {
    await put(root, `${spec.prefix}${name}`, body);
    entries.push(describeFile(name, Buffer.from(body)));
  }
  const manifest = seal({ kind: 'project' }, entries);
  await put(root, `${spec.prefix}manifest.sig`, sign('sha256', manifest, key.privateKey));
  await put(root, `${spec.prefix}manifest.json`, manifest);
  return { manifest };
}
