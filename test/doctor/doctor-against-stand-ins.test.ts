import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctorCli } from '../../functions/doctor/doctor-cli.js';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_MANAGEMENT_KEY,
  LOCAL_PROJECT_ID,
  LOCAL_SENDER,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { auditRecord } from '../support/audit-record-builder.js';

const now = Date.now();
const FAST = { requests: 600, windowMs: 60_000 };
let demo: LocalEnvironment;
let odd: LocalEnvironment;
const printed: string[] = [];

beforeAll(async () => {
  demo = await startLocalEnvironment({
    records: generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID }),
    rateLimit: FAST,
  });
  // A project whose role changes are written under a key the report does not read.
  odd = await startLocalEnvironment({
    rateLimit: FAST,
    records: [
      auditRecord({
        action: 'UserModified',
        occurred: now - 3_600_000,
        data: { Change: { roles_granted: ['Tenant Admin'] } },
      }),
      auditRecord({
        action: 'LoginFailed',
        occurred: now - 7_200_000,
        data: { error_message: 'bad password' },
      }),
    ],
  });
});

afterAll(async () => {
  await Promise.allSettled([demo?.close(), odd?.close()]);
});

/** Runs the doctor against `local` with `overrides`; returns its exit code and output. */
async function doctor(local: LocalEnvironment, overrides: Record<string, string> = {}) {
  const lines: string[] = [];
  const env = { ...local.env, ...overrides };
  const code = await runDoctorCli(env, {
    print: (line) => {
      lines.push(line);
      printed.push(line);
    },
    now: () => now,
  });
  return { code, lines, text: lines.join('\n') };
}

