import type { FindingEventEntry } from '../core/routing/finding-events.js';

/** A channel's attempt failed; `retryable` says whether another attempt may succeed. */
export class ChannelSendError extends Error {
  override name = 'ChannelSendError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * Port: one attempt at each kind of channel. Implementations never put a URL, a secret or a
 * response body in an error message (webhook URLs are secrets); they throw `ChannelSendError`.
 */
export interface ChannelTransport {
  /** A Slack incoming webhook: the Block Kit message. */
  postSlack(url: string, message: { text: string; blocks: object[] }, timeoutMs: number): Promise<void>;
  /** A JSON POST (Teams workflow webhook, generic webhook) with extra headers. */
  postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void>;
  /** EventBridge PutEvents; resolves to the entries that failed (to retry), none when all were put. */
  putEvents(entries: FindingEventEntry[], timeoutMs: number): Promise<FindingEventEntry[]>;
  /** A Secrets Manager secret's string (a webhook URL, a signing secret). */
  readSecret(id: string): Promise<string>;
}
