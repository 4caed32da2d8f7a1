import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctorCli } from '../../functions/doctor/doctor-cli.js';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import { generateDemoDirectory } from '../../functions/local/descope-api/demo-directory.js';
import { createDemoPopulation } from '../../functions/local/descope-api/demo-population.js';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
  type DescopeApiStandInOptions,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import type { StandInDirectory } from '../../functions/local/descope-api/directory-search-handler.js';
import {
  LOCAL_MANAGEMENT_KEY,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';

const now = Date.now();
const records = generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID });
const directory = generateDemoDirectory({ population: createDemoPopulation(), records, at: now, now });
const DIRECTORY_PATHS = new Set(['/v2/mgmt/user/search', '/v1/mgmt/accesskey/search', '/v1/mgmt/role/all']);

/** Figures the doctor must report, counted here from the directory the stand-in serves. */
function expected(d: StandInDirectory) {
  const rolesOf = (u: StandInDirectory['users'][number]) => [
    ...u.roleNames,
    ...u.userTenants.flatMap((t) => t.roleNames),
  ];
  const roles = new Set([
    ...d.users.flatMap(rolesOf),
    ...d.keys.flatMap((k) => [...k.roleNames, ...k.keyTenants.flatMap((t) => t.roleNames)]),
  ]);
  const people = d.users.filter((u) => !u.test);
  const tenantOnly = people.filter((u) => u.roleNames.length === 0 && rolesOf(u).length > 0);
  return {
    roles: roles.size,
    holders: people.filter((u) => rolesOf(u).length > 0).length,
    users: people.length,
    keys: d.keys.length,
    tenantOnly,
  };
}

let local: LocalEnvironment;
const extra: DescopeApiStandIn[] = [];

beforeAll(async () => {
  local = await startLocalEnvironment({ records, directory, rateLimit: { requests: 600, windowMs: 60_000 } });
});

afterAll(async () => {
  await Promise.allSettled([local?.close(), ...extra.map((s) => s.close())]);
});

/** Another Descope stand-in (same project and key) serving the demo directory, differently. */
async function descope(options: Partial<DescopeApiStandInOptions>) {
  const standIn = await createDescopeApiStandIn({
    projectId: LOCAL_PROJECT_ID,
    managementKey: LOCAL_MANAGEMENT_KEY,
    directory,
    ...options,
  });
  extra.push(standIn);
  return standIn;
}

async function doctor(overrides: Record<string, string> = {}) {
  const lines: string[] = [];
  const code = await runDoctorCli(
    { ...local.env, ...overrides },
    { print: (l) => lines.push(l), now: () => now },
  );
  return { code, lines, text: lines.join('\n') };
}

