import { afterEach, describe, expect, it } from 'vitest';
import { ChannelSendError, type ChannelTransport } from '../../../functions/adapters/channel-transport.js';
import { defaultComplianceContext } from '../../../functions/core/frameworks/builtin-frameworks.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { ReportData } from '../../../functions/core/report/report-model.js';
import { channelsSchema } from '../../../functions/core/routing/channel-config.js';
import { channelRecordKey } from '../../../functions/core/routing/channel-record.js';
import { metrics } from '../../../functions/shared/powertools/metrics.js';
import { createLambdaProgress } from '../../../functions/weekly-report/entry/lambda-progress.js';
import { deliverChannels } from '../../../functions/weekly-report/publish/deliver-channels.js';
import { captureLogLines } from '../../support/captured-log-lines.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';

// The progress events add to the process's one metrics buffer: a worker's next file must not find them.
afterEach(() => {
  metrics.clearMetrics();
});

const SECRET_URL = 'https://hooks.slack.example/services/T0/B0/very-secret-token';
const period = parseIsoWeek('2026-W47');
const data: ReportData = {
  projectId: 'P2test0000',
  period,
  scope: { kind: 'project' },
  results: [],
  retentionDays: 30,
  trends: { available: false, reason: 'none' },
  findings: [
    {
      rule: 'new-country',
      description: '',
      status: 'evaluated',
      findings: [
        {
          rule: 'new-country',
          severity: 'high',
          title: 'Failed logins from a new country: BR',
          detail: '1 failed login',
          section: 'failed-logins-by-geo',
        },
      ],
    },
  ],
  changes: { comparedWith: '2026-W46', new: [], stillOpen: [], resolved: [], notReevaluated: [] },
  compliance: defaultComplianceContext(),
};
const location = { uri: 's3://b/p/', browseUrl: '', prefix: 'reports/P2test0000/2026-W47/' };
const channels = channelsSchema.parse([
  { kind: 'slack', name: 'sec', webhookUrlSecret: 'slack-url', attempts: 3 },
]);

/** A transport whose Slack endpoint fails `failures` times with `status`, recording each attempt. */
function transport(failures: number, status: number) {
  const attempts: string[] = [];
  const t: ChannelTransport = {
    readSecret: async () => SECRET_URL,
    postSlack: async (url) => {
      attempts.push(url);
      if (attempts.length <= failures)
        throw new ChannelSendError(`Slack answered HTTP ${status}`, status >= 500 || status === 429);
    },
    postJson: async () => undefined,
    putEvents: async () => [],
  };
  return { t, attempts };
}

const input = (t: ChannelTransport, store = inMemoryReportStore().store) => ({
  store,
  channels,
  transport: t,
  now: period.to,
  resend: false,
  project: { data, location },
  tenants: [],
  backoffMs: 1,
});

describe('deliverChannels', () => {
  const lines = captureLogLines();

  it('retries a failing channel with backoff, then sends once', async () => {
    const { t, attempts } = transport(2, 503);
    const { store } = inMemoryReportStore();
    const [first] = await deliverChannels(input(t, store));
    expect(first).toMatchObject({ channel: 'sec', status: 'sent' });
    expect(attempts).toHaveLength(3);
    const [again] = await deliverChannels(input(t, store));
    expect(again?.status).toBe('already-sent');
    expect(attempts).toHaveLength(3);
  });

  it('reports a channel that keeps failing as an outcome, never an exception, with no secret in it or in the logs', async () => {
    const { t, attempts } = transport(99, 500);
    const outcomes = await deliverChannels(input(t));
    expect(outcomes).toEqual([
      {
        channel: 'sec',
        kind: 'slack',
        scope: 'project',
        status: 'failed',
        detail: 'Slack answered HTTP 500',
      },
    ]);
    expect(attempts).toHaveLength(3);
    createLambdaProgress({ requests: 0, retries: 0, rateLimitWaits: 0 } as never).events.onChannels(outcomes);
    const logged = JSON.stringify(lines);
    expect(logged).toContain('Channel delivery failed');
    expect(logged).not.toContain('very-secret-token');
  });

  it('leaves a young claim to the run sending it, and reports a lapsed one unconfirmed, sending nothing', async () => {
    const { t, attempts } = transport(0, 200);
    const { store } = inMemoryReportStore();
    const key = channelRecordKey(location.prefix, 'sec');
    const claim = (claimedAt: number) =>
      JSON.stringify({ status: 'sending', claimedAt: new Date(claimedAt).toISOString() });
    await store.putIf(key, claim(period.to - 60_000), 'application/json', { ifNoneMatch: '*' });
    const [young] = await deliverChannels(input(t, store));
    expect(young).toMatchObject({ status: 'not-sent', detail: expect.stringContaining('is sending it now') });

    const { store: crashed } = inMemoryReportStore();
    await crashed.putIf(key, claim(period.to - 86_400_000), 'application/json', { ifNoneMatch: '*' });
    const [lapsed] = await deliverChannels(input(t, crashed));
    expect(lapsed).toMatchObject({
      status: 'unconfirmed',
      detail: expect.stringContaining('may have gone out'),
    });
    expect(attempts).toHaveLength(0);
  });

  it('does not retry what cannot pass (a 404)', async () => {
    const { t, attempts } = transport(99, 404);
    const [outcome] = await deliverChannels(input(t));
    expect(outcome?.status).toBe('failed');
    expect(attempts).toHaveLength(1);
  });

  it('tells a tenant channel about its own tenant only, and says when that tenant has no report', async () => {
    const { t } = transport(0, 200);
    const tenantChannels = channelsSchema.parse([
      { kind: 'slack', name: 't', webhookUrlSecret: 's', tenants: ['T1', 'T2'] },
    ]);
    const outcomes = await deliverChannels({
      ...input(t),
      channels: tenantChannels,
      tenants: [
        {
          tenantId: 'T1',
          data: { ...data, scope: { kind: 'tenant', tenantId: 'T1' } },
          location: { ...location, prefix: `${location.prefix}tenants/T1/` },
        },
      ],
    });
    expect(outcomes.map((o) => [o.scope, o.status])).toEqual([
      ['T1', 'sent'],
      ['T2', 'not-sent'],
    ]);
  });
});
