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
import { ConfigError } from '../../functions/shared/errors.js';
import type { CliIo } from '../../functions/weekly-report/cli.js';

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
