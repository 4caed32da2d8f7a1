import { z } from 'zod';
import { flag, text, wholeNumber } from './context-values.js';
import { campaignSettingsObject } from './setting-types.js';

/**
 * Deploy settings of the access review and its campaigns (docs/access-review.md,
 * docs/access-review-campaigns.md). Each `.meta()` is its entry in the configuration reference.
 */
export const accessReviewSettings = {
  accessReviewEnabled: flag().default(true).meta({
    description:
      "`accessReview.enabled`: snapshot role holders and access keys at each period's end, diff them with the previous snapshot and report the access review. Needs nothing beyond the Descope management key (user and access-key search).",
  }),
  accessReviewDormantDays: wholeNumber(1, 3650).default(90).meta({
    description:
      '`accessReview.dormantDays`: a privileged user with no login for this many days is a finding.',
  }),
  accessReviewKeyExpiryHorizonDays: wholeNumber(1, 36_500).default(365).meta({
    description:
      '`accessReview.keyExpiryHorizonDays`: a privileged access key expiring later than this many days after the period end (or never) is a finding.',
  }),
  accessReviewDirectoryRead: text('must be role-holders or all')
    .pipe(z.enum(['role-holders', 'all'], { error: 'must be role-holders or all' }))
    .default('role-holders')
    .meta({
      description:
        "`accessReview.directoryRead`: `role-holders` reads only users holding one of the project's roles (user search filtered by the role list); `all` reads every user (`ACCESS_REVIEW_DIRECTORY_READ`). Whether the role filter returns holders of tenant roles is unverified: `npm run doctor` warns when it does not.",
    }),
  directoryRpm: wholeNumber(1, 1000).default(100).meta({
    description:
      "Requests per minute for Descope's directory calls (users, keys, roles), their own limiter beside the audit search's (`DESCOPE_DIRECTORY_RPM`). Descope's limit for these calls is not documented: `npm run doctor` reports the requests and minutes a run needs at this rate and any 429 it meets.",
  }),
  accessReviewCampaigns: campaignSettingsObject().optional().meta({
    description:
      'Access review campaigns (docs/access-review-campaigns.md): cadence (quarterly by default), coverage, reviewers per tenant, per role and a fallback list (Descope login IDs), second level, due, reminder and remediation days, `remediation` (`report`, or `apply` to remove approved revocations). Setting it adds the review page (API Gateway, WAF, its function) and the attestation key (shared with `reviewerPrincipalArns`, whose reviewer role may also record decisions with `npm run attest -- --campaign`).',
    unset: 'no campaigns, no review page',
  }),
  reviewPageThrottleRps: wholeNumber(1, 1000).default(10).meta({
    description:
      "The review page's API Gateway stage throttle: steady requests per second (burst twice that).",
  }),
  reviewPageRateLimit: wholeNumber(100, 20_000_000).default(300).meta({
    description:
      "The review page's WAF rate-based rule: requests per client IP in any 5 minutes before it is blocked.",
  }),
};
