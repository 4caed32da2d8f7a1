import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../../functions/local/local-environment.js';
import { runCli } from '../../../functions/weekly-report/cli/cli.js';
import { disableAllBut } from '../../support/lean-catalog.js';
import { standInS3Client } from '../../support/stand-in-s3-client.js';

export const now = Date.parse('2026-11-25T10:00:00Z');
export const project = `reports/${LOCAL_PROJECT_ID}/`;
export const w46 = `${project}2026-W46/`;
export const w47 = `${project}2026-W47/`;

export const record = (
  id: string,
  action: string,
  occurred: number,
  tenants: string[] = [],
): AuditRecord => ({
  id,
  projectId: LOCAL_PROJECT_ID,
  userId: `U-${id}`,
  action,
  occurred,
  device: 'Desktop',
  method: 'password',
  geo: 'DE',
  remoteAddress: '198.51.100.7',
  loginIds: [`${id}@example.com`],
  tenants,
  data: {},
  type: 'warn',
  actorId: '',
});

/** Two weeks of failed logins and lockouts, some in tenant T-acme. */
export const records = ['2026-W46', '2026-W47'].flatMap((label) => {
  const { from } = parseIsoWeek(label);
  return [
    record(`${label}-1`, 'LoginFailed', from + 1000, ['T-acme']),
    record(`${label}-2`, 'LoginFailed', from + 2000),
    record(`${label}-3`, 'LoginExceedMaxAttempts', from + 3000, ['T-acme']),
  ];
});

/** The stand-ins holding 2026-W46 and 2026-W47 as the job stored them, signed and anchored. */
export interface StoredWeeks {
  local: LocalEnvironment;
  s3: S3Client;
  work: string;
  /** The manifests' key (PEM, SPKI). */
  publicKey: string;
  /** Another key pair, the reviewer's ("other"): attestations are signed with it, never the manifest key. */
  otherPublicKey: string;
  reviewerKeyFile: string;
  /** The job's environment: tenants on, signing key, anchor tenant. */
  env: Record<string, string>;
  /** The bucket as downloaded once both weeks were stored; tests change copies of it. */
  downloaded: string;
}

export const quiet = { print: () => {}, error: () => {}, now: () => now };

/**
 * Stores 2026-W46 and 2026-W47 once for every test of the file (`beforeAll`): the verify checks
 * read them, the attacks then change them, in the order the file declares them.
 */
export function storedWeeks(): StoredWeeks {
  const weeks = {} as StoredWeeks;
  beforeAll(async () => {
    weeks.work = await mkdtemp(join(tmpdir(), 'verify-e2e-'));
    const signing = keyPair(weeks.work, 'signing');
    const other = keyPair(weeks.work, 'other');
    for (const k of [signing, other]) {
      await writeFile(k.privateFile, k.pair.privateKey);
      await writeFile(k.publicFile, k.pair.publicKey);
    }
    weeks.publicKey = signing.publicFile;
    weeks.otherPublicKey = other.publicFile;
    weeks.reviewerKeyFile = other.privateFile;
    weeks.local = await startLocalEnvironment({
      records,
      now: () => now,
      rateLimit: { requests: 600, windowMs: 60_000 },
    });
    weeks.env = {
      ...weeks.local.env,
      DESCOPE_AUDIT_RPM: '600',
      REPORT_SIGNING_KEY_FILE: signing.privateFile,
      REPORT_ANCHOR_TENANT_ID: 'compliance-reports',
      // Verify's subject is the sealed files, not the tables: the two the checks edit and delete.
      REPORT_QUERIES: JSON.stringify({
        tenants: { enabled: true },
        disable: disableAllBut('failed-logins-by-geo', 'lockouts'),
      }),
    };
    weeks.s3 = standInS3Client(weeks.local.s3.endpoint);
    for (const week of ['2026-W46', '2026-W47']) await runCli(['--week', week], weeks.env, quiet);
    weeks.downloaded = await download(weeks);
  }, 120_000);
  afterAll(async () => {
    weeks.s3?.destroy();
    await weeks.local?.close();
    if (weeks.work) await rm(weeks.work, { recursive: true, force: true });
  });
  return weeks;
}

export async function getObject(weeks: StoredWeeks, key: string): Promise<Buffer> {
  const answer = await weeks.s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
  return Buffer.from(await (answer.Body?.transformToByteArray() ?? new Uint8Array()));
}

/** The keys stored under `Prefix`. */
export async function keysUnder(weeks: StoredWeeks, Prefix: string): Promise<string[]> {
  const listed = await weeks.s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

/** How many versions (delete markers included) the bucket keeps under `Prefix`. */
export async function versionCount(weeks: StoredWeeks, Prefix: string): Promise<number> {
  const answer = await weeks.s3.send(new ListObjectVersionsCommand({ Bucket: LOCAL_BUCKET, Prefix }));
  return (answer.Versions?.length ?? 0) + (answer.DeleteMarkers?.length ?? 0);
}

/** What an auditor does: copy every object under `reports/` into a folder. */
async function download(weeks: StoredWeeks): Promise<string> {
  const root = await mkdtemp(join(weeks.work, 'download-'));
  const listed = await weeks.s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: 'reports/' }));
  for (const { Key } of listed.Contents ?? []) {
    if (!Key) continue;
    await mkdir(dirname(join(root, Key)), { recursive: true });
    await writeFile(join(root, Key), await getObject(weeks, Key));
  }
  return root;
}

/** A fresh copy of the bucket as downloaded after the runs, to change. */
export async function copyOfDownload(weeks: StoredWeeks): Promise<string> {
  const root = await mkdtemp(join(weeks.work, 'copy-'));
  await cp(weeks.downloaded, root, { recursive: true });
  return root;
}

function keyPair(directory: string, name: string) {
  const pair = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    pair,
    privateFile: join(directory, `${name}.pem`),
    publicFile: join(directory, `${name}.pub.pem`),
  };
}
