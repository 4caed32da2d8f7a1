import type { EmailMessage, Mailer } from '../../adapters/mailer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { DeliveryUnconfirmedError, ReportStorageError } from '../../shared/errors.js';
import { LOCK_TTL_MS } from '../run-control/period-lock.js';

/**
 * What became of a report's email. `unconfirmed`: it may or may not have gone out (SES did not
 * answer, or a run died while sending); it is never sent again without `--resend`, and the run
 * reports it (a metric and an alarm in AWS).
 */
export type DeliveryOutcome =
  | { status: 'sent'; messageId: string; recipients: string[]; subject: string }
  | { status: 'already-sent'; sentAt: string }
  | { status: 'unconfirmed'; reason: string }
  | { status: 'not-sent'; reason: string };

export interface DeliverOnceInput {
  store: ReportStore;
  mailer: Mailer;
  /** The delivery record's key: claimed before sending, completed once SES accepted the message. */
  key: string;
  resend: boolean;
  now: number;
  message: EmailMessage;
}

/**
 * What `delivery.json` says: a claim (`sending`), a send that certainly failed, one whose outcome
 * is unknown, or the sent message.
 */
type DeliveryRecord =
  | { status: 'sending'; claimedAt: string }
  | { status: 'failed'; failedAt: string; error: string }
  | { status: 'unknown'; attemptedAt: string; error: string }
  | { status: 'sent'; sentAt: string };

/**
 * Sends the period's email at most once. The delivery record is claimed with a conditional write
 * before sending (`If-None-Match: *`, or `If-Match` on a failed attempt's record or, with `resend`,
 * on whatever is there), so of two runs racing for the same email exactly one sends. The record
 * becomes `sent` once SES accepted the message, `failed` (claimable again, and the error thrown)
 * when SES certainly refused it, and `unknown` when the send ended without an answer (a timeout):
 * that email may have gone out, so it is reported `unconfirmed` and never sent again without
 * `resend`. A claim that never completed (a run that died while sending: the claim outlived the
 * period lock) is reported the same way; a younger claim is another run sending right now.
 */
export async function deliverOnce(input: DeliverOnceInput): Promise<DeliveryOutcome> {
  const outcome = await sendOnce({
    store: input.store,
    key: input.key,
    resend: input.resend,
    now: input.now,
    what: 'email',
    send: async () => {
      const { messageId } = await input.mailer.send(input.message);
      return {
        result: messageId,
        record: { messageId, subject: input.message.subject, recipients: input.message.to },
      };
    },
  });
  if (outcome.status !== 'sent') return outcome;
  return {
    status: 'sent',
    messageId: outcome.result,
    recipients: input.message.to,
    subject: input.message.subject,
  };
}

/** What {@link sendOnce} needs: the record's key, and one send that says what to record. */
export interface SendOnceInput<T> {
  store: ReportStore;
  /** The delivery record's key: claimed before sending, completed once the send succeeded. */
  key: string;
  resend: boolean;
  now: number;
  /** Names the message in reasons (`email`, `Slack message`…). */
  what: string;
  /** Sends; `record` is stored beside `status: sent` and `sentAt`. A throw records `failed`. */
  send: () => Promise<{ result: T; record: object }>;
}

/**
 * What became of one once-per-period message. `unconfirmed`: it may or may not have gone out (the
 * send ended without an answer, or a run died while sending); it is not sent again without `resend`.
 */
export type SendOnceOutcome<T> =
  | { status: 'sent'; result: T }
  | { status: 'already-sent'; sentAt: string }
  | { status: 'unconfirmed'; reason: string }
  | { status: 'not-sent'; reason: string };

/**
 * The claim mechanism of every once-per-period delivery (the email, each channel): claim the record,
 * send, record `sent`, `unknown` when the send threw {@link DeliveryUnconfirmedError} (reported
 * `unconfirmed`), or `failed` (claimable again, and rethrow). A young `sending` claim is another run
 * sending now and is left alone; one older than the period lock's expiry is reported `unconfirmed`.
 */
