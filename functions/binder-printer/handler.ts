import { S3Client } from '@aws-sdk/client-s3';
import { createChromiumPdfPrinter } from '../adapters/chromium-pdf-printer.js';
import { printBinder } from './print-binder.js';

/**
 * The binder printer function (Node.js 22 on x86-64, where the `@sparticuz/chromium` bundled with
 * it runs): prints one rollup's binder page from S3 to a PDF in S3. `BINDER_BUCKET` is the only
 * bucket it touches, whatever the event says.
 */
const bucket = process.env.BINDER_BUCKET;
const s3 = new S3Client({});
const printer = createChromiumPdfPrinter(process.env);

export async function handler(event: unknown) {
  if (!bucket) throw new Error('BINDER_BUCKET is not set');
  return printBinder(event, { s3, bucket, printer });
}
