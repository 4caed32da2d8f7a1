import { createHash, randomUUID } from 'node:crypto';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { binderJobKeys, type PrintJob, printResultSchema } from '../binder-printer/print-job.js';
import type { PdfPrinter } from './chromium-pdf-printer.js';

/** Settings of {@link createLambdaPdfPrinter}. */
export interface LambdaPdfPrinterOptions {
  lambda: LambdaClient;
  s3: S3Client;
  /** The bucket the printer reads and writes its jobs in (the evidence bucket). */
  bucket: string;
  /** The project the rollup reports: its jobs go under `binder-jobs/<projectId>/`. */
  projectId: string;
  /** The binder printer function's name. */
  functionName: string;
  /** How long a print may take, page upload to PDF download. @default 180000 */
  timeoutMs?: number;
  /** @default randomUUID */
  newJobId?: () => string;
}

/** Why the binder printer gave no PDF; the rollup states it as its binder gap. */
export class BinderPrintError extends Error {
  override name = 'BinderPrintError';
}

const text = (payload: Uint8Array | undefined) => (payload ? Buffer.from(payload).toString('utf8') : '');

/**
 * Prints through the binder printer function (x86-64, where `@sparticuz/chromium` runs): the page is
 * put under `binder-jobs/<projectId>/<id>/`, the function is invoked synchronously with the job's keys, and the
 * PDF it stored is read back and checked against the length and SHA-256 it answered. Any failure
 * (upload, invoke, function error, timeout, a PDF that does not match) is a {@link BinderPrintError}.
 */
export function createLambdaPdfPrinter(options: LambdaPdfPrinterOptions): PdfPrinter {
  const timeoutMs = options.timeoutMs ?? 180_000;
  return {
    async print(html, documentDate) {
      const signal = AbortSignal.timeout(timeoutMs);
      const keys = binderJobKeys(options.projectId, (options.newJobId ?? randomUUID)());
      const job: PrintJob = { ...keys, documentDate };
      const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
        try {
          return await run();
        } catch (error) {
          if (error instanceof BinderPrintError) throw error;
          const why = signal.aborted ? `timed out after ${timeoutMs} ms` : (error as Error).message;
          throw new BinderPrintError(`the binder printer ${options.functionName}: ${what} failed: ${why}`, {
            cause: error,
          });
        }
      };
      await step('storing the page', () =>
        options.s3.send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key: keys.htmlKey,
            Body: html,
            ContentType: 'text/html; charset=utf-8',
            // The bucket refuses unconditional writes; a job's keys are new by construction.
            IfNoneMatch: '*',
          }),
          { abortSignal: signal },
        ),
      );
      const answer = await step('invoking', () =>
        options.lambda.send(
          new InvokeCommand({
            FunctionName: options.functionName,
            InvocationType: 'RequestResponse',
            Payload: Buffer.from(JSON.stringify(job)),
          }),
          { abortSignal: signal },
        ),
      );
      if (answer.FunctionError) {
        const reported = text(answer.Payload).slice(0, 500);
        throw new BinderPrintError(
          `the binder printer ${options.functionName} failed (${answer.FunctionError}): ${reported}`,
        );
      }
      const result = await step('reading its answer', async () =>
        printResultSchema.parse(JSON.parse(text(answer.Payload))),
      );
      if (result.pdfKey !== keys.pdfKey)
        throw new BinderPrintError(`the binder printer answered ${result.pdfKey}, not ${keys.pdfKey}`);
      const pdf = await step('reading the PDF', async () => {
        const object = await options.s3.send(
          new GetObjectCommand({ Bucket: options.bucket, Key: keys.pdfKey }),
          {
            abortSignal: signal,
          },
        );
        if (!object.Body) throw new Error(`${keys.pdfKey} has no body`);
        return Buffer.from(await object.Body.transformToByteArray());
      });
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      if (pdf.length !== result.bytes || sha256 !== result.sha256)
        throw new BinderPrintError(
          `${keys.pdfKey} is ${pdf.length} bytes with SHA-256 ${sha256}, but the printer stored ${result.bytes} bytes with SHA-256 ${result.sha256}`,
        );
      return pdf;
    },
  };
}
