import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { createDirectoryReportReader } from '../adapters/directory-report-reader.js';
import type { ReportReader } from '../adapters/report-reader.js';
import { createS3ReportReader } from '../adapters/s3-report-reader.js';
import { reportFolder } from '../core/integrity/manifest-chain.js';
import { parseManifest } from '../core/integrity/parse-manifest.js';
import { ConfigError } from '../shared/errors.js';
import { awsClientOptions, awsSdkVariables } from '../weekly-report/wiring/aws-sdk-variables.js';
import { cliEnvironmentSchema, parseEnvironment } from '../weekly-report/wiring/config.js';

/** A report folder to verify: how to read it and its key prefix. */
export interface VerifyTarget {
  reader: ReportReader;
  prefix: string;
}

const S3_URI = /^s3:\/\/([^/]+)\/(.+)$/;

/** What `npm run verify s3://…` reads: the bucket's region and endpoint, and the AWS credentials. */
export const verifyS3EnvironmentSchema = z.object({
  AWS_REGION: z
    .string()
    .trim()
    .min(1, 'must be an AWS region')
    .default('us-east-1')
    .meta({ description: 'AWS region of the bucket the verified report is read from.' }),
  AWS_ENDPOINT_URL_S3: cliEnvironmentSchema.shape.AWS_ENDPOINT_URL_S3,
  ...awsSdkVariables,
});

/**
 * `s3://bucket/reports/<project>/<period>/` reads the bucket (`AWS_ENDPOINT_URL_S3` and the usual
 * credentials apply). A folder is read as the bucket when it sits at `…/reports/<project>/<period>/`
 * (so neighbouring periods are found); otherwise as that report folder alone.
 */
export async function openTarget(
  target: string,
  env: Record<string, string | undefined>,
): Promise<VerifyTarget> {
  const s3 = S3_URI.exec(target);
  if (s3) {
    const [, bucket = '', key = ''] = s3;
    const config = parseEnvironment(verifyS3EnvironmentSchema, env);
    // A stand-in needs path-style addressing.
    const endpoint = config.AWS_ENDPOINT_URL_S3;
    const client = new S3Client({ ...awsClientOptions(config), endpoint, forcePathStyle: !!endpoint });
    return { reader: createS3ReportReader(client, bucket), prefix: key.endsWith('/') ? key : `${key}/` };
  }
  if (target.startsWith('s3://')) throw new ConfigError(`Not an s3://bucket/prefix/ URI: ${target}`);
  const folder = resolve(target);
  const body = await readFile(resolve(folder, 'manifest.json')).catch(() => undefined);
  const parsed = body ? parseManifest(body) : undefined;
  if (!parsed?.ok) return { reader: createDirectoryReportReader(folder, ''), prefix: '' };
  const { projectId, period, scope } = parsed.manifest;
  const prefix = reportFolder(projectId, period, scope);
  const tail = `${sep}${prefix.slice(0, -1).split('/').join(sep)}`;
  return folder.endsWith(tail)
    ? { reader: createDirectoryReportReader(folder.slice(0, -tail.length) || sep, ''), prefix }
    : { reader: createDirectoryReportReader(folder, prefix), prefix };
}
