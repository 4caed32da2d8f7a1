/** The region the stand-ins answer for. */
export const STAND_IN_REGION = 'us-east-1';

/**
 * The AWS variables that point the job's SDK clients at the S3 stand-in (s3rver, whose access key
 * is `S3RVER`) and the SES stand-in on loopback.
 */
export function standInAwsVariables(endpoints: { s3: string; ses: string }): Record<string, string> {
  return {
    AWS_REGION: STAND_IN_REGION,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    // s3rver stores a streamed body with the checksum framing inside it unless checksums are off.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
  };
}
