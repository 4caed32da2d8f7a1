import { z } from 'zod';
import { ATTESTATION_DECISIONS, type AttestationDecision } from '../core/access/attestation.js';
import { isSafeTenantId, TENANT_ID_RULE } from '../core/catalog/tenant-id.js';
import { parseCommandLine, validateOptions } from '../shared/parse-command-line.js';

export interface AttestArgs {
  period: string;
  reviewer: string;
  decision: AttestationDecision;
  note?: string;
  tenant?: string;
  /** A local report folder (e.g. `out`, as `npm start` writes it) instead of the S3 bucket. */
  dir?: string;
  /** Replace an attestation already stored (the bucket's versioning keeps the earlier one). */
  supersede: boolean;
  help: boolean;
}

export const ATTEST_USAGE = `Usage: npm run attest -- --period YYYY-Www --reviewer EMAIL --decision approved|changes-required [--note TEXT] [--tenant ID] [--dir DIR] [--supersede]

  --period     the report period whose access review is signed off (its folder's label)
  --reviewer   the reviewer's email address
  --decision   approved, or changes-required
  --note       free text kept in the attestation
  --tenant     sign off a tenant's review (tenants/<ID>/access/snapshot.json)
  --dir        a local report folder holding reports/<project>/… instead of REPORT_BUCKET
  --supersede  replace an attestation already stored for this review

Signed with the reviewer's own key, never the manifest-signing key: ATTESTATION_SIGNING_KEY_FILE (a P-256
PKCS#8 PEM whose public key the deployment lists in attestationPublicKeys) or ATTESTATION_SIGNING_KEY_ARN (the
stack's attestation KMS key, with the reviewer role's credentials).

Decisions of an access review campaign: npm run attest -- --campaign ID --help
`;

const PERIOD_LABEL = /^(\d{4}-W\d{2}|\d{4}-\d{2}-\d{2}T\d{4}Z--\d{4}-\d{2}-\d{2}T\d{4}Z)$/;

const argsSchema = z.object({
  period: z.string().regex(PERIOD_LABEL, 'must be a report period label such as 2026-W48'),
  reviewer: z.email('must be an email address'),
  decision: z.enum(ATTESTATION_DECISIONS, { message: 'must be approved or changes-required' }),
  note: z.string().max(2000, 'must be at most 2000 characters').optional(),
  tenant: z.string().refine(isSafeTenantId, `must be a tenant ID (${TENANT_ID_RULE})`).optional(),
  dir: z.string().min(1).optional(),
});

/** The options of `npm run attest`. */
const ATTEST_OPTIONS = {
  period: { type: 'string' },
  reviewer: { type: 'string' },
  decision: { type: 'string' },
  note: { type: 'string' },
  tenant: { type: 'string' },
  dir: { type: 'string' },
  supersede: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses `npm run attest` arguments; every problem names its option. */
export function parseAttestArgs(argv: string[]): AttestArgs {
  const { values } = parseCommandLine(argv, ATTEST_OPTIONS, ATTEST_USAGE);
  if (values.help) return { period: '', reviewer: '', decision: 'approved', supersede: false, help: true };
  const { note, tenant, dir, ...required } = validateOptions(argsSchema, values, ATTEST_USAGE);
  return {
    ...required,
    ...(note ? { note } : {}),
    ...(tenant ? { tenant } : {}),
    ...(dir ? { dir } : {}),
    supersede: values.supersede === true,
    help: false,
  };
}
