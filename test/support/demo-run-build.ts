import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DEMO_ANCHOR_TENANT, runDemo } from '../../functions/local/demo-run.js';
import { LOCAL_BUCKET } from '../../functions/local/local-environment.js';
import type { DemoRunFacts } from './demo-run.js';
import { standInS3Client } from './stand-in-s3-client.js';

/** Monday 1 December 2026: the demo reports 2026-W48, the last complete week. */
const DEMO_NOW = Date.parse('2026-12-01T10:00:00Z');

/**
 * The `demo` project's shared scenario (`*.demo.test.ts` read it with `demoRun()`): runs the demo
 * exactly as `npm start` does (its data, catalog, directory, seeded access snapshot, signing key and
 * anchor), downloads the bucket into `work` and returns the facts. The stand-ins stop once the
 * bucket is downloaded.
 */
export async function buildDemoRun(work: string): Promise<DemoRunFacts> {
  const quiet = { print: () => {}, error: () => {}, now: () => DEMO_NOW };
  const run = await runDemo({
    argv: [],
    env: {},
    now: () => DEMO_NOW,
    keyDirectory: join(work, 'signing-key'),
    io: quiet,
  });
  try {
    if (!run.result || !run.signingKey) throw new Error('the demo run reported nothing');
    const bucket = join(work, 'bucket');
    await download(run.local.s3.endpoint, bucket);
    return {
      now: DEMO_NOW,
      period: run.result.data.period.label,
      bucket,
      prefix: run.result.prefix,
      complete: run.result.complete,
      keys: run.result.keys,
      queryIds: run.result.data.results.map((r) => r.query.id),
      tenants: run.result.tenants.map((t) => ({ tenantId: t.tenantId, email: t.email.status })),
      emails: await run.local.ses.emails(),
      descopeRequests: run.local.descope.requests.map((r) => r.path),
      publicKeyFile: run.signingKey.publicKeyFile,
      anchorTenant: DEMO_ANCHOR_TENANT,
    };
  } finally {
    await run.local.close();
  }
}

/** Copies every object of the demo bucket into `folder`, keys as paths. */
async function download(endpoint: string, folder: string): Promise<void> {
  const s3 = standInS3Client(endpoint);
  try {
    let token: string | undefined;
    do {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, ContinuationToken: token }),
      );
      for (const { Key } of listed.Contents ?? []) {
        if (!Key) continue;
        const answer = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key }));
        await mkdir(dirname(join(folder, Key)), { recursive: true });
        await writeFile(join(folder, Key), (await answer.Body?.transformToByteArray()) ?? new Uint8Array());
      }
      token = listed.NextContinuationToken;
    } while (token);
  } finally {
    s3.destroy();
  }
}
