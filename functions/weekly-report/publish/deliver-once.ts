import type { EmailMessage, Mailer } from '../../adapters/mailer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { sendOnce } from './send-once.js';

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
