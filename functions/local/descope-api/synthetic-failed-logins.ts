import type { AuditRecord, TimeWindow } from '../../core/records/audit-record.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';

/** Options of {@link generateSyntheticFailedLogins}. */
export interface SyntheticFailedLoginsOptions {
  count: number;
  /** Records fall in `[from, to)`, epoch ms. */
  window: TimeWindow;
  seed: number;
  /** @default 'P2synthetic' */
  projectId?: string;
  /** Share of the records in a one-hour burst from {@link SYNTHETIC_BURST_GEO}. @default 0.1 */
  burstShare?: number;
  /**
   * Credential stuffing at its worst: every record with a login ID and an address of its own (the
   * cardinality an attacker chooses) and no known user. @default false
   */
  distinct?: boolean;
  /** Every record in a tenant of its own (`tenant-<n>`): the most tenants a week can name. @default false */
  tenantPerRecord?: boolean;
}

/** Country of the burst; it never appears in the background traffic. */
export const SYNTHETIC_BURST_GEO = 'KZ';

const GEOS = ['US', 'GB', 'DE', 'FR', 'IL', 'IN', 'CA', 'AU', 'NL', 'ES', 'BR', 'JP', 'SG', 'MX', 'PL'];
const DEVICES = ['Desktop', 'Mobile', 'Tablet', 'Bot', 'Unknown'];
const METHODS = ['password', 'otp', 'totp', 'magiclink', 'oauth', 'saml'];
// Shared and frozen: a million identical data objects would cost memory for nothing.
const DATA = ['Invalid password', 'Wrong OTP code', 'User not found', 'Magic link expired'].map((message) =>
  Object.freeze({ error_message: message }),
);
const BURST_DATA = Object.freeze({ error_message: 'Invalid credentials' });

/**
 * Bulk `LoginFailed` records for tests and the benchmark, oldest first, IDs `syn-<seed>-<n>` in time
 * order. Strings come from small pools so 1M records stay compact (about 300 bytes each).
 */
export function generateSyntheticFailedLogins(options: SyntheticFailedLoginsOptions): AuditRecord[] {
  return Array.from(syntheticFailedLogins(options));
}

/**
 * The records of {@link generateSyntheticFailedLogins}, the same ones in the same order, made one
 * at a time: 10M records held at once are 3.4 GB of heap, and a process collecting such a heap
 * stalls for seconds at a time (the stream benchmark's seeding did, with its S3 stand-in in it).
 */
export function* syntheticFailedLogins(options: SyntheticFailedLoginsOptions): Generator<AuditRecord> {
  const rng = createSeededRandom(options.seed);
  const { from, to } = options.window;
  const burstCount = Math.round(options.count * (options.burstShare ?? 0.1));
  const burstStart = from + Math.floor(rng.next() * Math.max(0, to - from - 3_600_000));
  const background = sortedTimes(rng, options.count - burstCount, from, to);
  const burst = sortedTimes(rng, burstCount, burstStart, Math.min(to, burstStart + 3_600_000));

  const users = Array.from({ length: 5000 }, (_, n) => ({
    userId: `U2syn${n.toString(36).padStart(5, '0')}`,
    loginId: `user${n}@example.com`,
    address: `203.0.113.${n % 256}`,
  }));
  const burstAddresses = ['198.51.100.7', '198.51.100.8', '198.51.100.9'];
  const projectId = options.projectId ?? 'P2synthetic';
  const width = Math.max(7, String(options.count).length);

  let b = 0;
  let g = 0;
  for (let i = 0; i < options.count; i++) {
    const fromBurst = b < burst.length && (g >= background.length || (burst[b] ?? 0) < (background[g] ?? 0));
    const occurred = fromBurst ? (burst[b++] ?? 0) : (background[g++] ?? 0);
    const user = rng.pick(users);
    yield {
      id: `syn-${options.seed}-${String(i).padStart(width, '0')}`,
      projectId,
      userId: fromBurst || options.distinct ? '' : user.userId,
      action: 'LoginFailed',
      occurred,
      device: fromBurst ? 'Bot' : rng.pick(DEVICES),
      method: fromBurst ? 'password' : rng.pick(METHODS),
      geo: fromBurst ? SYNTHETIC_BURST_GEO : rng.pick(GEOS),
      remoteAddress: options.distinct
        ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/${i >> 24}`
        : fromBurst
          ? rng.pick(burstAddresses)
          : user.address,
      loginIds: [options.distinct ? `victim-${i}@example.com` : user.loginId],
      tenants: options.tenantPerRecord ? [`tenant-${i}`] : [],
      data: fromBurst ? BURST_DATA : rng.pick(DATA),
      type: 'warn',
      actorId: options.distinct ? `victim-${i}@example.com` : user.loginId,
    };
  }
}

/** `count` whole-millisecond times in `[from, to)`, ascending. */
function sortedTimes(rng: SeededRandom, count: number, from: number, to: number): Float64Array {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = from + Math.floor(rng.next() * (to - from));
  return times.sort();
}
