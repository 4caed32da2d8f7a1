import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describeError, ReportDeliveryError } from '../shared/errors.js';
import type { EmailMessage, Mailer } from './mailer.js';

/**
 * Email through SES v2 `SendEmail` (one message, every recipient in `To`). The client comes from
 * the caller, so `AWS_ENDPOINT_URL_SESV2` points it at any SES-compatible endpoint.
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
        throw new ReportDeliveryError(
          `Could not send the report email through SES: ${describeError(error, 'name: message')}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}
