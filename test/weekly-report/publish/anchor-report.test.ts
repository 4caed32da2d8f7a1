import { describe, expect, it } from 'vitest';
import type {
  FoundAnchor,
  ReportAnchor,
  ReportAnchorEvent,
} from '../../../functions/adapters/report-anchor.js';
import {
  ANCHOR_RECORD_FILE,
  anchorReport,
  anchorSealedReport,
} from '../../../functions/weekly-report/publish/anchor-report.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';

const NOW = Date.UTC(2026, 10, 25, 10);
const event: ReportAnchorEvent = {
  projectId: 'P2abc12345',
  period: '2026-W47',
  manifestKey: 'reports/P2abc12345/2026-W47/manifest.json',
  manifestSha256: 'a'.repeat(64),
  keyFingerprint: 'b'.repeat(64),
};

/** A fake trail: `find` answers the anchors written so far for the key, inside the window. */
function fakeTrail(existing: FoundAnchor[] = []) {
  const trail = [...existing];
  const windows: Array<{ from: number; to: number }> = [];
  const anchor: ReportAnchor = {
    async find(key, window) {
      windows.push(window);
      return trail.filter(
        (a) => a.manifestKey === key && a.occurred >= window.from && a.occurred <= window.to,
      );
    },
    async write(e) {
      trail.push({ ...e, occurred: NOW });
    },
  };
  return { anchor, trail, windows };
}

const recordKey = `reports/P2abc12345/2026-W47/${ANCHOR_RECORD_FILE}`;

describe('anchoring a report', () => {
  it('writes the anchor once: a second run finds its record and sends nothing', async () => {
    const { anchor, trail, windows } = fakeTrail();
    const { store, text } = inMemoryReportStore();
    const record = { store, key: recordKey };
    expect(await anchorReport(anchor, event, record, NOW)).toMatchObject({ status: 'written' });
    expect(JSON.parse(text(recordKey))).toMatchObject({ manifestSha256: event.manifestSha256 });
    expect(await anchorReport(anchor, event, record, NOW)).toMatchObject({ status: 'already-anchored' });
    expect(trail).toHaveLength(1);
    // No audit search is spent on it.
    expect(windows).toHaveLength(0);
  });

  it('anchors a changed manifest of the same report again', async () => {
    const { anchor, trail } = fakeTrail();
    const { store } = inMemoryReportStore();
    const record = { store, key: recordKey };
    await anchorReport(anchor, { ...event, manifestSha256: 'c'.repeat(64) }, record, NOW - 1000);
    expect(await anchorReport(anchor, event, record, NOW)).toMatchObject({ status: 'written' });
    expect(trail.map((a) => a.manifestSha256)).toEqual(['c'.repeat(64), 'a'.repeat(64)]);
  });

  it('anchors again when its record is unreadable', async () => {
    const { anchor, trail } = fakeTrail();
    const { store } = inMemoryReportStore();
    await store.putIf(recordKey, '{not json', 'application/json', { ifNoneMatch: '*' });
    expect(await anchorReport(anchor, event, { store, key: recordKey }, NOW)).toMatchObject({
      status: 'written',
    });
    expect(trail).toHaveLength(1);
  });

  it('says why nothing was anchored without an anchor or a stored manifest', async () => {
    const seal = { signing: null, previous: null, manifestSha256: 'a'.repeat(64) };
    const report = { projectId: 'P2abc12345', period: '2026-W47', prefix: 'reports/P2abc12345/2026-W47/' };
    const { store } = inMemoryReportStore();
    expect(await anchorSealedReport(undefined, store, { ...report, seal }, NOW)).toEqual({
      status: 'not-anchored',
      reason: 'no anchor configured for this run',
    });
    const { anchor, trail } = fakeTrail();
    expect(await anchorSealedReport(anchor, store, { ...report, seal }, NOW)).toMatchObject({
      status: 'written',
    });
    expect(trail[0]).toMatchObject({ manifestKey: event.manifestKey, keyFingerprint: null });
  });
});
