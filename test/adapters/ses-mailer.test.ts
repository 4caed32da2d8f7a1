import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSesMailer } from '../../functions/adapters/ses-mailer.js';
import { DeliveryUnconfirmedError, ReportDeliveryError } from '../../functions/shared/errors.js';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());
// Other files in this worker use the real client.
afterAll(() => ses.restore());

const message = {
  from: 'r@example.com',
  to: ['a@example.com', 'b@example.com'],
  subject: 'S',
  html: '<p>h</p>',
  text: 't',
};

describe('SES mailer', () => {
  it('sends one message to every recipient with both parts', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await expect(createSesMailer(new SESv2Client({})).send(message)).resolves.toEqual({ messageId: 'm-1' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
      FromEmailAddress: 'r@example.com',
      Destination: { ToAddresses: ['a@example.com', 'b@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'S', Charset: 'UTF-8' },
          Body: { Text: { Data: 't', Charset: 'UTF-8' }, Html: { Data: '<p>h</p>', Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('fails with ReportDeliveryError', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected' }));
    await expect(createSesMailer(new SESv2Client({})).send(message)).rejects.toThrow(ReportDeliveryError);
  });

  it.each([
    ['SES refused the message (400)', { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }],
    ['SES throttled it (429)', { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }],
    ['the connection was refused', { name: 'Error', code: 'ECONNREFUSED' }],
    ['the host does not resolve', { name: 'Error', code: 'ENOTFOUND' }],
  ])('treats a certain refusal as not sent: %s', async (_case, shape) => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('refused'), shape));
    const sent = createSesMailer(new SESv2Client({})).send(message);
    await expect(sent).rejects.toThrow(ReportDeliveryError);
    await expect(sent).rejects.not.toThrow(DeliveryUnconfirmedError);
  });

  it.each([
    ['a request timeout', { name: 'TimeoutError' }],
    ['a connection reset after the request was written', { name: 'Error', code: 'ECONNRESET' }],
    ['an SES server error (500)', { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }],
    ['a failure without any detail', {}],
  ])('treats an outcome SES did not confirm as unconfirmed: %s', async (_case, shape) => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('no answer'), shape));
    await expect(createSesMailer(new SESv2Client({})).send(message)).rejects.toThrow(
      DeliveryUnconfirmedError,
    );
  });
});
