import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChromiumPdfPrinter } from '../../functions/adapters/chromium-pdf-printer.js';
import { createLambdaPdfPrinter } from '../../functions/adapters/lambda-pdf-printer.js';
import { printBinder } from '../../functions/binder-printer/print-binder.js';
import { binderJobKeys } from '../../functions/binder-printer/print-job.js';
import { type S3StandIn, startS3StandIn } from '../../functions/local/s3-stand-in.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const BUCKET = 'binder-evidence';
const PAGE =
  '<!doctype html><html><head><title>Audit binder</title></head><body><h1>Audit binder 2026-Q3</h1></body></html>';
const PERIOD_END = Date.parse('2026-09-30T23:59:59.999Z');
let s3: S3StandIn;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-printer-'));
  s3 = await startS3StandIn(dir, BUCKET);
});
afterAll(async () => {
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

// The Chromium the function bundles (@sparticuz/chromium, x86-64) unless this machine has its own.
const chromium = createChromiumPdfPrinter({ CHROMIUM_PATH: process.env.CHROMIUM_PATH });

describe('the binder printer function (S3 stand-in, real Chromium)', () => {
  it('prints the page at htmlKey into a dated PDF at pdfKey, create-only, and answers its length and SHA-256', async () => {
    const client = standInS3Client(s3.endpoint);
    const keys = binderJobKeys('P2test', '11111111-2222-4333-8444-555555555555');
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: keys.htmlKey, Body: PAGE, IfNoneMatch: '*' }),
    );
    const result = await printBinder(
      { ...keys, documentDate: PERIOD_END },
      { s3: client, bucket: BUCKET, printer: chromium },
    );
    const stored = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: keys.pdfKey }));
    const pdf = Buffer.from((await stored.Body?.transformToByteArray()) ?? []);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(result).toEqual({
      pdfKey: keys.pdfKey,
      bytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    expect(pdf.toString('latin1')).toContain("/CreationDate (D:20260930235959+00'00')");
    // A second print of the same job cannot replace the stored PDF.
    await expect(
      printBinder({ ...keys, documentDate: PERIOD_END }, { s3: client, bucket: BUCKET, printer: chromium }),
    ).rejects.toThrow();
  }, 120_000);

  it('refuses a job outside binder-jobs/ before reading anything', async () => {
    const client = standInS3Client(s3.endpoint);
    const job = {
      htmlKey: 'reports/P2x/2026-Q3/report.html',
      pdfKey: 'reports/P2x/2026-Q3/binder.pdf',
      documentDate: 0,
    };
    await expect(printBinder(job, { s3: client, bucket: BUCKET, printer: chromium })).rejects.toThrow(
      /Invalid print job: htmlKey/,
    );
  });

  it('serves the report function adapter end to end: page up, printed, PDF read back and checked', async () => {
    const client = standInS3Client(s3.endpoint);
    // Lambda's synchronous invoke, answered by the printer function's own code.
    const lambda = mockClient(LambdaClient);
    try {
      lambda.on(InvokeCommand).callsFake(async (input: { Payload: Uint8Array }) => {
        const job = JSON.parse(Buffer.from(input.Payload).toString('utf8'));
        const answer = await printBinder(job, { s3: client, bucket: BUCKET, printer: chromium });
        return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(answer)) as never };
      });
      const printer = createLambdaPdfPrinter({
        lambda: new LambdaClient({ region: 'us-east-1' }),
        s3: client,
        bucket: BUCKET,
        projectId: 'P2test',
        functionName: 'binder-printer',
      });
      const pdf = await printer.print(PAGE, PERIOD_END);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toContain("/ModDate (D:20260930235959+00'00')");
    } finally {
      lambda.restore();
    }
  }, 120_000);
});
