import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalKeySigner } from '../../../functions/adapters/local-key-signer.js';
import type { StreamCollectionFacts } from '../../../functions/core/report/collection-source.js';
import { emptyOutcome } from '../../../functions/weekly-report/collect/collection-progress.js';
import { checkingDailyReviews } from '../../../functions/weekly-report/collect/daily-reviews-check.js';
import type {
  CollectionRequest,
  EvidenceSource,
} from '../../../functions/weekly-report/collect/evidence-source.js';
import type { Checkpoint } from '../../../functions/weekly-report/run-control/collection-checkpoint.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const facts = { location: 's3://stream/' } as StreamCollectionFacts;
/** A stream that has read the week once asked: one collection done, its facts kept. */
const stream = (): EvidenceSource & { reads: number } => {
  const source = {
    kind: 'stream' as const,
    reads: 0,
    async collect(request: CollectionRequest) {
      source.reads += 1;
      request.checkpoint.collections.push({
        id: 'all',
        done: true,
        outcome: emptyOutcome(),
        parts: [],
      });
      return true;
    },
    describe: () => ({ kind: 'stream' as const, facts }),
  };
  return source;
};
const checkpoint = (): Checkpoint => ({
  version: 2,
  runId: 'r',
  period: TEST_WEEK,
  invocations: 1,
  collections: [],
});
const signer = createLocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);

describe("a stream week's check of its daily reviews", () => {
  it('states the days it found at the start, and a continuation states them from the checkpoint', async () => {
    const { store } = inMemoryReportStore();
    const settings = { store, signer, projectId: 'P2test' };
    const first = checkingDailyReviews(stream(), settings);
    const saved = checkpoint();
    const request = { store, period: TEST_WEEK, checkpoint: saved } as unknown as CollectionRequest;
    expect(await first.collect(request)).toBe(true);
    const stated = first.describe(saved);
    expect(stated).toMatchObject({
      kind: 'stream',
      facts,
      days: { verified: false, reason: expect.stringMatching(/^2026-\d\d-\d\d, .* have no stored report$/) },
    });
    // A later invocation (a fresh source, collection done) checks nothing again and says the same.
    const later = stream();
    const continued = checkingDailyReviews(later, settings);
    const restored = JSON.parse(JSON.stringify(saved)) as Checkpoint;
    expect(await continued.collect({ ...request, checkpoint: restored })).toBe(true);
    expect(continued.describe(restored)).toEqual(stated);
  });
});
