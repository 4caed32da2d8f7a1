import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { PdfPrinter } from '../adapters/chromium-pdf-printer.js';
import { type PrintResult, printJobSchema } from './print-job.js';

/** What one print needs: the bucket of the jobs, a client for it, and a Chromium. */
export interface PrintBinderDeps {
  s3: S3Client;
  bucket: string;
  printer: PdfPrinter;
}

/**
 * One print job: reads the page at `htmlKey`, prints it with Chromium, stores the PDF at `pdfKey`
 * (create-only: the bucket refuses a replaced object) and answers its length and SHA-256, which
 * the caller checks against what it reads back. A malformed job fails before anything is read.
 */
export async function printBinder(event: unknown, deps: PrintBinderDeps): Promise<PrintResult> {
  const parsed = printJobSchema.safeParse(event);
  if (!parsed.success)
    throw new Error(
      `Invalid print job: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  const job = parsed.data;
  const page = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: job.htmlKey }));
  if (!page.Body) throw new Error(`${job.htmlKey} has no body`);
  const html = await page.Body.transformToString('utf-8');
  const pdf = await deps.printer.print(html, job.documentDate);
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.bucket,
      Key: job.pdfKey,
      Body: pdf,
      ContentType: 'application/pdf',
      IfNoneMatch: '*',
    }),
  );
  return { pdfKey: job.pdfKey, bytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') };
}
