import { describe, expect, it } from 'vitest';
import type { AuditAnalyticsSource } from '../../../../functions/adapters/audit-analytics-source.js';
import type { CollectionPlan } from '../../../../functions/core/catalog/query-plan.js';
import type { AuditRecord } from '../../../../functions/core/records/audit-record.js';
import { streamObjects } from '../../../../functions/local/stream/stream-objects.js';
import { StreamSourceError } from '../../../../functions/shared/errors.js';
import { collectEvidence } from '../../../../functions/weekly-report/collect/collect-evidence.js';
import { streamEvidenceSource } from '../../../../functions/weekly-report/collect/stream/stream-evidence-source.js';
import {
  type Checkpoint,
  openRunRevision,
} from '../../../../functions/weekly-report/run-control/collection-checkpoint.js';
import { auditRecord } from '../../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../../../support/in-memory-search-api.js';
import { inMemoryStreamBucket } from '../../../support/in-memory-stream-bucket.js';
import { TEST_WEEK } from '../../../support/query-result-builder.js';

const P = 'P2demo0000000000000000000000';
const prefix = 'reports/P2demo/week/';
const plans: CollectionPlan[] = [
  { id: 'login-failures', filter: { actions: ['LoginFailed', 'LoginExceedMaxAttempts'] }, queries: [] },
  { id: 'impersonations', filter: { actions: ['LoginSucceed'], methods: ['Impersonate'] }, queries: [] },
  { id: 'everything', filter: {}, queries: [] },
];
const fresh = (): Checkpoint => ({
  version: 2,
  runId: 'r',
  period: TEST_WEEK,
  invocations: 1,
  collections: [],
});

/** A week of events, some sharing a millisecond, with the week's edges and its neighbours. */
function weekRecords(): AuditRecord[] {
  const actions = ['LoginFailed', 'LoginSucceed', 'LoginExceedMaxAttempts', 'UserModified'];
  const records = Array.from({ length: 600 }, (_, i) =>
    auditRecord({
      action: actions[i % 4] as string,
      method: i % 8 === 1 ? 'Impersonate' : 'password',
      occurred: TEST_WEEK.from + Math.floor(i / 3) * 3_000_000,
    }),
  );
  return [
    auditRecord({ occurred: TEST_WEEK.from - 1 }),
    ...records,
    auditRecord({ occurred: TEST_WEEK.to - 1 }),
    auditRecord({ occurred: TEST_WEEK.to }),
  ].sort((a, b) => a.occurred - b.occurred);
}

const objectsOf = (records: AuditRecord[], options: Partial<Parameters<typeof streamObjects>[1]> = {}) =>
  new Map(
    [...streamObjects(records, { layout: 'firehose', projectId: P, batchRecords: 50, ...options })].map(
      (o) => [o.key, o.body],
    ),
  );

async function viaStream(objects: Map<string, Buffer>, analytics?: AuditAnalyticsSource, masked?: boolean) {
  const { store, objects: stored } = inMemoryReportStore();
  const checkpoint = fresh();
  const source = streamEvidenceSource(
    { projectId: P, discoverUnder: '', partRecords: 40, runRecords: 97, masked },
    { bucket: inMemoryStreamBucket(objects), analytics, now: TEST_WEEK.to },
  );
  const done = await source.collect({
    store,
    prefix,
    target: await openRunRevision(store, prefix, checkpoint, false),
    period: TEST_WEEK,
    plans,
    checkpoint,
    shouldContinue: () => true,
  });
  expect(done).toBe(true);
  return { stored, checkpoint, source: source.describe(checkpoint) };
}

const partsOf = (stored: Map<string, Buffer>) =>
  new Map(
    [...stored].filter(([key]) => key.includes('/evidence/')).map(([k, v]) => [k, v.toString('base64')]),
  );

