import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoWeek, shiftWeek } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  LOCAL_SIGNING_SECRET,
  type LocalEnvironment,
  localChannels,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import type { FinishedRun } from '../../functions/weekly-report/run-outcome.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { quietCli } from '../support/quiet-cli.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
const before = shiftWeek(week, -1);
const now = week.to + 6 * 3_600_000;
let n = 0;
const failed = (geo: string, occurred: number): AuditRecord => {
  n += 1;
  return {
    id: `rt-${n}`,
    projectId: LOCAL_PROJECT_ID,
    action: 'LoginFailed',
    occurred,
    userId: `U${n}`,
    device: 'Desktop',
    method: 'password',
    geo,
    remoteAddress: `203.0.113.${n % 200}`,
    loginIds: [`user${n}@example.com`],
    tenants: [],
    data: {},
    type: 'info',
    actorId: '',
  };
};
// The week before: failed logins from DE only. This week: DE again, and BR and FR for the first time.
const records = [
  failed('DE', before.from + 1000),
  failed('DE', week.from + 1000),
  failed('BR', week.from + 2000),
  failed('FR', week.from + 3000),
];

let local: LocalEnvironment;
let dir: string;
let env: Record<string, string>;
const run = (argv: string[]) => quietCli(argv, env, now);
const stored = async (key: string) => {
  const s3 = standInS3Client(local.s3.endpoint);
  const body = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
  return JSON.parse(await (body.Body?.transformToString() ?? '')) as Record<string, unknown>;
};

beforeAll(async () => {
  // Several runs' searches exceed Descope's 10 a minute; pacing is collect's tests' subject.
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  dir = await mkdtemp(join(tmpdir(), 'exceptions-'));
  const exceptions = join(dir, 'risk-exceptions.json');
  const ticket = 'https://tickets.example.com/SEC-';
  await writeFile(
    exceptions,
    JSON.stringify({
      exceptions: [
        {
          id: 'FR-VPN',
          match: { rule: 'new-country', country: 'FR' },
          owner: 'secops@example.com',
          reason: 'Paris office VPN egress',
          ticket: `${ticket}1`,
          created: '2026-11-01',
          expires: '2026-12-05',
        },
        {
          id: 'BR-TRIAL',
          match: { rule: 'new-country', country: 'BR' },
          owner: 'secops@example.com',
          reason: 'Pilot customer',
          ticket: `${ticket}2`,
          created: '2026-10-01',
          expires: '2026-11-20',
        },
      ],
    }),
  );
  env = {
    ...local.env,
    REPORT_EXCEPTIONS_FILE: exceptions,
    REPORT_CHANNELS: JSON.stringify(localChannels(local.webhooks.url)),
    ACCESS_REVIEW_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // The country findings come from the failed logins by country; no other table or the OCSF
    // export is read here.
    REPORT_QUERIES: JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') }),
    OCSF_EXPORT_ENABLED: 'false',
  };
  await run(['--week', before.label]);
});

afterAll(async () => {
  await local?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('accepted risks and routing, through the CLI', () => {
  let result: FinishedRun;
  beforeAll(async () => {
    result = await run(['--week', week.label]);
  });

  it('moves a finding matched by an exception in force to the accepted risks, and re-raises an expired one as high', async () => {
    const summary = await stored(`${result.prefix}summary.json`);
    const findings = summary.findings as Array<{
      title: string;
      severity: string;
      expiredException?: { id: string };
    }>;
    expect(findings.map((f) => f.title)).not.toContain('Failed logins from a new country: FR');
    const br = findings.find((f) => f.title === 'Failed logins from a new country: BR');
    expect(br).toMatchObject({ severity: 'high', expiredException: { id: 'BR-TRIAL' } });
    const accepted = summary.acceptedRisks as Array<{
      title: string;
      exception: { id: string; owner: string };
    }>;
    expect(accepted).toEqual([
      expect.objectContaining({
        title: 'Failed logins from a new country: FR',
        exception: expect.objectContaining({ id: 'FR-VPN', owner: 'secops@example.com' }),
      }),
    ]);
    const exceptions = summary.exceptions as { inForce: Array<{ id: string; expiringSoon: boolean }> };
    expect(exceptions.inForce).toEqual([expect.objectContaining({ id: 'FR-VPN', expiringSoon: true })]);
  });

  it('copies the exceptions in force into the folder and lists the copy in the signed manifest', async () => {
    const copy = await stored(`${result.prefix}risk-exceptions.json`);
    expect((copy.exceptions as Array<{ id: string }>).map((e) => e.id)).toEqual(['FR-VPN']);
    const manifest = await stored(`${result.prefix}manifest.json`);
    expect((manifest.files as Array<{ name: string }>).map((f) => f.name)).toContain('risk-exceptions.json');
  });

  it('sends Slack, Teams, a signed webhook and one EventBridge event per new finding', async () => {
    const requests = local.webhooks.requests().filter((r) => r.body.includes(week.label));
    const slack = requests.find((r) => r.path.startsWith('/slack'));
    const blocks = JSON.parse(slack?.body ?? '{}').blocks as Array<{ type: string }>;
    expect(blocks[0]?.type).toBe('header');
    const teams = requests.find((r) => r.path.startsWith('/teams'));
    expect(JSON.parse(teams?.body ?? '{}').attachments[0].contentType).toBe(
      'application/vnd.microsoft.card.adaptive',
    );
    const hook = requests.find((r) => r.path === '/hooks/soar');
    const timestamp = hook?.headers['x-descope-report-timestamp'] ?? '';
    const expected = createHmac('sha256', LOCAL_SIGNING_SECRET)
      .update(`${timestamp}.${hook?.body}`)
      .digest('hex');
    expect(hook?.headers['x-descope-report-signature']).toBe(`sha256=${expected}`);
    const body = JSON.parse(hook?.body ?? '{}');
    expect(body.acceptedRisks).toHaveLength(1);
    const events = local.eventBridge.events().filter((e) => e.Detail.includes(week.label));
    const titles = events.map((e) => JSON.parse(e.Detail).finding.title);
    expect(titles).toContain('Failed logins from a new country: BR');
    expect(titles).not.toContain('Failed logins from a new country: FR');
    expect(events.every((e) => e.DetailType === 'Descope Audit Finding')).toBe(true);
    expect(result.channels.map((c) => c.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('sends nothing again when the period is re-run', async () => {
    const requests = local.webhooks.requests().length;
    const events = local.eventBridge.events().length;
    const again = await run(['--week', week.label]);
    expect(again.channels.map((c) => c.status)).toEqual([
      'already-sent',
      'already-sent',
      'already-sent',
      'already-sent',
    ]);
    expect(local.webhooks.requests()).toHaveLength(requests);
    expect(local.eventBridge.events()).toHaveLength(events);
  });
});
