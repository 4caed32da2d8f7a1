import { createHash } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BinderPrintError, createLambdaPdfPrinter } from '../../functions/adapters/lambda-pdf-printer.js';

const JOB = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const HTML_KEY = `binder-jobs/P2test/${JOB}/binder.html`;
const PDF_KEY = `binder-jobs/P2test/${JOB}/binder.pdf`;
const PDF = Buffer.from('%PDF-1.4 the binder\n%%EOF');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const lambda = mockClient(LambdaClient);
const s3 = mockClient(S3Client);
afterEach(() => {
  lambda.reset();
  s3.reset();
});
afterAll(() => {
  lambda.restore();
  s3.restore();
});

const printer = (timeoutMs?: number) =>
  createLambdaPdfPrinter({
    lambda: new LambdaClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    bucket: 'evidence',
    projectId: 'P2test',
    functionName: 'reporter-binder-printer',
    newJobId: () => JOB,
    timeoutMs,
  });

// The SDK's payload is a Uint8Array with helpers the adapter does not use.
const payload = (body: unknown) => Buffer.from(JSON.stringify(body)) as never;
const answer = (body: unknown) => ({ StatusCode: 200, Payload: payload(body) });
// The part of a GetObject body the adapter reads.
const pdfBody = (bytes: Buffer) => ({
  Body: { transformToByteArray: async () => new Uint8Array(bytes) } as never,
});

describe('the binder printer adapter (report function → x86-64 printer function)', () => {
  it('puts the page create-only, invokes the printer synchronously with the job keys, returns the checked PDF', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(GetObjectCommand, { Key: PDF_KEY }).resolves(pdfBody(PDF));
    lambda.on(InvokeCommand).resolves(answer({ pdfKey: PDF_KEY, bytes: PDF.length, sha256: sha(PDF) }));

    const pdf = await printer().print('<html>binder</html>', Date.parse('2026-09-30T23:59:59.999Z'));

    expect(pdf.equals(PDF)).toBe(true);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'evidence',
      Key: HTML_KEY,
      IfNoneMatch: '*',
      Body: '<html>binder</html>',
    });
    const invoke = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(invoke?.FunctionName).toBe('reporter-binder-printer');
    expect(invoke?.InvocationType).toBe('RequestResponse');
    expect(JSON.parse(Buffer.from(invoke?.Payload as Uint8Array).toString('utf8'))).toEqual({
      htmlKey: HTML_KEY,
      pdfKey: PDF_KEY,
      documentDate: Date.parse('2026-09-30T23:59:59.999Z'),
    });
  });

  it("turns the function's error into a BinderPrintError carrying its message", async () => {
    s3.on(PutObjectCommand).resolves({});
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload({ errorType: 'Error', errorMessage: 'Chromium did not start' }),
    });
    const failure = printer().print('<html/>', 0);
    await expect(failure).rejects.toBeInstanceOf(BinderPrintError);
    await expect(failure).rejects.toThrow(/failed \(Unhandled\).*Chromium did not start/);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('refuses a PDF whose bytes differ from what the printer said it stored', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(GetObjectCommand).resolves(pdfBody(Buffer.from('%PDF-1.4 something else')));
    lambda.on(InvokeCommand).resolves(answer({ pdfKey: PDF_KEY, bytes: PDF.length, sha256: sha(PDF) }));
    await expect(printer().print('<html/>', 0)).rejects.toThrow(/but the printer stored/);
  });

  it('gives up after its timeout with a BinderPrintError naming it', async () => {
    s3.on(PutObjectCommand).resolves({});
    // An invoke that never answers on its own: only the abort signal ends it.
    lambda.on(InvokeCommand).callsFake(
      () =>
        new Promise((_resolve, reject) => {
          setTimeout(() => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), 200);
        }),
    );
    await expect(printer(50).print('<html/>', 0)).rejects.toThrow(/invoking failed: timed out after 50 ms/);
  });

  it('fails when the page cannot be stored, without invoking the printer', async () => {
    s3.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    await expect(printer().print('<html/>', 0)).rejects.toThrow(/storing the page failed: AccessDenied/);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});
