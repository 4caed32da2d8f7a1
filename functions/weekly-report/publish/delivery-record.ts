import { LOCK_TTL_MS } from '../run-control/period-lock.js';

/**
 * What a delivery record (`delivery.json`, a channel's record) says: a claim (`sending`), a send
 * that certainly failed, one whose outcome is unknown, or the sent message.
 */
export type DeliveryRecord =
  | { status: 'sending'; claimedAt: string }
  | { status: 'failed'; failedAt: string; error: string }
  | { status: 'unknown'; attemptedAt: string; error: string }
  | { status: 'sent'; sentAt: string };

/** A record as stored: indented JSON and a final newline. */
export const encodeRecord = (record: object) => `${JSON.stringify(record, null, 2)}\n`;

/**
 * A claim older than the period lock's expiry belongs to a run that died while sending: a live run
 * renews its lock, and a run replacing a crashed one starts only once that lock has lapsed.
 * An unreadable claim time counts as lapsed.
 */
export function claimLapsed(claimedAt: string, now: number): boolean {
  const at = Date.parse(claimedAt);
  return Number.isNaN(at) || now - at >= LOCK_TTL_MS;
}

/** Why a message (`what`: the email, a channel's message) counts as unconfirmed, and what to do about it. */
export function unconfirmedReason(
  record: Extract<DeliveryRecord, { status: 'sending' | 'unknown' }>,
  what: string,
): string {
  const why =
    record.status === 'sending'
      ? `a run claimed this ${what} at ${record.claimedAt} and ended before it confirmed the send (it crashed or timed out)`
      : `${what === 'email' ? 'SES' : 'the channel'} did not confirm the ${what} sent at ${record.attemptedAt} (${record.error})`;
  const check = what === 'email' ? "the recipients' mail or SES" : 'the channel';
  return `${why}: it may have gone out; check ${check}, then use --resend to send it`;
}

/** An error as a record states it: its name and message. */
export const describeError = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Records written before claims existed carry `sentAt` and no status: they were sent. */
export function readRecord(body: Uint8Array): DeliveryRecord {
  try {
    const raw = JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, unknown>;
    const text = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string) : 'unknown');
    if (raw.status === 'sending') return { status: 'sending', claimedAt: text('claimedAt') };
    if (raw.status === 'failed')
      return { status: 'failed', failedAt: text('failedAt'), error: text('error') };
    if (raw.status === 'unknown')
      return { status: 'unknown', attemptedAt: text('attemptedAt'), error: text('error') };
    return { status: 'sent', sentAt: text('sentAt') };
  } catch {
    return { status: 'sent', sentAt: 'unknown' };
  }
}
