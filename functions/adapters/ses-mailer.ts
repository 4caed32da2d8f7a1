import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeliveryUnconfirmedError, describeError, ReportDeliveryError } from '../shared/errors.js';
import type { EmailMessage, Mailer } from './mailer.js';

/** Connection failures that happen before a byte of the request is written: nothing reached SES. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Whether a failed `SendEmail` certainly sent nothing: SES answered with a 4xx (it refused the
 * message, throttled it, or the credentials were refused), the connection was never made, or no
 * credentials could be found. Anything else (a timeout, a connection lost after the request was
 * written, a 5xx) leaves open whether SES accepted the message.
 */
export function certainlyNotSent(error: unknown): boolean {
  const failure = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    cause?: unknown;
  } | null;
  if (!failure || typeof failure !== 'object') return false;
  const status = failure.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 400 && status < 500;
  if (failure.name === 'CredentialsProviderError') return true;
  if (failure.code !== undefined && NOT_CONNECTED.has(failure.code)) return true;
  return failure.cause !== undefined && failure.cause !== error ? certainlyNotSent(failure.cause) : false;
}

/**
 * Email through SES v2 `SendEmail` (one message, every recipient in `To`). The client comes from
 * the caller, so `AWS_ENDPOINT_URL_SESV2` points it at any SES-compatible endpoint; it must not
 * retry on its own (`maxAttempts: 1`): a retried timeout can deliver the message twice. A refusal
 * is a `ReportDeliveryError`; a failure after which the message may have been accepted is a
 * `DeliveryUnconfirmedError`.
 */
export function createSesMailer(client: SESv2Client): Mailer {
  return {
    async send(message: EmailMessage) {
      try {
        const answer = await client.send(
          new SendEmailCommand({
            FromEmailAddress: message.from,
            Destination: { ToAddresses: message.to },
            Content: {
              Simple: {
                Subject: { Data: message.subject, Charset: 'UTF-8' },
                Body: {
                  Text: { Data: message.text, Charset: 'UTF-8' },
                  Html: { Data: message.html, Charset: 'UTF-8' },
                },
              },
            },
          }),
        );
        return { messageId: answer.MessageId ?? '' };
      } catch (error) {
        const detail = describeError(error, 'name: message');
        if (certainlyNotSent(error)) {
          throw new ReportDeliveryError(`Could not send the report email through SES: ${detail}`, {
            cause: error,
          });
        }
        throw new DeliveryUnconfirmedError(
          `SES did not confirm the report email, which may have been sent: ${detail}`,
          { cause: error },
        );
      }
    },
  };
}