describe('npm run doctor: the directory the access review reads', () => {
  it('reports the directory rate, the requests and minutes a run needs for the role holders, and that the role filter reaches tenant roles', async () => {
    const want = expected(directory);
    expect(want.tenantOnly.length).toBeGreaterThan(0);
    const before = local.descope.requests.length;
    const { code, lines, text } = await doctor();
    expect(code).toBe(0);
    const sent = local.descope.requests.slice(before).filter((r) => DIRECTORY_PATHS.has(r.path));
    // Role list, one page of role holders, access keys, one page of every user: no more.
    expect(sent.map((r) => r.path)).toEqual([
      '/v1/mgmt/role/all',
      '/v2/mgmt/user/search',
      '/v1/mgmt/accesskey/search',
      '/v2/mgmt/user/search',
    ]);
    expect(lines).toContain(
      '✔ Directory rate: DESCOPE_DIRECTORY_RPM=100; 4 directory request(s) by this check, no 429',
    );
    expect(lines).toContain(
      `✔ A weekly run reads the holders of ${want.roles} role(s): ${want.holders} user(s), 3 requests (role list, 1 user page(s) of 100, access keys), within a minute at 100 a minute`,
    );
    expect(lines).toContain(`    ${want.keys} access key(s)`);
    expect(text).toMatch(
      /^✔ Tenant roles: the user search by role names returned user \S+, who holds "[^"]+" only in tenant \S+$/m,
    );
    const named = /returned user (\S+),/.exec(text)?.[1];
    expect(want.tenantOnly.map((u) => u.userId)).toContain(named);
  });

  it('turns the run figures into minutes at a lower DESCOPE_DIRECTORY_RPM, and stays within it', async () => {
    const { lines } = await doctor({ DESCOPE_DIRECTORY_RPM: '2' });
    // Two requests a minute: the doctor sends only two, so it never waits.
    expect(lines).toContain(
      '✔ Directory rate: DESCOPE_DIRECTORY_RPM=2; 2 directory request(s) by this check, no 429',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^✔ A weekly run reads the holders of \d+ role\(s\): \d+ user\(s\), 3 requests .* about 1 minute\(s\) at 2 a minute$/,
      ),
    );
    expect(lines).toContain('· Tenant roles: not checked (no page of every user was read)');
  });

  it('shows the 429s it met as a warning, with Retry-After and where the API refused, without waiting', async () => {
    // One request a minute per directory endpoint: the second user search is refused.
    const limited = await descope({ directoryRateLimit: { requests: 1, windowMs: 60_000 } });
    const { code, lines } = await doctor({ DESCOPE_BASE_URL: limited.url });
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^⚠ Directory rate: Descope answered 429 to this check's directory request 4 \(Retry-After \d+ s\)$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {4}3 answered within [\d.]+ s before it: the directory limit \(undocumented: .*\), or another client using it, refused request 4$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringContaining('DESCOPE_DIRECTORY_RPM=100 is above what was answered'),
    );
    // The refusal is the API's, not a failure of the run's requests: a warning, and the figures still come.
    expect(lines.some((l) => l.startsWith('✘ Directory'))).toBe(false);
    expect(lines).toContainEqual(expect.stringMatching(/^✔ A weekly run reads the holders of \d+ role\(s\)/));
    expect(limited.requests.filter((r) => r.path === '/v2/mgmt/user/search')).toHaveLength(2);
    expect(code).toBe(0);
  });

  it('warns when the role filter does not return users holding a role only in a tenant', async () => {
    const projectOnly = await descope({ quirks: { roleFilterSkipsTenantRoles: true } });
    const want = expected(directory);
    const { code, lines, text } = await doctor({ DESCOPE_BASE_URL: projectOnly.url });
    expect(text).toMatch(
      /^⚠ Tenant roles missed: the user search by role names did not return user \S+, who holds "[^"]+" only in tenant \S+$/m,
    );
    expect(lines).toContain(
      '    a weekly run reading role holders would leave holders of tenant roles out of the access review',
    );
    expect(lines).toContain(
      `    set ACCESS_REVIEW_DIRECTORY_READ=all (deploy key accessReviewDirectoryRead): every user: ${want.users} user(s), 2 requests (1 user page(s) of 100, access keys), within a minute at 100 a minute`,
    );
    expect(code).toBe(0);
    // With every user read, the filter no longer matters.
    const all = await doctor({ DESCOPE_BASE_URL: projectOnly.url, ACCESS_REVIEW_DIRECTORY_READ: 'all' });
    expect(all.text).not.toContain('Tenant roles missed');
    expect(all.lines).toContain(
      '· Tenant roles: read with every user (ACCESS_REVIEW_DIRECTORY_READ=all (deploy key accessReviewDirectoryRead)), whatever the role filter does',
    );
  });

  it('reads no directory when the access review is off', async () => {
    const before = local.descope.requests.length;
    const { lines } = await doctor({ ACCESS_REVIEW_ENABLED: 'false' });
    expect(lines).toContain('· Directory: not read by a weekly run (ACCESS_REVIEW_ENABLED=false)');
    expect(local.descope.requests.slice(before).filter((r) => DIRECTORY_PATHS.has(r.path))).toHaveLength(0);
  });
});