export async function sendOnce<T>(input: SendOnceInput<T>): Promise<SendOnceOutcome<T>> {
  const claimedAt = new Date(input.now).toISOString();
  const claim = await claimDelivery(input, claimedAt);
  if (!claim.claimed) return claim.outcome;

  let sent: { result: T; record: object };
  try {
    sent = await input.send();
  } catch (error) {
    if (error instanceof DeliveryUnconfirmedError) {
      const unknown = {
        status: 'unknown' as const,
        attemptedAt: claimedAt,
        error: describe(error.cause ?? error),
      };
      await input.store.putIf(input.key, encode(unknown), 'application/json', { ifMatch: claim.etag });
      return { status: 'unconfirmed', reason: unconfirmedReason(unknown, input.what) };
    }
    const failed = { status: 'failed', failedAt: claimedAt, error: describe(error) };
    await input.store.putIf(input.key, encode(failed), 'application/json', { ifMatch: claim.etag });
    throw error;
  }
  const record = { status: 'sent', sentAt: claimedAt, ...sent.record };
  // Completes this run's own claim: If-Match on the claim's ETag, as the bucket requires.
  const completed = await input.store.putIf(input.key, encode(record), 'application/json', {
    ifMatch: claim.etag,
  });
  if (!completed.written) {
    throw new ReportStorageError(
      `The ${input.what} was sent but ${input.key} changed meanwhile and could not record it`,
    );
  }
  return { status: 'sent', result: sent.result };
}

type Claim =
  | { claimed: true; etag: string }
  | { claimed: false; outcome: Exclude<SendOnceOutcome<never>, { status: 'sent' }> };

async function claimDelivery(
  input: Pick<SendOnceInput<unknown>, 'store' | 'key' | 'resend' | 'now' | 'what'>,
  claimedAt: string,
): Promise<Claim> {
  const body = encode({ status: 'sending', claimedAt });
  const created = await input.store.putIf(input.key, body, 'application/json', { ifNoneMatch: '*' });
  if (created.written) return { claimed: true, etag: created.etag };
  const current = await input.store.getVersioned(input.key);
  if (!current) return claimDelivery(input, claimedAt);
  const record = readRecord(current.body);
  if (!input.resend && record.status === 'sent') {
    return { claimed: false, outcome: { status: 'already-sent', sentAt: record.sentAt } };
  }
  if (!input.resend && record.status === 'sending' && !claimLapsed(record.claimedAt, input.now)) {
    const reason = `another run claimed this ${input.what} at ${record.claimedAt} and is sending it now`;
    return { claimed: false, outcome: { status: 'not-sent', reason } };
  }
  if (!input.resend && (record.status === 'sending' || record.status === 'unknown')) {
    return {
      claimed: false,
      outcome: { status: 'unconfirmed', reason: unconfirmedReason(record, input.what) },
    };
  }
  const taken = await input.store.putIf(input.key, body, 'application/json', { ifMatch: current.etag });
  if (taken.written) return { claimed: true, etag: taken.etag };
  return {
    claimed: false,
    outcome: { status: 'not-sent', reason: `another run is sending this ${input.what} right now` },
  };
}

const encode = (record: object) => `${JSON.stringify(record, null, 2)}\n`;

/**
 * A claim older than the period lock's expiry belongs to a run that died while sending: a live run
 * renews its lock, and a run replacing a crashed one starts only once that lock has lapsed.
 * An unreadable claim time counts as lapsed.
 */
function claimLapsed(claimedAt: string, now: number): boolean {
  const at = Date.parse(claimedAt);
  return Number.isNaN(at) || now - at >= LOCK_TTL_MS;
}

/** Why a message (`what`: the email, a channel's message) counts as unconfirmed, and what to do about it. */
function unconfirmedReason(
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

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Records written before claims existed carry `sentAt` and no status: they were sent. */
function readRecord(body: Uint8Array): DeliveryRecord {
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
