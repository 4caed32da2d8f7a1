import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, describe, expect, it } from 'vitest';
import { type SesStandIn, startSesStandIn } from '../../functions/local/ses-stand-in.js';

const SENDER = 'reports@example.com';
const running: SesStandIn[] = [];
afterAll(() => Promise.all(running.map((s) => s.close())));

async function send(standIn: SesStandIn, subject: string): Promise<string | undefined> {
  const client = new SESv2Client({
    region: 'us-east-1',
    endpoint: standIn.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const answer = await client.send(
      new SendEmailCommand({
        FromEmailAddress: SENDER,
        Destination: { ToAddresses: ['auditor@example.org'] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'body' } } } },
      }),
    );
    return answer.MessageId;
  } finally {
    client.destroy();
  }
}

describe('the SES stand-in', () => {
  it('lists only the messages sent through it, though aws-ses-v2-local keeps one store per process', async () => {
    const [first, second] = await Promise.all([startSesStandIn(), startSesStandIn()]);
    if (!first || !second) throw new Error('stand-ins did not start');
    running.push(first, second);
    const id = await send(first, 'to the first');
    await send(second, 'to the second');
    await send(second, 'to the second again');
    const firstEmails = await first.emails();
    expect(firstEmails.map((e) => [e.messageId, e.subject])).toEqual([[id, 'to the first']]);
    expect((await second.emails()).map((e) => e.subject)).toEqual(['to the second', 'to the second again']);
  });
});
