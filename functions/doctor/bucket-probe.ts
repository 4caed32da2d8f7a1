import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ReportStore } from '../adapters/report-store.js';
import type { DoctorLine } from './doctor-line.js';

export interface BucketProbeInput {
  client: S3Client;
  store: ReportStore;
  bucket: string;
  projectId: string;
  now: number;
}

const describe = (error: unknown) => {
  const e = error as Error & { cause?: unknown };
  const inner = e.cause instanceof Error ? e.cause : undefined;
  return inner ? `${inner.name}: ${inner.message}` : `${e.name}: ${e.message}`;
};

/** The probe object the doctor leaves (at most one, overwritten by no one). */
export const probeKey = (projectId: string) => `reports/${projectId}/doctor-probe.json`;

/**
 * The bucket as a weekly run uses it: list under `reports/`, then a conditional create of one
 * clearly named probe object, twice. The second create must be refused, as the period lock needs
 * (a store that ignores `If-None-Match` would let two runs both hold a week).
 */
export async function probeBucket(input: BucketProbeInput): Promise<DoctorLine> {
  const title = `Bucket ${input.bucket}`;
  try {
    await input.client.send(
      new ListObjectsV2Command({ Bucket: input.bucket, Prefix: 'reports/', MaxKeys: 1 }),
    );
  } catch (error) {
    return {
      status: 'fail',
      text: `${title}: cannot list reports/ (${describe(error)})`,
      detail: ['check REPORT_BUCKET, AWS_REGION and the credentials (s3:ListBucket on the reports/ prefix)'],
    };
  }
  const key = probeKey(input.projectId);
  const body = `${JSON.stringify({ writtenBy: 'npm run doctor', at: new Date(input.now).toISOString() })}\n`;
  try {
    const first = await input.store.putIf(key, body, 'application/json', { ifNoneMatch: '*' });
    const second = await input.store.putIf(key, body, 'application/json', { ifNoneMatch: '*' });
    if (second.written) {
      return {
        status: 'fail',
        text: `${title}: the store ignored If-None-Match (created ${key} twice)`,
        detail: [
          'one run per period relies on S3 conditional writes; use S3 or a store that implements them',
        ],
      };
    }
    const how = first.written ? `created ${key}` : `${key} was already there`;
    return {
      status: 'ok',
      text: `${title}: reachable under reports/ (listed; ${how}; a second conditional create was refused, as the period lock needs)`,
    };
  } catch (error) {
    return {
      status: 'fail',
      text: `${title}: cannot write under reports/ (${describe(error)})`,
      detail: ['check s3:PutObject on reports/* and, with SSE-KMS, kms:GenerateDataKey on the bucket key'],
    };
  }
}
