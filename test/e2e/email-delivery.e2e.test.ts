import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { disableAllBut } from '../support/lean-catalog.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const records = generateDemoWeek(week.from, LOCAL_PROJECT_ID)
  .filter((r) => r.occurred >= week.from && r.occurred < week.to)
  .slice(0, 300);

let local: LocalEnvironment;
beforeAll(async () => {
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  local.env.DESCOPE_AUDIT_RPM = '6000';
  // The delivery is under test, not the tables: one is kept.
  local.env.REPORT_QUERIES = JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') });
});
afterAll(async () => {
  await local?.close();
});

async function run(...extra: string[]) {
  const lines: string[] = [];
  const io = { print: (line: string) => void lines.push(line), error: () => {}, now: () => now };
  const result = await runCli(['--week', '2026-W47', ...extra], local.env, io);
  return { result, lines };
}

describe('an email SES accepted but never confirmed', () => {
  it('is reported unconfirmed, never sent again on its own, and sent once more with --resend', async () => {
    local.ses.loseAnswers(1);
    const first = await run();
    expect(first.result?.email).toEqual({
      status: 'unconfirmed',
      reason: expect.stringContaining('SES did not confirm'),
    });
    expect(first.lines.some((l) => l.startsWith('Email UNCONFIRMED:'))).toBe(true);
    // SES did accept it: one message went out although the run never heard so.
    expect(await local.ses.emails()).toHaveLength(1);

    const retry = await run();
    expect(retry.result?.email.status).toBe('unconfirmed');
    expect(await local.ses.emails()).toHaveLength(1);

    const resent = await run('--resend');
    expect(resent.result?.email.status).toBe('sent');
    expect(await local.ses.emails()).toHaveLength(2);
  }, 120_000);
});