describe('the audit stream as the evidence source', () => {
  it('writes the parts the search writes, whatever the duplicates, late objects and layout', async () => {
    const records = weekRecords();
    const api = inMemoryReportStore();
    const checkpoint = fresh();
    await collectEvidence({
      search: inMemorySearchApi(records).api,
      store: api.store,
      prefix,
      target: await openRunRevision(api.store, prefix, checkpoint, false),
      period: TEST_WEEK,
      plans: plans.map((p) => ({ ...p, filter: { actions: p.filter.actions } })),
      maxResultWindow: 10_000,
      partRecords: 40,
      checkpoint,
      shouldContinue: () => true,
    });
    // The in-memory search filters by action only: the impersonations plan is compared by action there.
    const expected = partsOf(api.objects);
    expect([...expected.keys()].filter((k) => k.includes('login-failures')).length).toBeGreaterThan(3);

    for (const options of [
      { layout: 'firehose' as const, duplicateEvery: 7, lateEvery: 3 },
      { layout: 'connector' as const, duplicateEvery: 5 },
    ]) {
      const { stored, source, checkpoint } = await viaStream(objectsOf(records, options));
      const got = partsOf(stored);
      for (const [key, body] of expected)
        if (!key.includes('impersonations')) expect(got.get(key)).toBe(body);
      expect(checkpoint.collections.every((c) => c.done && c.outcome.gaps.length === 0)).toBe(true);
      if (source.kind !== 'stream') throw new Error('not the stream');
      expect(source.facts.duplicates).toBeGreaterThan(0);
      expect(source.facts.records).toBe(601);
      expect(source.facts.outside).toBeGreaterThanOrEqual(1);
      expect(source.facts.layout).toBe(
        options.layout === 'firehose'
          ? 'stream/events/dt={yyyy}-{mm}-{dd}/'
          : '{projectId}/{yyyy}/{mm}/{dd}/',
      );
    }
  });

  it('keeps only the impersonations in that collection, by method as the search does', async () => {
    const { checkpoint } = await viaStream(objectsOf(weekRecords()));
    const kept = checkpoint.collections.find((c) => c.id === 'impersonations')?.outcome.kept;
    expect(kept).toBe(
      weekRecords().filter(
        (r) =>
          r.action === 'LoginSucceed' &&
          r.method === 'Impersonate' &&
          r.occurred >= TEST_WEEK.from &&
          r.occurred < TEST_WEEK.to,
      ).length,
    );
  });

  it('quarantines an unreadable object, names and hashes it, and marks what it could hold as a gap', async () => {
    const objects = objectsOf(weekRecords(), { corrupt: [2] });
    const { checkpoint, source } = await viaStream(objects);
    if (source.kind !== 'stream') throw new Error('not the stream');
    expect(source.facts.quarantined).toHaveLength(1);
    const [q] = source.facts.quarantined;
    expect(objects.has(q?.key ?? '')).toBe(true);
    expect(q).toMatchObject({ versionId: 'v1', bytes: objects.get(q?.key ?? '')?.length });
    expect(q?.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const c of checkpoint.collections) {
      expect(
        c.outcome.gaps.some((g) => g.reason.includes(q?.key ?? '?') && g.reason.includes(q?.sha256 ?? '?')),
      ).toBe(true);
    }
    expect(source.facts.records).toBeLessThan(601);
  });

  it('gaps the hours Descope analytics counted more events in than the stream holds', async () => {
    const records = weekRecords();
    const failed = records.filter((r) => r.action === 'LoginFailed');
    const lost = [failed[10], failed[100]].filter((r): r is AuditRecord => r !== undefined);
    const delivered = records.filter((r) => !lost.includes(r));
    const analytics: AuditAnalyticsSource = {
      async count(query) {
        const rows = new Map<string, { action: string; day: number; count: number }>();
        for (const r of records) {
          if (r.occurred < query.from || r.occurred > query.to) continue;
          if (query.actions && !query.actions.includes(r.action)) continue;
          const hour = Math.floor(r.occurred / 3_600_000) * 3_600_000;
          const row = rows.get(`${hour}${r.action}`) ?? { action: r.action, day: hour, count: 0 };
          row.count += 1;
          rows.set(`${hour}${r.action}`, row);
        }
        return [...rows.values()];
      },
    };
    const { checkpoint, source } = await viaStream(objectsOf(delivered), analytics);
    const gaps = checkpoint.collections.find((c) => c.id === 'login-failures')?.outcome.gaps ?? [];
    expect(gaps.map((g) => [g.from, g.expected, g.fetched])).toEqual(
      lost.map((r) => [
        Math.floor(r.occurred / 3_600_000) * 3_600_000,
        expect.any(Number),
        expect.any(Number),
      ]),
    );
    expect(gaps[0]?.reason).toMatch(
      /^Descope analytics counted \d+ LoginFailed events in .* \(hours .* UTC\): 1 missing from the stream$/,
    );
    expect(checkpoint.collections.find((c) => c.id === 'impersonations')?.outcome.gaps).toEqual([]);
    if (source.kind !== 'stream') throw new Error('not the stream');
    expect(source.facts.completeness).toBe('cross-checked per action and hour against Descope analytics');
  });

  it('tells a masked stream by its login IDs, unless configured', async () => {
    const masked = await viaStream(objectsOf(weekRecords(), { masked: true }));
    const plain = await viaStream(objectsOf(weekRecords()));
    const forced = await viaStream(objectsOf(weekRecords()), undefined, true);
    const flag = (s: typeof masked.source) => s.kind === 'stream' && s.facts.masked;
    expect([flag(masked.source), flag(plain.source), flag(forced.source)]).toEqual([true, false, true]);
  });

  it('names the bucket when it holds no stream, and asks for the pattern when keys hold no date', async () => {
    await expect(viaStream(new Map())).rejects.toThrow(
      /No audit stream objects under s3:\/\/stream-bucket\//,
    );
    await expect(viaStream(new Map([['loose.json', Buffer.from('[]')]]))).rejects.toThrow(StreamSourceError);
    await expect(viaStream(new Map([['loose.json', Buffer.from('[]')]]))).rejects.toThrow(
      /set STREAM_KEY_PATTERN/,
    );
  });
});
