import { describe, expect, it } from 'vitest';
import type { FoundAnchor, ReportAnchor, ReportAnchorEvent } from '../../functions/adapters/report-anchor.js';
import {
  ANCHOR_LOOKBACK_MS,
  anchorReport,
  anchorSealedReport,
} from '../../functions/weekly-report/anchor-report.js';

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

describe('anchoring a report', () => {
  it('writes the anchor once: a second run finds it and writes nothing', async () => {
    const { anchor, trail, windows } = fakeTrail();
    expect(await anchorReport(anchor, event, NOW)).toMatchObject({ status: 'written' });
    expect(await anchorReport(anchor, event, NOW)).toMatchObject({ status: 'already-anchored' });
    expect(trail).toHaveLength(1);
    expect(windows[0]).toEqual({ from: NOW - ANCHOR_LOOKBACK_MS, to: NOW });
  });

  it('anchors a changed manifest of the same report again', async () => {
    const { anchor, trail } = fakeTrail([{ ...event, manifestSha256: 'c'.repeat(64), occurred: NOW - 1000 }]);
    expect(await anchorReport(anchor, event, NOW)).toMatchObject({ status: 'written' });
    expect(trail.map((a) => a.manifestSha256)).toEqual(['c'.repeat(64), 'a'.repeat(64)]);
  });

  it('says why nothing was anchored without an anchor or a stored manifest', async () => {
    const seal = { signing: null, previous: null, manifestSha256: 'a'.repeat(64) };
    const report = { projectId: 'P2abc12345', period: '2026-W47', prefix: 'reports/P2abc12345/2026-W47/' };
    expect(await anchorSealedReport(undefined, { ...report, seal }, NOW)).toEqual({
      status: 'not-anchored',
      reason: 'no anchor configured for this run',
    });
    const { anchor, trail } = fakeTrail();
    expect(await anchorSealedReport(anchor, { ...report, seal }, NOW)).toMatchObject({ status: 'written' });
    expect(trail[0]).toMatchObject({ manifestKey: event.manifestKey, keyFingerprint: null });
  });
});
