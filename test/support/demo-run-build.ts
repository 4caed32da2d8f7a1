import { join } from 'node:path';
import { DEMO_ANCHOR_TENANT, runDemo } from '../../functions/local/demo-run.js';
import { LOCAL_BUCKET } from '../../functions/local/local-environment.js';
import type { DemoRunFacts } from './demo-run.js';
import { downloadBucket } from './fixtures-stored/bucket-folder.js';

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
    await downloadBucket(run.local.s3.endpoint, LOCAL_BUCKET, bucket);
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
