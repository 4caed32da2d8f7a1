import type { EmailMessage, Mailer } from '../../adapters/mailer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { ReportStorageError } from '../../shared/errors.js';

export type DeliveryOutcome =
  | { status: 'sent'; messageId: string; recipients: string[]; subject: string }
  | { status: 'already-sent'; sentAt: string }
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

/** What `delivery.json` says: a claim (`sending`), a send that failed, or the sent message. */
type DeliveryRecord =
  | { status: 'sending'; claimedAt: string }
  | { status: 'failed'; failedAt: string; error: string }
  | { status: 'sent'; sentAt: string };

/**
 * Sends the period's email at most once. The delivery record is claimed with a conditional write
 * before sending (`If-None-Match: *`, or `If-Match` on a failed attempt's record or, with `resend`,
 * on whatever is there), so of two runs racing for the same email exactly one sends. The record
 * becomes `sent` once SES accepted the message, or `failed` (claimable again) when SES refused it.
 * A claim that never completed (a run that died while sending) is not sent again: whether that
 * email went out is unknown, and `--resend` decides.
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

export type SendOnceOutcome<T> =
  | { status: 'sent'; result: T }
  | { status: 'already-sent'; sentAt: string }
  | { status: 'not-sent'; reason: string };

/**
 * The claim mechanism of every once-per-period delivery (the email, each channel): claim the record,
 * send, record `sent` (or `failed`, claimable again, and rethrow).
 */
export async function sendOnce<T>(input: SendOnceInput<T>): Promise<SendOnceOutcome<T>> {
  const claimedAt = new Date(input.now).toISOString();
  const claim = await claimDelivery(input, claimedAt);
  if (!claim.claimed) return claim.outcome;

  let sent: { result: T; record: object };
  try {
    sent = await input.send();
  } catch (error) {
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
  input: Pick<SendOnceInput<unknown>, 'store' | 'key' | 'resend' | 'what'>,
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
  if (!input.resend && record.status === 'sending') {
    const reason = `another run claimed this ${input.what} at ${record.claimedAt} and did not confirm it was sent; use --resend to send it`;
    return { claimed: false, outcome: { status: 'not-sent', reason } };
  }
  const taken = await input.store.putIf(input.key, body, 'application/json', { ifMatch: current.etag });
  if (taken.written) return { claimed: true, etag: taken.etag };
  return {
    claimed: false,
    outcome: { status: 'not-sent', reason: `another run is sending this ${input.what} right now` },
  };
}

const encode = (record: object) => `${JSON.stringify(record, null, 2)}\n`;

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
    return { status: 'sent', sentAt: text('sentAt') };
  } catch {
    return { status: 'sent', sentAt: 'unknown' };
  }
}
