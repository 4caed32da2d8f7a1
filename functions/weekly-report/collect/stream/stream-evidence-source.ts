import type { CollectionSource, StreamCollectionFacts } from '../../../core/report/collection-source.js';
import { StreamSourceError } from '../../../shared/errors.js';
import type { CollectionRequest, EvidenceSource } from '../evidence-source.js';
import { collectStream, saveStreamCheckpoint } from './collect-stream.js';
import type { StreamSourceDeps, StreamSourceSettings } from './stream-source-settings.js';

/**
 * Descope's audit stream (S3 connector, or EventBridge → Firehose) as the evidence source: lists the
 * day partitions that can hold the period, reads every object, keeps `[from, to)` once per record
 * and writes the same evidence parts the search would, then checks the stream against Descope's own
 * counts. Reads in one go: nothing to pause for (no rate limit), so it never returns `false` once
 * started.
 */
export function streamEvidenceSource(settings: StreamSourceSettings, deps: StreamSourceDeps): EvidenceSource {
  let facts: StreamCollectionFacts | undefined;
  return {
    kind: 'stream',
    async collect(request) {
      if (
        request.checkpoint.collections.length === request.plans.length &&
        request.checkpoint.collections.every((c) => c.done)
      )
        return true;
      if (request.stopReason) return stopAll(request);
      if (!request.shouldContinue()) return false;
      facts = await collectStream(settings, deps, request);
      // A later invocation (the run continued while Athena computed) states them from here.
      request.checkpoint.streamFacts = { ...facts };
      await saveStreamCheckpoint(request);
      return true;
    },
    describe(checkpoint): CollectionSource {
      const read = facts ?? (checkpoint.streamFacts as StreamCollectionFacts | undefined);
      if (!read) throw new StreamSourceError('The audit stream was not read in this run');
      return { kind: 'stream', facts: read };
    },
  };
}

async function stopAll(request: CollectionRequest): Promise<boolean> {
  for (const plan of request.plans) {
    request.checkpoint.collections.push({
      id: plan.id,
      done: true,
      outcome: {
        expected: 0,
        fetched: 0,
        kept: 0,
        duplicates: 0,
        malformed: 0,
        uncounted: 0,
        pageSize: 0,
        gaps: [{ ...request.period, reason: request.stopReason ?? '', fetched: 0 }],
      },
      parts: [],
    });
  }
  await saveStreamCheckpoint(request);
  return true;
}
