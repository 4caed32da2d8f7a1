import { z } from 'zod';
import { ACCESS_FILES } from './access-controls.js';
import type { SnapshotScope } from './access-snapshot.js';

export const ATTESTATION_DECISIONS = ['approved', 'changes-required'] as const;
export type AttestationDecision = (typeof ATTESTATION_DECISIONS)[number];

const scopeSchema = z.union([
  z.object({ kind: z.literal('project') }),
  z.object({ kind: z.literal('tenant'), tenantId: z.string() }),
]);

/** `access/attestation.json`: a reviewer's decision on one stored snapshot. */
export const attestationSchema = z.object({
  schemaVersion: z.literal(1),
  projectId: z.string(),
  scope: scopeSchema,
  period: z.string(),
  reviewer: z.string(),
  decision: z.enum(ATTESTATION_DECISIONS),
  note: z.string().optional(),
  /** ISO 8601 time of the decision. */
  attestedAt: z.string(),
  /** The snapshot reviewed, by name and SHA-256 of its stored bytes. */
  snapshot: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /**
   * The key whose detached signature (`access/attestation.sig`: ECDSA P-256 over SHA-256 of these
   * bytes, DER) seals this file, as for manifests; absent: unsigned.
   */
  signingKeyFingerprint: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type Attestation = z.output<typeof attestationSchema>;

export interface AttestationInput {
  projectId: string;
  scope: SnapshotScope;
  period: string;
  reviewer: string;
  decision: AttestationDecision;
  note?: string;
  /** Epoch ms of the decision. */
  at: number;
  snapshotSha256: string;
  signingKeyFingerprint?: string;
}

export function buildAttestation(input: AttestationInput): Attestation {
  return {
    schemaVersion: 1,
    projectId: input.projectId,
    scope: input.scope,
    period: input.period,
    reviewer: input.reviewer,
    decision: input.decision,
    ...(input.note ? { note: input.note } : {}),
    attestedAt: new Date(input.at).toISOString(),
    snapshot: { file: ACCESS_FILES.snapshot, sha256: input.snapshotSha256 },
    ...(input.signingKeyFingerprint ? { signingKeyFingerprint: input.signingKeyFingerprint } : {}),
  };
}

export const renderAttestation = (a: Attestation): string => `${JSON.stringify(a, null, 2)}\n`;

/** Parses a stored attestation; `undefined` when it is not one (the report then says so). */
export function parseAttestation(bytes: Uint8Array): Attestation | undefined {
  try {
    const parsed = attestationSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** This period's review state as the report shows it. */
export type AttestationStatus =
  | { state: 'pending' }
  | { state: 'unreadable' }
  | { state: 'attested'; attestation: Attestation; matchesSnapshot: boolean };

export function attestationStatus(stored: Uint8Array | undefined, snapshotSha256: string): AttestationStatus {
  if (!stored) return { state: 'pending' };
  const attestation = parseAttestation(stored);
  if (!attestation) return { state: 'unreadable' };
  return { state: 'attested', attestation, matchesSnapshot: attestation.snapshot.sha256 === snapshotSha256 };
}
