import { describe, expect, it } from 'vitest';
import type { EmailMessage, Mailer } from '../../../functions/adapters/mailer.js';
import { DeliveryUnconfirmedError, ReportDeliveryError } from '../../../functions/shared/errors.js';
import { deliverOnce } from '../../../functions/weekly-report/publish/deliver-once.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';

const key = 'reports/P/2026-W10/delivery.json';
const message: EmailMessage = {
  from: 'r@example.com',
  to: ['lead@example.com'],
  subject: 'S',
  html: 'h',
  text: 't',
};
const now = Date.parse('2026-03-09T06:00:00Z');

/** A mailer whose attempts fail with the given errors in turn, then succeed. */
function mailer(...failures: Error[]) {
  let attempts = 0;
  const fake: Mailer = {
    async send() {
      const failure = failures[attempts];
      attempts += 1;
      if (failure) throw failure;
      return { messageId: `m-${attempts}` };
    },
  };
  return { fake, attempts: () => attempts };
}

const unconfirmed = () =>
  new DeliveryUnconfirmedError('SES did not confirm the report email', {
    cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  });

describe('sending the email once', () => {
  it('records an unanswered send as unknown and never sends it again without --resend', async () => {
    const { store, text } = inMemoryReportStore();
    const ses = mailer(unconfirmed());
    const first = await deliverOnce({ store, mailer: ses.fake, key, resend: false, now, message });
    expect(first).toEqual({ status: 'unconfirmed', reason: expect.stringContaining('may have gone out') });
    expect(JSON.parse(text(key))).toMatchObject({ status: 'unknown', error: 'Error: socket hang up' });

    const retry = await deliverOnce({
      store,
      mailer: ses.fake,
      key,
      resend: false,
      now: now + 60_000,
      message,
    });
    expect(retry.status).toBe('unconfirmed');
    expect(ses.attempts()).toBe(1);

    const resent = await deliverOnce({
      store,
      mailer: ses.fake,
      key,
      resend: true,
      now: now + 120_000,
      message,
    });
    expect(resent).toMatchObject({ status: 'sent', messageId: 'm-2' });
    expect(ses.attempts()).toBe(2);
  });

  it('reports a claim a crashed run left at "sending" as unconfirmed, and sends nothing', async () => {
    const { store } = inMemoryReportStore();
    await store.putIf(
      key,
      JSON.stringify({ status: 'sending', claimedAt: '2026-03-09T05:00:00.000Z' }),
      'application/json',
      { ifNoneMatch: '*' },
    );
    const ses = mailer();
    const outcome = await deliverOnce({ store, mailer: ses.fake, key, resend: false, now, message });
    expect(outcome).toEqual({
      status: 'unconfirmed',
      reason: expect.stringContaining('claimed this email at 2026-03-09T05:00:00.000Z and ended before'),
    });
    expect(ses.attempts()).toBe(0);
  });

  it('leaves a claim younger than the period lock to the run sending it right now', async () => {
    const { store } = inMemoryReportStore();
    const claimedAt = new Date(now - 60_000).toISOString();
    await store.putIf(key, JSON.stringify({ status: 'sending', claimedAt }), 'application/json', {
      ifNoneMatch: '*',
    });
    const ses = mailer();
    const outcome = await deliverOnce({ store, mailer: ses.fake, key, resend: false, now, message });
    expect(outcome).toEqual({ status: 'not-sent', reason: expect.stringContaining('is sending it now') });
    expect(ses.attempts()).toBe(0);
  });

  it('records a certain refusal as failed, throws, and sends again on the retry', async () => {
    const { store, text } = inMemoryReportStore();
    const ses = mailer(new ReportDeliveryError('SES refused: MessageRejected'));
    await expect(deliverOnce({ store, mailer: ses.fake, key, resend: false, now, message })).rejects.toThrow(
      ReportDeliveryError,
    );
    expect(JSON.parse(text(key))).toMatchObject({ status: 'failed' });
    const retry = await deliverOnce({ store, mailer: ses.fake, key, resend: false, now, message });
    expect(retry).toMatchObject({ status: 'sent' });
    expect(ses.attempts()).toBe(2);
  });
});
