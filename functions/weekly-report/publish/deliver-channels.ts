import pRetry, { AbortError } from 'p-retry';
import { ChannelSendError, type ChannelTransport } from '../../adapters/channel-transport.js';
import type { ReportData, ReportLocation } from '../../core/report/report-model.js';
import type { ChannelConfig } from '../../core/routing/channel-config.js';
import { buildChannelDigest } from '../../core/routing/channel-digest.js';
import { channelRecordKey } from '../../core/routing/channel-record.js';
import { describeError } from '../../shared/errors.js';
import { channelSend } from './channel-send.js';
import { sendOnce } from './send-once.js';

/** What happened to one channel for one report. */
export interface ChannelOutcome {
  channel: string;
  kind: ChannelConfig['kind'];
  /** `project`, or the tenant whose report it was. */
  scope: string;
  /** `unconfirmed`: a run died while sending it; it may have gone out and is not sent again without `resend`. */
  status: 'sent' | 'already-sent' | 'not-sent' | 'unconfirmed' | 'failed';
  /** What was sent, or why not (never a URL or a secret). */
  detail: string;
}

interface Target {
  data: ReportData;
  location: ReportLocation;
}

export interface DeliverChannelsInput {
  store: Parameters<typeof sendOnce>[0]['store'];
  channels: readonly ChannelConfig[];
  /** Absent in a dry run: nothing is sent. */
  transport?: ChannelTransport;
  now: number;
  /** The wall clock, for the webhook's timestamp. @default Date.now */
  clock?: () => number;
  resend: boolean;
  project: Target;
  tenants: ReadonlyArray<Target & { tenantId: string }>;
  /** First retry's wait in ms, doubling. @default 1000 */
  backoffMs?: number;
}

/**
 * Sends each configured channel its message at most once per period and report (the project's,
 * or each listed tenant's own), through the same claim as the email (`channels/<name>.json` in the
 * report's folder): a young claim is another run sending now, a lapsed one is `unconfirmed`. Timeouts and retries with backoff per channel; a channel that still fails is an
 * outcome with the reason, never an exception: the stored report stands and the run goes on.
 */
export async function deliverChannels(input: DeliverChannelsInput): Promise<ChannelOutcome[]> {
  const outcomes: ChannelOutcome[] = [];
  for (const channel of input.channels) {
    const targets: Array<{ scope: string; target?: Target }> = channel.tenants
      ? channel.tenants.map((tenantId) => ({
          scope: tenantId,
          target: input.tenants.find((t) => t.tenantId === tenantId),
        }))
      : [{ scope: 'project', target: input.project }];
    for (const { scope, target } of targets) {
      const base = { channel: channel.name, kind: channel.kind, scope };
      if (!target) {
        outcomes.push({ ...base, status: 'not-sent', detail: `no report for tenant ${scope} this period` });
        continue;
      }
      outcomes.push({ ...base, ...(await deliverOne(input, channel, target)) });
    }
  }
  return outcomes;
}

async function deliverOne(
  input: DeliverChannelsInput,
  channel: ChannelConfig,
  target: Target,
): Promise<Pick<ChannelOutcome, 'status' | 'detail'>> {
  if (!input.transport) return { status: 'not-sent', detail: 'dry run' };
  const digest = buildChannelDigest(target.data, target.location, channel.minSeverity);
  const send = channelSend(channel, digest, target.data, input.transport, input.clock ?? Date.now);
  if (!send.message) return { status: 'not-sent', detail: send.skipped };
  const deliver = send.message;
  try {
    const outcome = await sendOnce({
      store: input.store,
      key: channelRecordKey(target.location.prefix, channel.name),
      resend: input.resend,
      now: input.now,
      what: `${channel.kind} message`,
      send: async () => {
        const detail = await pRetry(
          async () => {
            try {
              return await deliver();
            } catch (error) {
              if (error instanceof ChannelSendError && !error.retryable) throw new AbortError(error);
              throw error;
            }
          },
          { retries: channel.attempts - 1, factor: 2, minTimeout: input.backoffMs ?? 1000, randomize: true },
        );
        return { result: detail, record: { channel: channel.name, kind: channel.kind, detail } };
      },
    });
    if (outcome.status === 'sent') return { status: 'sent', detail: outcome.result };
    if (outcome.status === 'already-sent')
      return { status: 'already-sent', detail: `already sent at ${outcome.sentAt}` };
    if (outcome.status === 'unconfirmed') return { status: 'unconfirmed', detail: outcome.reason };
    return { status: 'not-sent', detail: outcome.reason };
  } catch (error) {
    return { status: 'failed', detail: failure(error) };
  }
}

/** A failure's description: a channel error's own words, otherwise only the error's class. */
const failure = (error: unknown): string =>
  error instanceof ChannelSendError ? error.message : `failed (${describeError(error, 'name')})`;
