import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderManifest, SIGNATURE_ALGORITHM } from '../../../functions/core/integrity/manifest.js';
import {
  type FileToPlace,
  openRevisionWriter,
} from '../../../functions/weekly-report/publish/revision-writer.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'revision-writer-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const P = 'reports/P/2026-W47/';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const file = (name: string, body: string): FileToPlace => ({
  name,
  bytes: Buffer.byteLength(body),
  sha256: sha256(body),
  contentType: 'text/plain',
  source: { body: Buffer.from(body) },
});

describe('the revision writer', () => {
  it('writes once, finds identical bytes in place, and moves to the next revision on a difference', async () => {
    const { store, text } = inMemoryReportStore();
    const writer = await openRevisionWriter({ store, periodPrefix: P });
    expect(await writer.place(file('a.csv', 'a'))).toBe('written');
    expect(await writer.place(file('a.csv', 'a'))).toBe('in-place');
    expect(writer.revision).toBe(1);

    const again = await openRevisionWriter({ store, periodPrefix: P });
    expect(await again.place(file('a.csv', 'a'))).toBe('in-place');
    expect(await again.place(file('b.csv', 'b1'))).toBe('written');
    expect(await again.place(file('b.csv', 'b2'))).toBe('written');
    // The second revision holds everything this run placed, the first stays as it was.
    expect(again.revision).toBe(2);
    expect([text(`${P}b.csv`), text(`${P}revisions/2/a.csv`), text(`${P}revisions/2/b.csv`)]).toEqual([
      'b1',
      'a',
      'b2',
    ]);
  });

  it('never adds a file to a sealed revision: one it does not list moves the run on', async () => {
    const { store, objects } = inMemoryReportStore();
    const listed = file('a.csv', 'a');
    await store.putIf(`${P}a.csv`, 'a', 'text/plain', { ifNoneMatch: '*' });
    const manifest = renderManifest({
      schemaVersion: 2,
      projectId: 'P',
      period: '2026-W47',
      scope: { kind: 'project' },
      previous: null,
      signing: { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: 'f'.repeat(64) },
      files: [{ name: 'a.csv', bytes: listed.bytes, sha256: listed.sha256 }],
    });
    await store.putIf(`${P}manifest.json`, manifest, 'application/json', { ifNoneMatch: '*' });
    const writer = await openRevisionWriter({ store, periodPrefix: P });
    expect(await writer.place(listed)).toBe('in-place');
    expect(await writer.place(file('new.csv', 'n'))).toBe('written');
    expect(writer.prefix).toBe(`${P}revisions/2/`);
    expect(objects.has(`${P}new.csv`)).toBe(false);
    expect(objects.has(`${P}revisions/2/a.csv`)).toBe(true);
  });

  it('fails when a file on disk is no longer the one placed', async () => {
    const { store } = inMemoryReportStore();
    const path = join(directory, 'geo.csv');
    await writeFile(path, '"geo","n"\r\n"DE",3\r\n');
    const writer = await openRevisionWriter({ store, periodPrefix: P });
    const placed: FileToPlace = {
      name: 'geo.csv',
      bytes: 19,
      sha256: sha256('"geo","n"\r\n"DE",2\r\n'),
      contentType: 'text/csv',
      source: { path },
    };
    await expect(writer.place(placed)).rejects.toThrow(
      `${path} no longer holds the 19 bytes placed as geo.csv`,
    );
  });
});
