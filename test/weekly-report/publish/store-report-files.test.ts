import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeReportFiles } from '../../../functions/weekly-report/publish/store-report-files.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'store-report-files-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('storing a table file from disk', () => {
  it('stores its bytes and lists the size and SHA-256 it was written with', async () => {
    const path = join(directory, 'geo.csv');
    await writeFile(path, '"geo","n"\r\n"DE",2\r\n');
    const { store, text } = inMemoryReportStore();
    const file = { path, bytes: 19, sha256: sha256('"geo","n"\r\n"DE",2\r\n') };
    const entries = await storeReportFiles(store, 'p/', [{ name: 'geo.csv', contentType: 'text/csv', file }]);
    expect(entries).toEqual([{ name: 'geo.csv', bytes: 19, sha256: file.sha256 }]);
    expect(text('p/geo.csv')).toBe('"geo","n"\r\n"DE",2\r\n');
  });

  it('fails when the file on disk is no longer the one written', async () => {
    const path = join(directory, 'geo.csv');
    await writeFile(path, '"geo","n"\r\n"DE",3\r\n');
    const file = { path, bytes: 19, sha256: sha256('"geo","n"\r\n"DE",2\r\n') };
    await expect(
      storeReportFiles(inMemoryReportStore().store, 'p/', [
        { name: 'geo.csv', contentType: 'text/csv', file },
      ]),
    ).rejects.toThrow(`${path} changed on disk after it was written`);
  });
});
