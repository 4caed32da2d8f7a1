import { describe, expect, it } from 'vitest';
import type { ReportReader } from '../../functions/adapters/report-reader.js';
import { type Manifest, sha256Hex } from '../../functions/core/integrity/manifest.js';
import { createVerifyContext } from '../../functions/verify/verify-context.js';
import { checkRevisionLink } from '../../functions/verify/verify-revision-link.js';

const FIRST = 'reports/P2test/2026-W48/manifest.json';
const FIRST_BYTES = Buffer.from('{"the":"first revision"}');
const LABEL = 'revisions/2/';

/** A reader over `objects`; `complete` as a bucket (true) or a downloaded folder (false). */
function readerOf(objects: Map<string, Uint8Array>, complete = true): ReportReader {
  return {
    describe: (key) => key,
    list: async () => [],
    listFolders: async () => [],
    get: async (key) => objects.get(key),
    complete,
  };
}

/** The manifest of revision 2 of the W48 project report; only what the link check reads. */
function revision2(
  supersedes: { key: string; sha256: string | null } | null,
  overrides: Partial<Manifest> = {},
) {
  return {
    projectId: 'P2test',
    period: '2026-W48',
    scope: { kind: 'project' },
    revision: { number: 2, supersedes },
    ...overrides,
  } as unknown as Manifest;
}

async function check(manifest: Manifest, objects = new Map([[FIRST, FIRST_BYTES]]), complete = true) {
  const context = createVerifyContext(readerOf(objects, complete), [], []);
  await checkRevisionLink(context, manifest, LABEL);
  return context;
}

describe('the link from a later revision to the one it supersedes', () => {
  it('passes when the superseded manifest is stored with the linked hash', async () => {
    const context = await check(revision2({ key: FIRST, sha256: sha256Hex(FIRST_BYTES) }));
    expect(context.problems).toEqual([]);
    expect(context.notes).toEqual([]);
  });

  it('checks nothing for a first revision, and notes a revision that supersedes none', async () => {
    const first = await check({ ...revision2(null), revision: undefined } as Manifest);
    expect(first.problems).toEqual([]);
    expect(first.notes).toEqual([]);
    const none = await check(revision2(null));
    expect(none.notes).toEqual(['revisions/2/: revision 2, superseding no sealed revision']);
  });

  it('reports a superseded manifest that was edited after the link was sealed', async () => {
    const context = await check(revision2({ key: FIRST, sha256: 'f'.repeat(64) }));
    expect(context.problems).toEqual([
      {
        file: FIRST,
        problem: `SHA-256 ${sha256Hex(FIRST_BYTES)} differs from ${'f'.repeat(64)} that revisions/2/manifest.json supersedes (edited?)`,
      },
    ]);
  });

  it('reports a superseded manifest missing from a bucket, and only notes it in a downloaded folder', async () => {
    const link = revision2({ key: FIRST, sha256: sha256Hex(FIRST_BYTES) });
    const bucket = await check(link, new Map());
    expect(bucket.problems).toEqual([
      { file: FIRST, problem: 'missing: revisions/2/manifest.json supersedes it' },
    ]);
    const folder = await check(link, new Map(), false);
    expect(folder.problems).toEqual([]);
    expect(folder.notes).toEqual([`${FIRST}: not in this folder, revision link not checked`]);
  });

  it('reports a link saying the superseded manifest did not exist when it is stored', async () => {
    const stored = await check(revision2({ key: FIRST, sha256: null }));
    expect(stored.problems).toEqual([
      {
        file: 'revisions/2/manifest.json',
        problem: `says ${FIRST} did not exist when it was sealed, but it is stored`,
      },
    ]);
    const absent = await check(revision2({ key: FIRST, sha256: null }), new Map());
    expect(absent.problems).toEqual([]);
  });

  it('refuses a link to anything but an earlier revision of the same period, project and scope', async () => {
    const sha256 = sha256Hex(FIRST_BYTES);
    for (const key of [
      'not/a/report/folder/manifest.json',
      'reports/P2test/2026-W47/manifest.json',
      'reports/P2other/2026-W48/manifest.json',
      'reports/P2test/2026-W48/revisions/2/manifest.json',
      'reports/P2test/2026-W48/revisions/3/manifest.json',
      'reports/P2test/2026-W48/tenants/T1/manifest.json',
    ]) {
      const context = await check(revision2({ key, sha256 }));
      expect(context.problems, key).toEqual([
        {
          file: 'revisions/2/manifest.json',
          problem: `supersedes ${key}, which is not an earlier revision of this period and scope`,
        },
      ]);
    }
  });
});
