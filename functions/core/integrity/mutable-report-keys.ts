import { CAMPAIGNS_PREFIX } from '../access/campaign-files.js';
import { OVERVIEW_KEY } from '../front-door/front-door-keys.js';
import { REPORTS_PREFIX } from '../report/report-prefix.js';
import { STREAM_LANDING_PREFIX } from '../stream/stream-layout.js';

/**
 * The files of a report folder that change after they are first written: the period's lock, the
 * collection checkpoint, the email's delivery record, each routing channel's delivery record
 * (`channels/<name>.json`), the anchor record and a reviewer's sign-off (superseded by a later
 * decision). `*` matches as in the bucket policy's resources. Each is replaced only with `If-Match` (or created with
 * `If-None-Match`). Every other key under `reports/` is written once: sealed evidence is never
 * overwritten, by the job or by anyone holding `s3:PutObject`.
 */
export const MUTABLE_REPORT_FILES = [
  'run-lock.json',
  'collection-state.json',
  'delivery.json',
  'channels/*.json',
  'anchor.json',
  'access/attestation.json',
  'access/attestation.sig',
] as const;

/**
 * The files of an access review campaign (`access/campaigns/<id>/`) that change: which emails were
 * sent and the remediation state the last weekly run found. Everything else of a campaign (the
 * frozen campaign, each signed decision, decisions.csv, the seal) is written once, and a decision
 * that changes is a new record beside the old one.
 */
export const MUTABLE_CAMPAIGN_FILES = ['notices.json', 'remediation.json'] as const;

/**
 * The mutable keys as the bucket policy names them: `reports/`, a wildcard, then `/<file>` (and
 * the same under `access/campaigns/`). S3's wildcard matches any run of characters, `/` included,
 * so a tenant's `delivery.json` is covered too.
 */
export const mutableKeyPatterns = (): string[] => [
  ...MUTABLE_REPORT_FILES.map((f) => `${REPORTS_PREFIX}*/${f}`),
  ...MUTABLE_CAMPAIGN_FILES.map((f) => `${CAMPAIGNS_PREFIX}*/${f}`),
  // The front door's pages, which each run rewrites and no sealed manifest lists; a tenant's
  // `reports/<project>/tenants/<id>/index.html` is matched by the wildcard too.
  `${REPORTS_PREFIX}*/index.html`,
  `${REPORTS_PREFIX}*/index.json`,
  OVERVIEW_KEY,
];

/** S3's resource matching: `*` is any run of characters (`/` included), everything else literal. */
const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
const MUTABLE_KEYS = mutableKeyPatterns().map(wildcard);

/** Whether `key` matches one of {@link mutableKeyPatterns}, exactly as S3 matches the policy's resources. */
export function isMutableReportKey(key: string): boolean {
  return MUTABLE_KEYS.some((pattern) => pattern.test(key));
}

/** Whether `key` is a campaign's mutable record, matched as S3 matches the policy's resources. */
export function isMutableCampaignKey(key: string): boolean {
  if (!key.startsWith(CAMPAIGNS_PREFIX)) return false;
  const rest = key.slice(CAMPAIGNS_PREFIX.length);
  return MUTABLE_CAMPAIGN_FILES.some((file) => rest.endsWith(`/${file}`));
}

/**
 * Whether the evidence bucket's policy lets a write of `key` with these conditional headers through
 * (the stand-in applies it as the bucket does): every key is created with `If-None-Match`, and only
 * the mutable records may be replaced, with `If-Match`. Firehose cannot send either header: when the
 * stream lands in the bucket, its delivery role (`writer.streamDelivery`), and no one else, writes
 * under `stream/` unconditionally (versioning and Object Lock keep any object it replaced).
 */
export function isWriteAllowed(
  key: string,
  headers: { ifNoneMatch: boolean; ifMatch: boolean },
  writer: { streamDelivery?: boolean } = {},
): boolean {
  if (headers.ifNoneMatch) return true;
  if (writer.streamDelivery && key.startsWith(STREAM_LANDING_PREFIX)) return true;
  return headers.ifMatch && (isMutableReportKey(key) || isMutableCampaignKey(key));
}
