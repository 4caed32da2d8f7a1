import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createDescopeSdkDirectoryApi } from '../../adapters/descope-sdk-directory-api.js';
import { createReliableDirectory } from '../../adapters/directory-source.js';
import { collectDirectory } from '../../weekly-report/access-review/collect-directory.js';
import { createDescopeApiStandIn } from '../descope-api/descope-api-stand-in.js';
import type { WireUser } from '../descope-api/directory-search-handler.js';

/*
 * Reading the directory for the access review at 10k, 100k and 1M users of whom 1% hold a role:
 * the job's own reader (`collectDirectory`) through the `@descope/node-sdk` adapter against the
 * Descope stand-in over HTTP, once reading only role holders (the user search filtered by the role
 * list's names) and once reading every user. Requests are counted at the reader's limiter; the
 * time a deployment waits is modelled from them at the directory limiter's default (100 a
 * minute) and at the audit search's 10 a minute (every user read through the audit limiter, as
 * before the directory had its own). The stand-in's own limits are lifted so nothing waits here.
 *   node .build/run-directory-read.mjs --sizes 10000,100000,1000000 --all-up-to 100000
 */

const NO_ROLES: string[] = [];
const NO_TENANTS: WireUser['userTenants'] = [];
const NO_OAUTH = {};

/** `n` users, IDs in search order; every hundredth holds a role (alternately project and tenant). */
function directoryOf(n: number): WireUser[] {
  const users: WireUser[] = new Array(n);
  for (let i = 0; i < n; i += 1) {
    const holder = i % 100 === 0;
    const tenantRole = holder && (i / 100) % 2 === 1;
    users[i] = {
      userId: `U${String(i).padStart(9, '0')}`,
      loginIds: [`user-${i}@bench.example`],
      name: '',
      email: `user-${i}@bench.example`,
      status: 'enabled',
      createdTime: 1_700_000_000,
      roleNames: holder && !tenantRole ? ['admin'] : NO_ROLES,
      userTenants: tenantRole
        ? [{ tenantId: 'T2Bench', tenantName: 'Bench', roleNames: ['Tenant Admin'] }]
        : NO_TENANTS,
      TOTP: false,
      SAML: false,
      webauthn: true,
      password: false,
      OAuth: NO_OAUTH,
      test: false,
    };
  }
  return users;
}

interface Figure {
  users: number;
  read: 'role-holders' | 'all';
  requests: number;
  usersRead: number;
  holders: number;
  complete: boolean;
  notes: string[];
  wallMs: number;
}

async function measure(users: number, read: Figure['read']): Promise<Figure> {
  const directory = { users: directoryOf(users), keys: [] };
  const unlimited = { requests: 1_000_000_000, windowMs: 60_000 };
  const standIn = await createDescopeApiStandIn({
    projectId: 'P2BenchDirectory000000000000',
    managementKey: 'K2-bench',
    directory,
    rateLimit: unlimited,
    directoryRateLimit: unlimited,
  });
  let requests = 0;
  const counting = {
    run<T>(call: () => Promise<T>): Promise<T> {
      requests += 1;
      return call();
    },
  };
  try {
    const api = createDescopeSdkDirectoryApi({
      projectId: 'P2BenchDirectory000000000000',
      managementKey: 'K2-bench',
      baseUrl: standIn.url,
      timeoutMs: 120_000,
    });
    const started = performance.now();
    const result = await collectDirectory(createReliableDirectory(api, counting), { read });
    return {
      users,
      read,
      requests,
      usersRead: result.coverage.usersRead,
      holders: result.users.length,
      complete: result.coverage.complete,
      notes: result.coverage.notes,
      wallMs: performance.now() - started,
    };
  } finally {
    await standIn.close();
  }
}

const minutes = (requests: number, perMinute: number) => {
  const m = requests / perMinute;
  return m < 1 ? `${Math.round(m * 60)} s` : m < 120 ? `${m.toFixed(1)} min` : `${(m / 60).toFixed(1)} h`;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: 'string' }, 'all-up-to': { type: 'string' } },
  });
  const sizes = (values.sizes ?? '10000,100000,1000000').split(',').map(Number);
  const allUpTo = Number(values['all-up-to'] ?? 100_000);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(
    '| Users | Read | Requests | Users read | Role holders kept | Complete | At 100/min | At 10/min | Here |',
  );
  print('|---:|---|---:|---:|---:|---|---:|---:|---:|');
  for (const size of sizes) {
    for (const read of ['role-holders', 'all'] as const) {
      if (read === 'all' && size > allUpTo) continue;
      const f = await measure(size, read);
      const complete = f.complete ? 'yes' : `no: ${f.notes.join('; ')}`;
      print(
        `| ${f.users.toLocaleString('en')} | ${read} | ${f.requests.toLocaleString('en')} | ${f.usersRead.toLocaleString('en')} | ${f.holders.toLocaleString('en')} | ${complete} | ${minutes(f.requests, 100)} | ${minutes(f.requests, 10)} | ${(f.wallMs / 1000).toFixed(1)} s |`,
      );
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
