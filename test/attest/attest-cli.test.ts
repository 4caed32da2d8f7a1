import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAttestArgs } from '../../functions/attest/attest-args.js';
import { runAttestCli } from '../../functions/attest/attest-cli.js';
import {
  buildAccessSnapshot,
  renderAccessSnapshot,
} from '../../functions/core/access/build-access-snapshot.js';
import { isValidSignature } from '../../functions/core/integrity/check-signature.js';
import { ConfigError } from '../../functions/shared/errors.js';
import type { CliIo } from '../../functions/weekly-report/cli/cli-io.js';

const project = 'P2attestTest';
let root: string;
const lines: string[] = [];
const io: CliIo = {
  print: (l) => lines.push(l),
  error: (l) => lines.push(l),
  now: () => Date.UTC(2026, 11, 1, 9),
};
const snapshotBody = renderAccessSnapshot(
  buildAccessSnapshot(
    { users: [], keys: [], coverage: { usersRead: 0, keysRead: 0, malformed: 0, complete: true, notes: [] } },
    { projectId: project, period: '2026-W48', periodEnd: Date.UTC(2026, 10, 30), privilegedRoles: ['admin'] },
  ),
);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'attest-'));
  await mkdir(join(root, `reports/${project}/2026-W48/access`), { recursive: true });
  await writeFile(join(root, `reports/${project}/2026-W48/access/snapshot.json`), snapshotBody);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('npm run attest', () => {
  it('refuses bad arguments, naming each option', () => {
    expect(() => parseAttestArgs(['--period', '2026-48', '--reviewer', 'x', '--decision', 'ok'])).toThrow(
      ConfigError,
    );
    expect(() => parseAttestArgs(['--period', '2026-48', '--reviewer', 'x', '--decision', 'ok'])).toThrow(
      /--period must be a report period label such as 2026-W48; --reviewer must be an email address; --decision must be approved or changes-required/,
    );
    expect(() =>
      parseAttestArgs([
        '--period',
        '2026-W48',
        '--reviewer',
        'r@corp.example',
        '--decision',
        'approved',
        '--tenant',
        '../x',
      ]),
    ).toThrow(/--tenant must be a tenant ID/);
  });

  it('stores the attestation with the SHA-256 of the stored snapshot, in a report folder', async () => {
    const key = await runAttestCli(
      [
        '--period',
        '2026-W48',
        '--reviewer',
        'reviewer@corp.example',
        '--decision',
        'approved',
        '--dir',
        root,
      ],
      { DESCOPE_PROJECT_ID: project },
      io,
    );
    expect(key).toBe(`reports/${project}/2026-W48/access/attestation.json`);
    const stored = JSON.parse(await readFile(join(root, key ?? ''), 'utf8'));
    const { createHash } = await import('node:crypto');
    expect(stored).toEqual({
      schemaVersion: 1,
      projectId: project,
      scope: { kind: 'project' },
      period: '2026-W48',
      reviewer: 'reviewer@corp.example',
      decision: 'approved',
      attestedAt: '2026-12-01T09:00:00.000Z',
      snapshot: {
        file: 'access/snapshot.json',
        sha256: createHash('sha256').update(snapshotBody).digest('hex'),
      },
    });
  });

  it("signs the attestation with the reviewer's ATTESTATION_SIGNING_KEY_FILE: the signature verifies with its public key", async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyFile = join(root, 'signing-key.pem');
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const key = await runAttestCli(
      [
        '--period',
        '2026-W48',
        '--reviewer',
        'reviewer@corp.example',
        '--decision',
        'changes-required',
        '--dir',
        root,
        '--supersede',
      ],
      { DESCOPE_PROJECT_ID: project, ATTESTATION_SIGNING_KEY_FILE: keyFile },
      io,
    );
    const body = await readFile(join(root, key ?? ''));
    const signature = await readFile(join(root, `reports/${project}/2026-W48/access/attestation.sig`));
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    // Its public half is published beside the manifests' keys, named by its fingerprint.
    const fingerprint = JSON.parse(body.toString('utf8')).signingKeyFingerprint;
    expect(await readFile(join(root, `reports/keys/${fingerprint}.pem`), 'utf8')).toBe(spki);
    expect(isValidSignature(body, signature, spki)).toBe(true);
    expect(JSON.parse(body.toString('utf8')).signingKeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(lines.at(-1)).toMatch(
      /Signed \(access\/attestation.sig\) by the reviewer key with fingerprint [0-9a-f]{64}/,
    );
    // Tampered bytes no longer verify.
    expect(
      isValidSignature(
        Buffer.from(body.toString('utf8').replace('changes-required', 'approved')),
        signature,
        spki,
      ),
    ).toBe(false);
  });

  it('never signs with the manifest-signing key, and refuses two reviewer keys at once', async () => {
    const before = lines.length;
    await runAttestCli(
      [
        '--period',
        '2026-W48',
        '--reviewer',
        'r@corp.example',
        '--decision',
        'approved',
        '--dir',
        root,
        '--supersede',
      ],
      { DESCOPE_PROJECT_ID: project, REPORT_SIGNING_KEY_FILE: join(root, 'signing-key.pem') },
      io,
    );
    expect(lines.slice(before).join('\n')).toContain('Not signed: set ATTESTATION_SIGNING_KEY_FILE');
    await expect(
      runAttestCli(
        [
          '--period',
          '2026-W48',
          '--reviewer',
          'r@corp.example',
          '--decision',
          'approved',
          '--dir',
          root,
          '--supersede',
        ],
        {
          DESCOPE_PROJECT_ID: project,
          ATTESTATION_SIGNING_KEY_FILE: join(root, 'signing-key.pem'),
          ATTESTATION_SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
        },
        io,
      ),
    ).rejects.toThrow('not both');
  });

  it('refuses a period without a stored snapshot, and a bucket-less run without --dir', async () => {
    await expect(
      runAttestCli(
        ['--period', '2026-W47', '--reviewer', 'r@corp.example', '--decision', 'approved', '--dir', root],
        { DESCOPE_PROJECT_ID: project },
        io,
      ),
    ).rejects.toThrow(
      /No access snapshot is stored at reports\/P2attestTest\/2026-W47\/access\/snapshot.json/,
    );
    await expect(
      runAttestCli(
        ['--period', '2026-W48', '--reviewer', 'r@corp.example', '--decision', 'approved'],
        { DESCOPE_PROJECT_ID: project },
        io,
      ),
    ).rejects.toThrow(/REPORT_BUCKET is required; AWS_REGION is required/);
  });
});
