import { z } from 'zod';
import { text, wholeNumber } from './context-values.js';
import { DEFAULT_ARCHIVE_AFTER_DAYS, DEFAULT_RETENTION_DAYS, DEFAULT_RETENTION_MODE } from './defaults.js';

/**
 * Deploy settings of how long the evidence stays locked and when it is archived. Each `.meta()` is
 * its entry in the configuration reference.
 */
export const retentionSettings = {
  objectLockMode: text('must be GOVERNANCE or COMPLIANCE')
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(['GOVERNANCE', 'COMPLIANCE'], { error: 'must be GOVERNANCE or COMPLIANCE' }))
    .default(DEFAULT_RETENTION_MODE)
    .meta({
      description:
        'S3 Object Lock mode of the evidence: GOVERNANCE (users with s3:BypassGovernanceRetention can still delete a version) or COMPLIANCE (nobody can, not even root, until the retention ends; it cannot be shortened once set). Formerly `retentionMode`, which is now refused.',
    }),
  retentionDays: wholeNumber(1, 36_500)
    .default(DEFAULT_RETENTION_DAYS)
    .meta({ description: 'Days each report version stays locked (Object Lock default retention).' }),
  archiveAfterDays: wholeNumber(1, 36_500).default(DEFAULT_ARCHIVE_AFTER_DAYS).meta({
    description: 'Days after which reports move to S3 Glacier Instant Retrieval (still readable at once).',
  }),
};
