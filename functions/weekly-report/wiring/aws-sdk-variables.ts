import { z } from 'zod';

const checksumMode = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.enum(['WHEN_SUPPORTED', 'WHEN_REQUIRED'], { message: 'must be WHEN_SUPPORTED or WHEN_REQUIRED' }));

/**
 * The standard variables the AWS SDK would read from `process.env` by itself. They are read from
 * the environment the entry point was given instead, so the CLI, `npm start` and the tests reach
 * AWS (or the stand-ins) as that environment says, never through a process-wide setting. In the
 * Lambda the given environment is `process.env`, so nothing changes there.
 */
export const awsSdkVariables = {
  AWS_ACCESS_KEY_ID: z.string().trim().optional().meta({
    description:
      'Access key the AWS clients sign with, with `AWS_SECRET_ACCESS_KEY` (Lambda sets both); unset, a profile, SSO or a role is used.',
    unset: "the SDK's default credential chain",
  }),
  AWS_SECRET_ACCESS_KEY: z.string().trim().optional().meta({
    description: 'Secret of `AWS_ACCESS_KEY_ID`. Never printed.',
    unset: "the SDK's default credential chain",
  }),
  AWS_SESSION_TOKEN: z.string().trim().optional().meta({
    description: 'Session token of temporary credentials (Lambda sets it). Never printed.',
    unset: 'long-term credentials',
  }),
  AWS_REQUEST_CHECKSUM_CALCULATION: checksumMode.optional().meta({
    description:
      '`WHEN_REQUIRED` for an S3-compatible store that mishandles streamed checksums (the local stand-in).',
    unset: "the SDK's default (`WHEN_SUPPORTED`)",
  }),
  AWS_RESPONSE_CHECKSUM_VALIDATION: checksumMode.optional().meta({
    description: 'Whether the S3 client validates response checksums, as for the SDK.',
    unset: "the SDK's default (`WHEN_SUPPORTED`)",
  }),
};

/** The parsed AWS SDK variables, as they sit in a parsed configuration. */
export type AwsSdkSettings = Partial<Record<keyof typeof awsSdkVariables, string>>;

/** Settings every AWS client of a run takes: the region and what `settings` say instead of `process.env`. */
export interface AwsClientOptions {
  region: string | undefined;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  requestChecksumCalculation: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED' | undefined;
  responseChecksumValidation: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED' | undefined;
}

const mode = (value: string | undefined) =>
  value === 'WHEN_SUPPORTED' || value === 'WHEN_REQUIRED' ? value : undefined;

/**
 * Client options from a parsed configuration: static credentials when the key pair is there, the
 * checksum modes when set; anything unset is left to the SDK's defaults.
 */
export function awsClientOptions(settings: AwsSdkSettings & { AWS_REGION?: string }): AwsClientOptions {
  const accessKeyId = settings.AWS_ACCESS_KEY_ID;
  const secretAccessKey = settings.AWS_SECRET_ACCESS_KEY;
  return {
    region: settings.AWS_REGION,
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, sessionToken: settings.AWS_SESSION_TOKEN || undefined }
        : undefined,
    requestChecksumCalculation: mode(settings.AWS_REQUEST_CHECKSUM_CALCULATION),
    responseChecksumValidation: mode(settings.AWS_RESPONSE_CHECKSUM_VALIDATION),
  };
}
