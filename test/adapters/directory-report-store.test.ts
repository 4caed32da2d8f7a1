import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createDirectoryReportStore,
  MARKER_EXPIRY_MS,
} from '../../functions/adapters/directory-report-store.js';
import { LOCK_TTL_MS } from '../../functions/weekly-report/run-control/period-lock.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dir-store-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const key = 'reports/P/2026-W10/run-lock.json';

/** A store whose clock reads `now`, with `run-lock.json` present and a crashed writer's marker beside it. */
async function withLeftMarker(markerAgeMs: number) {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const store = createDirectoryReportStore(folder, { clock: () => now });
  const created = await store.putIf(key, 'old', 'application/json', { ifNoneMatch: '*' });
  const marker = join(folder, `${key}.writing`);
  await writeFile(marker, '');
  const touched = new Date(now - markerAgeMs);
  await utimes(marker, touched, touched);
  return { store, etag: created.written ? created.etag : '' };
}

describe('the directory store’s compare-and-swap marker', () => {
  it('expires exactly like the S3 period lock', () => {
    expect(MARKER_EXPIRY_MS).toBe(LOCK_TTL_MS);
  });

  it('is taken over once a crashed writer left it past the lock expiry', async () => {
    const { store, etag } = await withLeftMarker(MARKER_EXPIRY_MS + 1000);
    const swapped = await store.putIf(key, 'new', 'application/json', { ifMatch: etag });
    expect(swapped.written).toBe(true);
    expect(Buffer.from((await store.get(key)) ?? []).toString()).toBe('new');
    // The marker is gone: the next compare-and-swap works as well.
    const next = await store.putIf(key, 'newer', 'application/json', {
      ifMatch: swapped.written ? swapped.etag : '',
    });
    expect(next.written).toBe(true);
  });

  it('still blocks while it is younger than the expiry (a writer may be at work)', async () => {
    const { store, etag } = await withLeftMarker(MARKER_EXPIRY_MS - 60_000);
    expect(await store.putIf(key, 'new', 'application/json', { ifMatch: etag })).toEqual({ written: false });
    expect(Buffer.from((await store.get(key)) ?? []).toString()).toBe('old');
  });

  it('lets only one of several writers take over the same stale marker', async () => {
    const { store, etag } = await withLeftMarker(MARKER_EXPIRY_MS * 2);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.putIf(key, `w${i}`, 'application/json', { ifMatch: etag })),
    );
    expect(results.filter((r) => r.written)).toHaveLength(1);
  });
});
