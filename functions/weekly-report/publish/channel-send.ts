import type { ChannelTransport } from '../../adapters/channel-transport.js';
import { ChannelSendError } from '../../adapters/channel-transport.js';
import type { ReportData } from '../../core/report/report-model.js';
import type { ChannelConfig } from '../../core/routing/channel-config.js';
import type { ChannelDigest } from '../../core/routing/channel-digest.js';
import { findingEvents, PUT_EVENTS_BATCH } from '../../core/routing/finding-events.js';
import { slackMessage } from '../../core/routing/slack-message.js';
import { teamsMessage } from '../../core/routing/teams-card.js';
import { WEBHOOK_HEADERS, webhookBody, webhookSignature } from '../../core/routing/webhook-payload.js';

/** One attempt at a channel (retried by the caller), resolving to what was sent; or why nothing is. */
export type ChannelSend = { message: () => Promise<string> } | { message?: undefined; skipped: string };

/**
 * What a channel sends for one report. A daily report with no new finding sends nothing unless the
 * channel says so (`sendWhenNoNewFindings`); EventBridge sends one event per new finding, so none
 * when nothing is new.
 */
export function channelSend(
  channel: ChannelConfig,
  digest: ChannelDigest,
  data: ReportData,
  transport: ChannelTransport,
  clock: () => number,
): ChannelSend {
  const quiet = digest.counts.new === 0 && !channel.sendWhenNoNewFindings;
  if (quiet && data.period.kind === 'day') return { skipped: 'no new findings this day' };
  const scope = data.scope.kind === 'tenant' ? `tenants/${data.scope.tenantId}` : 'project';
  switch (channel.kind) {
    case 'slack':
      return {
        message: async () => {
          const url = await transport.readSecret(channel.webhookUrlSecret);
          await transport.postSlack(url, slackMessage(digest), channel.timeoutMs);
          return `Slack message with ${digest.counts.findings} findings`;
        },
      };
    case 'teams':
      return {
        message: async () => {
          const url = await transport.readSecret(channel.webhookUrlSecret);
          await transport.postJson(url, JSON.stringify(teamsMessage(digest)), {}, channel.timeoutMs);
          return `Teams card with ${digest.counts.findings} findings`;
        },
      };
    case 'webhook': {
      const body = webhookBody(data, channel.minSeverity);
      const delivery = `${data.projectId}/${data.period.label}/${scope}/${channel.name}`;
      return {
        message: async () => {
          const secret = await transport.readSecret(channel.signingSecret);
          // Signed at each attempt: the timestamp is the time of sending, for the receiver's replay window.
          const timestamp = Math.floor(clock() / 1000);
          await transport.postJson(
            channel.url,
            body,
            {
              [WEBHOOK_HEADERS.timestamp]: String(timestamp),
              [WEBHOOK_HEADERS.signature]: webhookSignature(secret, timestamp, body),
              [WEBHOOK_HEADERS.delivery]: delivery,
            },
            channel.timeoutMs,
          );
          return `signed webhook with ${digest.counts.findings} findings`;
        },
      };
    }
    case 'eventbridge': {
      const entries = findingEvents(digest, channel.eventBusName);
      if (entries.length === 0) return { skipped: 'no new findings: no event' };
      let pending = entries;
      return {
        message: async () => {
          // Entries put by an earlier attempt are not put again; only those that failed are retried.
          const failed = [];
          for (let i = 0; i < pending.length; i += PUT_EVENTS_BATCH)
            failed.push(
              ...(await transport.putEvents(pending.slice(i, i + PUT_EVENTS_BATCH), channel.timeoutMs)),
            );
          pending = failed;
          if (failed.length > 0)
            throw new ChannelSendError(
              `EventBridge refused ${failed.length} of ${entries.length} events`,
              true,
            );
          return `${entries.length} events on ${channel.eventBusName}`;
        },
      };
    }
  }
}
