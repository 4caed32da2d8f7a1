import { createSeededRandom, type SeededRandom, seedFromText } from './seeded-random.js';

/** A demo tenant: Descope tenant ID and display name. */
export interface DemoTenant {
  id: string;
  name: string;
  domain: string;
}

/** A demo end user with stable habits, so week after week looks like the same population. */
export interface DemoUser {
  userId: string;
  loginId: string;
  displayName: string;
  country: string;
  device: string;
  method: string;
  addresses: string[];
  tenants: string[];
}

/** Who acts in the console or through the management API (role grants, impersonation, keys). */
export interface DemoPopulation {
  tenants: readonly DemoTenant[];
  users: readonly DemoUser[];
  admins: readonly string[];
}

/** The demo tenants (IDs shaped like Descope's `T2…`). */
export const DEMO_TENANTS: readonly DemoTenant[] = [
  { id: 'T2aQ8dJ0kLmN3pR5sT7vW9xY1z', name: 'Acme Corp', domain: 'acme.example' },
  { id: 'T2aB4cD6eF8gH0jK2mN4pQ6rS8', name: 'Globex Industries', domain: 'globex.example' },
  { id: 'T2aZ9yX7wV5uT3sR1qP9oN7mL5', name: 'Initech', domain: 'initech.example' },
  { id: 'T2aH3kM5nP7qR9tV1wX3yZ5bC7', name: 'Umbrella Health', domain: 'umbrella.example' },
];

/** Countries of ordinary traffic, most common first. */
// biome-ignore format: a table reads better
export const DEMO_COUNTRIES = [
  'US', 'GB', 'DE', 'IL', 'FR', 'IN', 'CA', 'NL', 'AU', 'ES',
  'IT', 'SE', 'PL', 'BR', 'JP', 'SG', 'MX', 'IE', 'CH', 'ZA',
] as const;

/** A login ID with markup, so the reports' escaping is visible in the demo. */
export const HOSTILE_LOGIN_ID = '<script>alert("owned")</script>@evil.test';

const FIRST = ['ava', 'ben', 'chloe', 'dan', 'eli', 'fatima', 'gil', 'hana', 'ivan', 'jia', 'kofi', 'lena'];
const LAST = ['adler', 'brown', 'cohen', 'diaz', 'evans', 'fischer', 'garcia', 'haddad', 'ito', 'jensen'];
const MIDDLE = ['', 'm', 'r', 'k'];
const DEVICES = [
  ['Desktop', 55],
  ['Mobile', 30],
  ['Tablet', 8],
  ['Unknown', 5],
  ['Bot', 2],
] as const;
const METHODS = [
  ['password', 30],
  ['oauth', 20],
  ['otp', 15],
  ['magiclink', 15],
  ['totp', 10],
  ['saml', 10],
] as const;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Picks from `[value, weight]` pairs. */
export function pickWeighted<T>(rng: SeededRandom, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng.next() * total;
  for (const [value, weight] of table) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return rng.pick(table)[0];
}

/** A Descope-shaped ID: prefix plus base62 characters. */
export function randomDescopeId(rng: SeededRandom, prefix: string, length = 28): string {
  let id = prefix;
  while (id.length < length) id += BASE62[rng.int(0, BASE62.length - 1)];
  return id;
}

/** An address in the documentation ranges (RFC 5737 / RFC 3849), never a real host. */
export function randomAddress(rng: SeededRandom): string {
  if (rng.chance(0.15))
    return `2001:db8:${rng.int(1, 0xffff).toString(16)}::${rng.int(1, 0xffff).toString(16)}`;
  return `${rng.pick(['192.0.2', '198.51.100', '203.0.113'])}.${rng.int(1, 254)}`;
}

/** The same population on every call: it is seeded by a constant, not by the clock. */
export function createDemoPopulation(): DemoPopulation {
  const rng = createSeededRandom(seedFromText('demo-population'));
  const countryWeights = DEMO_COUNTRIES.map((country, rank) => [country, 20 - rank] as const);
  const users: DemoUser[] = [];
  for (let n = 0; n < 320; n++) {
    const first = FIRST[n % FIRST.length] ?? 'user';
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length] ?? 'demo';
    const middle = MIDDLE[Math.floor(n / (FIRST.length * LAST.length))] ?? '';
    const tenants = rng.chance(0.2) ? [] : [rng.pick(DEMO_TENANTS).id];
    if (tenants.length > 0 && rng.chance(0.12)) tenants.push(rng.pick(DEMO_TENANTS).id);
    const uniqueTenants = [...new Set(tenants)];
    const domain = DEMO_TENANTS.find((t) => t.id === uniqueTenants[0])?.domain ?? 'mail.example';
    users.push({
      userId: randomDescopeId(rng, 'U2'),
      loginId: `${first}.${middle}${middle ? '.' : ''}${last}@${domain}`,
      displayName: `${cap(first)} ${middle ? `${middle.toUpperCase()}. ` : ''}${cap(last)}`,
      country: pickWeighted(rng, countryWeights),
      device: pickWeighted(rng, DEVICES),
      method: uniqueTenants.length > 0 ? pickWeighted(rng, METHODS) : pickWeighted(rng, METHODS.slice(0, 5)),
      addresses: Array.from({ length: rng.int(1, 2) }, () => randomAddress(rng)),
      tenants: uniqueTenants,
    });
  }
  const hostile = users[users.length - 1];
  if (hostile) hostile.loginId = HOSTILE_LOGIN_ID;
  return {
    tenants: DEMO_TENANTS,
    users,
    admins: ['ops.admin@acme.example', 'support.lead@acme.example', 'K2mgmtKeyReports0000000000'],
  };
}

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
