import { z } from 'zod';
import { type Manifest, renderManifest } from './manifest.js';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case SHA-256 hex digest');

const manifestSchema = z.strictObject({
  schemaVersion: z.literal(2),
  projectId: z.string().min(1),
  period: z.string().min(1),
  scope: z.union([
    z.strictObject({ kind: z.literal('project') }),
    z.strictObject({ kind: z.literal('tenant'), tenantId: z.string().regex(/^[A-Za-z0-9_-]+$/) }),
  ]),
  previous: z.strictObject({ period: z.string(), key: z.string(), sha256: hex64.nullable() }).nullable(),
  signing: z
    .strictObject({ algorithm: z.literal('ECDSA_P256_SHA256_DER'), keyFingerprint: hex64 })
    .nullable(),
  files: z.array(
    z.strictObject({
      // Relative, no `.`/`..` segment and no backslash: a name never reaches outside its folder.
      name: z
        .string()
        .regex(/^(?!\/)(?!(?:.*\/)?\.\.?(?:\/|$))[^\\\0]+$/, 'must be a relative path inside the folder'),
      bytes: z.number().int().nonnegative(),
      sha256: hex64,
    }),
  ),
  revision: z
    .strictObject({
      number: z.number().int().min(2),
      supersedes: z.strictObject({ key: z.string(), sha256: hex64.nullable() }).nullable(),
    })
    .optional(),
});

export type ParsedManifest =
  | { ok: true; manifest: Manifest; canonical: boolean }
  | { ok: false; problem: string };

/**
 * Parses stored manifest bytes. `canonical` says whether they are exactly the canonical form of what
 * they state (a manifest rewritten by hand or by another tool usually is not).
 */
export function parseManifest(body: Uint8Array): ParsedManifest {
  const text = Buffer.from(body).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `is not a version 2 manifest (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`,
    };
  }
  const manifest = parsed.data as Manifest;
  return { ok: true, manifest, canonical: renderManifest(manifest) === text };
}
