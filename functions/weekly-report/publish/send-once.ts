import type { ReportStore } from '../../adapters/report-store.js';
import { DeliveryUnconfirmedError, ReportStorageError } from '../../shared/errors.js';
import {
  claimLapsed,
  describeError,
  encodeRecord,
  readRecord,
  unconfirmedReason,
} from './delivery-record.js';

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
        error: describeError(error.cause ?? error),
      };
      await input.store.putIf(input.key, encodeRecord(unknown), 'application/json', { ifMatch: claim.etag });
      return { status: 'unconfirmed', reason: unconfirmedReason(unknown, input.what) };
    }
    const failed = { status: 'failed', failedAt: claimedAt, error: describeError(error) };
    await input.store.putIf(input.key, encodeRecord(failed), 'application/json', { ifMatch: claim.etag });
    throw error;
  }
  const record = { status: 'sent', sentAt: claimedAt, ...sent.record };
  // Completes this run's own claim: If-Match on the claim's ETag, as the bucket requires.
  const completed = await input.store.putIf(input.key, encodeRecord(record), 'application/json', {
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
  const body = encodeRecord({ status: 'sending', claimedAt });
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
