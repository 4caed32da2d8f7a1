import type { EmailMessage, Mailer } from '../adapters/mailer.js';
import type { ReportStore } from '../adapters/report-store.js';

export type DeliveryOutcome =
  | { status: 'sent'; messageId: string; recipients: string[]; subject: string }
  | { status: 'already-sent'; sentAt: string }
  | { status: 'not-sent'; reason: string };

export interface DeliverOnceInput {
  store: ReportStore;
  mailer: Mailer;
  /** The delivery record's key; its presence means this period's email went out. */
  key: string;
  resend: boolean;
  now: number;
  message: EmailMessage;
}

/**
 * Sends the period's email unless its delivery record exists (an EventBridge retry or a manual
 * re-run), or `resend` is set. The record is written only after SES accepted the message.
 */
export async function deliverOnce(input: DeliverOnceInput): Promise<DeliveryOutcome> {
  if (!input.resend) {
    const previous = await input.store.get(input.key);
    if (previous) {
      return { status: 'already-sent', sentAt: readSentAt(previous) };
    }
  }
  const { messageId } = await input.mailer.send(input.message);
  const record = {
    sentAt: new Date(input.now).toISOString(),
    messageId,
    subject: input.message.subject,
    recipients: input.message.to,
  };
  await input.store.put(input.key, `${JSON.stringify(record, null, 2)}\n`, 'application/json');
  return { status: 'sent', messageId, recipients: input.message.to, subject: input.message.subject };
}

function readSentAt(body: Uint8Array): string {
  try {
    const record = JSON.parse(Buffer.from(body).toString('utf8')) as { sentAt?: unknown };
    return typeof record.sentAt === 'string' ? record.sentAt : 'unknown';
  } catch {
    return 'unknown';
  }
}
