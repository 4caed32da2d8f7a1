import { S3Client } from '@aws-sdk/client-s3';
import { createS3ReportStore } from '../../functions/adapters/s3-report-store.js';

/** The writes whose answers a lossy client can cut: a put, or a multipart upload's completion. */
const CUT = new Set(['PutObjectCommand', 'CompleteMultipartUpload', 'CompleteMultipartUploadCommand']);

/**
 * An S3 client on `endpoint` (the stand-in) whose next writes (PutObject, CompleteMultipartUpload)
 * are cut by a connection reset: `lose` of them after S3 stored them (the answer lost), `drop` of
 * them before they reached S3. The SDK re-sends a request cut that way, as it does for a real reset.
 */
export function clientLosingAnswers(endpoint: string, bucket: string) {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const state = { lose: 0, drop: 0, sent: 0 };
  const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!CUT.has(context.commandName ?? '')) return next(args);
      state.sent += 1;
      if (state.drop > 0) {
        state.drop -= 1;
        throw reset();
      }
      const result = await next(args);
      if (state.lose === 0) return result;
      state.lose -= 1;
      throw reset();
    },
    { step: 'deserialize', name: 'loseAnswer' },
  );
  const store = createS3ReportStore({ client, bucket, region: 'us-east-1', endpoint });
  return { client, store, state };
}
