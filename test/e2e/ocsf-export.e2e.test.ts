import { gunzipSync } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OCSF_CLASS_NAMES, type OcsfClass, ocsfFile } from '../../functions/core/ocsf/ocsf-classes.js';
import { parseIsoWeek, shiftWeek } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import {
  LOCAL_BUCKET,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
// The check a run uses (its class schemas compiled ahead of time).
import { ocsfValidator } from '../../functions/weekly-report/publish/ocsf-validation.js';
import { hostileWeeks } from '../core/sql/hostile-weeks.js';
import { quietCli } from '../support/quiet-cli.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

// A hostile week through the CLI against the stand-ins (the demo week's export: ocsf-export.demo.test.ts).
const demo = parseIsoWeek('2026-W47');
const hostile = shiftWeek(demo, -1);
const now = demo.to + 6 * 3_600_000;
const [hostileRecords = []] = hostileWeeks(hostile, 1);
const records: AuditRecord[] = hostileRecords;

let local: LocalEnvironment;
let env: Record<string, string>;
const validate = ocsfValidator();
const run = (argv: string[]) => quietCli(argv, env, now);
const read = async (key: string) => {
  const body = await standInS3Client(local.s3.endpoint).send(
    new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }),
  );
  return Buffer.from((await body.Body?.transformToByteArray()) ?? []);
};
const events = async (prefix: string, cls: OcsfClass) =>
  gunzipSync(await read(`${prefix}${ocsfFile(cls)}`))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  local = await startLocalEnvironment({ records, now: () => now });
  env = { ...local.env, ACCESS_REVIEW_ENABLED: 'false', POWERTOOLS_METRICS_DISABLED: 'true' };
});

afterAll(async () => {
  await local?.close();
});

describe('the OCSF export, through the CLI', () => {
  it('keeps a hostile week valid: what it writes passes the schema, what it leaves out is counted', async () => {
    const result = await run(['--week', hostile.label]);
    const summary = JSON.parse((await read(`${result.prefix}summary.json`)).toString('utf8')) as {
      ocsf: { files: Array<{ file: string; events: number; rejected: number }>; notes: string[] };
    };
    let written = 0;
    for (const cls of OCSF_CLASS_NAMES) {
      const lines = await events(result.prefix, cls);
      written += lines.length;
      for (const event of lines) expect(validate({ cls, event }), cls).toBeUndefined();
    }
    expect(written).toBe(summary.ocsf.files.reduce((n, f) => n + f.events, 0));
    expect(written).toBeGreaterThan(0);
    for (const f of summary.ocsf.files)
      if (f.rejected > 0) expect(summary.ocsf.notes.join('\n')).toContain(f.file);
  });
});