describe('npm run doctor against the stand-ins', () => {
  it('passes a healthy deployment (exit 0) with few audit searches, and shows the data keys per action', async () => {
    const before = demo.descope.requests.length;
    const { code, lines, text } = await doctor(demo);
    expect(code).toBe(0);
    expect(lines).toContain(
      '✔ Management key and project ID: accepted (one license request, no audit search)',
    );
    expect(text).toMatch(/✔ Bucket descope-audit-reports-local: reachable under reports\//);
    expect(lines).toContain(
      `✔ SES sender ${LOCAL_SENDER}: verified for sending (identity ${LOCAL_SENDER}, us-east-1)`,
    );
    expect(text).toContain('✔ UserModified: ');
    expect(text).toContain('read by role-grants: Change.added_roles ✓, Change.added_multi_tenant_roles ✓');
    expect(lines.at(-1)).toMatch(/^✔ Ready for a weekly run; \d+ warnings?$/);
    const searches = demo.descope.requests.slice(before).filter((r) => r.path === '/v1/mgmt/audit/search');
    expect(searches.length).toBeGreaterThan(0);
    expect(searches.length).toBeLessThanOrEqual(5);
  });

  it('fails on a wrong management key (exit 1), and spends no audit search on it', async () => {
    const before = demo.descope.requests.length;
    const { code, lines } = await doctor(demo, { DESCOPE_MANAGEMENT_KEY: 'K2-wrong-key' });
    expect(code).toBe(1);
    expect(lines).toContain(
      '✘ Management key and project ID: rejected (HTTP 401 E011004: Unauthorized: invalid project ID or management key)',
    );
    expect(demo.descope.requests.slice(before).map((r) => r.path)).toEqual(['/v1/mgmt/license']);
  });

  it('fails when the Descope API cannot be reached, naming the URL to check', async () => {
    const { code, lines } = await doctor(demo, { DESCOPE_BASE_URL: 'http://127.0.0.1:9' });
    expect(code).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(/^✘ Descope API unreachable at http:\/\/127\.0\.0\.1:9: TypeError: fetch failed/),
    );
    expect(lines).toContain('· Rate limit and data keys not checked: the key could not be confirmed');
  });

  it('fails on an unverified sender and on a sender SES does not know', async () => {
    demo.ses.setIdentity(LOCAL_SENDER, 'PENDING');
    try {
      const pending = await doctor(demo);
      expect(pending.code).toBe(1);
      expect(pending.lines).toContain(
        `✘ SES sender ${LOCAL_SENDER}: identity ${LOCAL_SENDER} is not verified for sending (status PENDING)`,
      );
    } finally {
      demo.ses.setIdentity(LOCAL_SENDER, 'SUCCESS');
    }
    const unknown = await doctor(demo, { REPORT_SENDER: 'someone@elsewhere.example' });
    expect(unknown.code).toBe(1);
    expect(unknown.lines).toContain(
      '✘ SES sender someone@elsewhere.example: no SES identity for the address or elsewhere.example in us-east-1',
    );
  });

  it('fails in the SES sandbox while a recipient is not a verified identity', async () => {
    demo.ses.setAccount({ productionAccess: false, sendingEnabled: true });
    try {
      const recipients = { REPORT_RECIPIENTS: 'lead@example.com,auditor@partner.example' };
      const sandbox = await doctor(demo, recipients);
      expect(sandbox.code).toBe(1);
      expect(sandbox.lines).toContain(
        '✘ SES account: in the sandbox in us-east-1, and 2 recipient(s) are not verified identities: lead@example.com, auditor@partner.example',
      );
      // An address identity or its domain's will do.
      demo.ses.setIdentity('lead@example.com', 'SUCCESS');
      demo.ses.setIdentity('partner.example', 'SUCCESS');
      const verified = await doctor(demo, recipients);
      expect(verified.lines).toContain(
        '✔ SES account: in the sandbox in us-east-1; all 2 recipient(s) are verified identities',
      );
      expect(verified.code).toBe(0);
    } finally {
      demo.ses.setAccount({ productionAccess: true, sendingEnabled: true });
    }
  });

  it('in the SES sandbox also checks the campaign reviewers the job will email', async () => {
    demo.ses.setAccount({ productionAccess: false, sendingEnabled: true });
    try {
      const env = {
        REPORT_RECIPIENTS: 'lead@example.com',
        ACCESS_REVIEW_ENABLED: 'true',
        REVIEW_PAGE_URL: 'https://review.example/',
        ACCESS_CAMPAIGNS: JSON.stringify({
          reviewers: { fallback: ['owner@team.example', 'username-only'] },
          escalation: ['escalate@team.example'],
        }),
      };
      demo.ses.setIdentity('lead@example.com', 'SUCCESS');
      const { code, lines } = await doctor(demo, env);
      expect(code).toBe(1);
      expect(lines).toContain(
        '✘ SES account: in the sandbox in us-east-1, and 2 recipient(s) are not verified identities: owner@team.example, escalate@team.example',
      );
    } finally {
      demo.ses.setAccount({ productionAccess: true, sendingEnabled: true });
    }
  });

  it('fails on a bucket it cannot reach under reports/', async () => {
    const { code, lines } = await doctor(demo, { REPORT_BUCKET: 'no-such-reports-bucket' });
    expect(code).toBe(1);
    expect(lines).toContain(
      '✘ Bucket no-such-reports-bucket: cannot list reports/ (NoSuchBucket: The specified bucket does not exist)',
    );
  });

  it('fails on role changes written under a key the report does not read', async () => {
    const { code, text } = await doctor(odd);
    expect(code).toBe(1);
    expect(text).toContain('✘ UserModified: 1 recent record');
    expect(text).toContain('Change keys seen: roles_granted');
    expect(text).toContain('Change key "roles_granted" mentions roles but no query reads it');
  });

  it('warns, without failing, when another client is using the audit searches (429)', async () => {
    const busy = await startLocalEnvironment({
      records: generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID }),
      rateLimit: { requests: 2, windowMs: 60_000 },
    });
    try {
      const { code, text } = await doctor(busy);
      expect(text).toMatch(
        /⚠ Audit search rate: Descope answered 429 after 3 searches \(Retry-After \d+ s\)/,
      );
      expect(text).toContain("another client is using this project's audit searches right now");
      expect(busy.descope.requests.filter((r) => r.path === '/v1/mgmt/audit/search')).toHaveLength(3);
      expect(code).toBe(0);
    } finally {
      await busy.close();
    }
  });

  it('names the bad variable and requests nothing when the configuration is invalid', async () => {
    const before = demo.descope.requests.length;
    const { code, lines } = await doctor(demo, { REPORT_SENDER: 'not-an-address' });
    expect(code).toBe(1);
    expect(lines[0]).toBe('✘ Configuration: Invalid configuration: REPORT_SENDER must be an email address');
    expect(demo.descope.requests.length).toBe(before);
  });

  it('refuses a custom SQL query DuckDB refuses, before any request', async () => {
    const before = demo.descope.requests.length;
    const sql = 'SELECT id FROM records; DROP TABLE records';
    const { code, lines } = await doctor(demo, {
      REPORT_QUERIES: JSON.stringify({ queries: [{ id: 'two', title: 'Two', sql }] }),
    });
    expect(code).toBe(1);
    expect(lines[0]).toBe(
      '✘ Configuration: Invalid configuration: REPORT_QUERIES query "two" sql: holds 2 statements; give exactly one SELECT',
    );
    expect(demo.descope.requests.length).toBe(before);
  });

  it('never printed the management key, right or wrong, in any run above', () => {
    expect(printed.length).toBeGreaterThan(50);
    expect(printed.join('\n')).not.toContain(LOCAL_MANAGEMENT_KEY);
    expect(printed.join('\n')).not.toContain('K2-wrong-key');
  });
});
