import { z } from 'zod';
import { ConfigError } from '../../../shared/errors.js';
import { campaignSettings, flag, positiveInt, url } from './environment-values.js';

/** The access review, its directory reads, and the campaigns run from it. */
export const accessReviewVariables = {
  ACCESS_REVIEW_ENABLED: flag(true).meta({
    description:
      '`accessReview.enabled`: snapshot role holders and access keys at each period end and report the access review.',
  }),
  ACCESS_REVIEW_DORMANT_DAYS: positiveInt(90).meta({
    description:
      '`accessReview.dormantDays`: a privileged user with no login for this many days is a finding.',
  }),
  ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS: positiveInt(365).meta({
    description:
      '`accessReview.keyExpiryHorizonDays`: a privileged access key expiring later than this many days after the period end (or never) is a finding.',
  }),
  ACCESS_REVIEW_DIRECTORY_READ: z.enum(['role-holders', 'all']).default('role-holders').meta({
    description:
      "`accessReview.directoryRead`: `role-holders` reads only users holding one of the project's roles (user search filtered by the role list's names); `all` reads every user (whether Descope's role filter also matches roles held only in tenants is unverified: `npm run doctor` checks it with one user holding a role only in a tenant and warns when the filter misses them; then set `all`).",
  }),
  DESCOPE_DIRECTORY_RPM: positiveInt(100).meta({
    description:
      "Requests per minute for Descope's directory calls (user search, access-key search, role list), their own limiter beside the audit search's. Descope's limit for these calls is not documented: `npm run doctor` reports the requests and minutes a run needs at this rate and any 429 it meets.",
  }),
  ACCESS_CAMPAIGNS: campaignSettings.meta({
    description:
      'Access review campaign settings as JSON: cadence, coverage, reviewers per tenant, per role and fallback, second level, due and remediation days, `remediation` (docs/access-review-campaigns.md). The stack sets it from `accessReviewCampaigns`.',
    unset: 'no campaigns',
  }),
  REVIEW_PAGE_URL: url.optional().meta({
    description:
      "The review page's URL (ending in `/`), for the links in campaign emails; required with `ACCESS_CAMPAIGNS`.",
    unset: 'no campaigns',
  }),
};

type AccessReviewConfig = z.output<z.ZodObject<typeof accessReviewVariables>>;

/** The access review settings of a parsed configuration. */
export function accessReviewSettings(config: AccessReviewConfig) {
  return {
    enabled: config.ACCESS_REVIEW_ENABLED,
    dormantDays: config.ACCESS_REVIEW_DORMANT_DAYS,
    keyExpiryHorizonDays: config.ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS,
    directoryRead: config.ACCESS_REVIEW_DIRECTORY_READ,
  };
}

/** The campaign settings and the review page's URL, or `undefined` when campaigns are off. */
export function campaignRunSettings(config: AccessReviewConfig) {
  const settings = config.ACCESS_CAMPAIGNS;
  if (!settings || !config.ACCESS_REVIEW_ENABLED) return undefined;
  if (!config.REVIEW_PAGE_URL)
    throw new ConfigError('Invalid configuration: REVIEW_PAGE_URL is required with ACCESS_CAMPAIGNS');
  const pageUrl = config.REVIEW_PAGE_URL.endsWith('/')
    ? config.REVIEW_PAGE_URL
    : `${config.REVIEW_PAGE_URL}/`;
  return { settings, pageUrl };
}
