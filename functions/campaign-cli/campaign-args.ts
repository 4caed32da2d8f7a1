import { z } from 'zod';
import type { SnapshotScope } from '../core/access/access-snapshot.js';
import { CAMPAIGN_COVERAGE, type CampaignCoverage } from '../core/access/campaign.js';
import { isSafeTenantId, TENANT_ID_RULE } from '../core/catalog/tenant-id.js';
import { parseCommandLine, validateOptions } from '../shared/parse-command-line.js';

export const CAMPAIGN_USAGE = `Usage: npm run campaign -- --create --period YYYY-Www [--tenant ID] [--coverage privileged|all] [--due YYYY-MM-DD] [--public-key FILE] [--dir DIR]

  --create     open an access review campaign over the period's stored, signed snapshot
  --period     the report period whose snapshot is reviewed (its folder's label)
  --tenant     review a tenant's snapshot (tenants/<ID>/access/snapshot.json) instead of the project's
  --coverage   privileged roles only (default, from ACCESS_CAMPAIGNS) or every role
  --due        the due date (end of that UTC day); default: ACCESS_CAMPAIGNS' dueDays from now
  --public-key the report signing key's public half (PEM) the snapshot's manifest must verify with
               (default: the public half of REPORT_SIGNING_KEY_FILE)
  --dir        a local folder holding reports/… and access/campaigns/… instead of REPORT_BUCKET

Reviewers, second level and windows come from ACCESS_CAMPAIGNS; reviewers are resolved to their
Descope users with DESCOPE_MANAGEMENT_KEY. The campaign is stored once, never replaced.
`;

export interface CampaignArgs {
  help: boolean;
  period: string;
  scope: SnapshotScope;
  coverage?: CampaignCoverage;
  /** Epoch ms. */
  dueAt?: number;
  publicKey?: string;
  dir?: string;
}

const schema = z.object({
  create: z.literal(true, { message: 'is required (the only action)' }),
  period: z.string().regex(/^\d{4}-W\d{2}$/, 'must be a week such as 2026-W47'),
  tenant: z.string().refine(isSafeTenantId, `must be a tenant ID (${TENANT_ID_RULE})`).optional(),
  coverage: z.enum(CAMPAIGN_COVERAGE).optional(),
  due: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'must be a real date')
    .optional(),
  'public-key': z.string().min(1).optional(),
  dir: z.string().min(1).optional(),
});

/** The options of `npm run campaign`. */
const CAMPAIGN_OPTIONS = {
  create: { type: 'boolean' },
  period: { type: 'string' },
  tenant: { type: 'string' },
  coverage: { type: 'string' },
  due: { type: 'string' },
  'public-key': { type: 'string' },
  dir: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses `npm run campaign` arguments; every problem names its option. */
export function parseCampaignArgs(argv: string[]): CampaignArgs {
  const { values } = parseCommandLine(argv, CAMPAIGN_OPTIONS, CAMPAIGN_USAGE);
  if (values.help) return { help: true, period: '', scope: { kind: 'project' } };
  const v = validateOptions(schema, values, CAMPAIGN_USAGE);
  return {
    help: false,
    period: v.period,
    scope: v.tenant ? { kind: 'tenant', tenantId: v.tenant } : { kind: 'project' },
    coverage: v.coverage,
    dueAt: v.due ? Date.parse(`${v.due}T23:59:59Z`) : undefined,
    publicKey: v['public-key'],
    dir: v.dir,
  };
}
