import { S3Client } from '@aws-sdk/client-s3';

/**
 * A client for the S3 stand-in (s3rver's fixed credentials, path-style URLs, checksums only where
 * required, as the job's clients are told), to read what a run stored or change it.
 */
export function standInS3Client(endpoint: string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
