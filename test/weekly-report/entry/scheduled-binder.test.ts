import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChromiumPdfPrinter } from '../../../functions/adapters/chromium-pdf-printer.js';
import { printBinder } from '../../../functions/binder-printer/print-binder.js';
import { createReportHandler } from '../../../functions/weekly-report/entry/handler.js';
import { type LambdaTestEnvironment, startLambdaTestEnvironment } from '../../support/lambda-environment.js';
import { disableAllBut } from '../../support/lean-catalog.js';
import { standInS3Client } from '../../support/stand-in-s3-client.js';

const context = {
  functionName: 'Stack-weekly-report',
  awsRequestId: 'req-binder',
  getRemainingTimeInMillis: () => 900_000,
} as unknown as Context;

let aws: LambdaTestEnvironment;
const s3 = () => standInS3Client(aws.env.AWS_ENDPOINT_URL_S3 ?? '');
const chromium = createChromiumPdfPrinter({ CHROMIUM_PATH: process.env.CHROMIUM_PATH });

beforeAll(async () => {
  // The binder printer function's code behind Lambda's synchronous invoke; one that always fails.
  const functions = new Map([
    [
      'Stack-binder-pdf',
      (job: unknown) =>
        printBinder(job, { s3: s3(), bucket: aws.env.REPORT_BUCKET ?? '', printer: chromium }),
    ],
    [
      'Stack-broken-binder-pdf',
      async () => {
        throw new Error('Chromium did not start');
      },
    ],
  ]);
  aws = await startLambdaTestEnvironment([], 600, undefined, functions);
  // The binder's printing and sealing are under test, not the tables: one is kept.
  aws.env.REPORT_QUERIES = JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') });
});
afterAll(async () => {
  await aws?.close();
});

const stored = async (key: string) => {
  const object = await s3().send(new GetObjectCommand({ Bucket: aws.env.REPORT_BUCKET, Key: key }));
  return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
};

/** The monthly schedule's run with `printerName` as its binder printer; the rollup's folder. */
async function monthlyRun(printerName: string, month: string): Promise<string> {
  const handler = createReportHandler({
    ...aws.env,
    REPORT_MONTHLY_RECIPIENTS: 'controller@example.org',
    BINDER_PRINTER_FUNCTION: printerName,
  });
  const result = await handler({ rollup: 'month', scheduledTime: month }, context);
  if (result.status !== 'finished') throw new Error('expected a finished rollup');
  return `${result.location.replace(/^s3:\/\/[^/]+\//, '')}`.replace(/\/?$/, '/');
}

describe('the monthly schedule with a binder printer function (Lambda and S3 stand-ins, real Chromium)', () => {
  it('seals the printed binder.pdf in the rollup folder and its manifest, with no binder gap', async () => {
    const folder = await monthlyRun('Stack-binder-pdf', '2026-12-02T08:00:00Z');
    const manifest = JSON.parse((await stored(`${folder}manifest.json`)).toString('utf8')) as {
      files: Array<{ name: string; sha256: string; bytes: number }>;
    };
    const listed = manifest.files.find((f) => f.name === 'binder.pdf');
    const pdf = await stored(`${folder}binder.pdf`);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(listed?.bytes).toBe(pdf.length);
    const summary = JSON.parse((await stored(`${folder}summary.json`)).toString('utf8'));
    expect(summary.rollup.binder).toBeUndefined();
  }, 180_000);

  it("stores the rollup without it when the printer fails, stating the function's error", async () => {
    const folder = await monthlyRun('Stack-broken-binder-pdf', '2026-11-02T08:00:00Z');
    const manifest = (await stored(`${folder}manifest.json`)).toString('utf8');
    expect(manifest).not.toContain('binder.pdf');
    const summary = JSON.parse((await stored(`${folder}summary.json`)).toString('utf8'));
    expect(summary.rollup.binder.produced).toBe(false);
    expect(summary.rollup.binder.reason).toMatch(
      /^binder printing failed: the binder printer Stack-broken-binder-pdf failed \(Unhandled\): .*Chromium did not start/,
    );
  }, 180_000);
});
