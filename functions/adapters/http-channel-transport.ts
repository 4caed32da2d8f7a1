import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
} from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { IncomingWebhook, IncomingWebhookHTTPError } from '@slack/webhook';
import { describeError } from '../shared/errors.js';
import { ChannelSendError, type ChannelTransport } from './channel-transport.js';

type SlackMessage = Parameters<IncomingWebhook['send']>[0];

/** 408, 429 and 5xx may pass on another attempt; other statuses will not. */
const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * The channels' transport: Slack through `@slack/webhook`, Teams and webhooks through `fetch`,
 * EventBridge through its SDK client, secrets from Secrets Manager. Errors carry the kind of
 * failure and the status, never the URL, the secret or the body.
 */
export function createChannelTransport(clients: {
  eventBridge: EventBridgeClient;
  secrets: SecretsManagerClient;
}): ChannelTransport {
  return {
    async postSlack(url, message, timeoutMs) {
      try {
        // The blocks are built in core as plain objects of Block Kit's documented shape.
        await new IncomingWebhook(url, { timeout: timeoutMs }).send(message as SlackMessage);
      } catch (error) {
        if (error instanceof IncomingWebhookHTTPError)
          throw new ChannelSendError(
            `Slack answered HTTP ${error.statusCode}`,
            retryableStatus(error.statusCode),
          );
        throw new ChannelSendError(`Slack could not be reached (${describeError(error, 'name')})`, true);
      }
    },
    async postJson(url, body, headers, timeoutMs) {
      let status: number;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        await response.body?.cancel();
      } catch (error) {
        throw new ChannelSendError(
          `the endpoint could not be reached (${describeError(error, 'name')})`,
          true,
        );
      }
      if (status < 200 || status > 299)
        throw new ChannelSendError(`the endpoint answered HTTP ${status}`, retryableStatus(status));
    },
    async putEvents(entries, timeoutMs) {
      let answer: PutEventsCommandOutput;
      try {
        answer = await clients.eventBridge.send(new PutEventsCommand({ Entries: entries }), {
          abortSignal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new ChannelSendError(`PutEvents failed (${describeError(error, 'name')})`, true);
      }
      const results = answer.Entries ?? [];
      return entries.filter((_, i) => results[i]?.ErrorCode !== undefined || results[i] === undefined);
    },
    async readSecret(id) {
      try {
        const value = (await clients.secrets.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
        if (!value) throw new ChannelSendError(`the secret ${id} is empty`, false);
        return value.trim();
      } catch (error) {
        if (error instanceof ChannelSendError) throw error;
        throw new ChannelSendError(
          `the secret ${id} could not be read (${describeError(error, 'name')})`,
          true,
        );
      }
    },
  };
}
