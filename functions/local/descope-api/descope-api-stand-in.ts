import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { apiError, ERROR_CODES } from './api-answer.js';
import { type AuditRecordStore, createAuditRecordStore } from './audit-record-store.js';
import type { StandInDirectory } from './directory-search-handler.js';
import { createFaultPlan, type FaultKind, type RandomFaults } from './fault-plan.js';
import { sendJson } from './http-exchange.js';
import type { RequestLogEntry } from './request-log.js';
import type { SearchQuirks } from './search-quirks.js';
import { createSessionKeys, type SessionClaims, type SessionKeys } from './session-keys.js';
import { createSessionRoutes } from './session-routes.js';
import { createSlidingWindowRateLimiter, type RateLimit } from './sliding-window-rate-limiter.js';
import { createStandInRequestHandler } from './stand-in-request-handler.js';

/** Options of {@link createDescopeApiStandIn}. */
export interface DescopeApiStandInOptions {
  projectId: string;
  managementKey: string;
  /** Records served by the searches. @default [] */
  records?: readonly AuditRecord[];
  /** Server clock (epoch ms) for the retention bounds and defaults. @default Date.now */
  now?: () => number;
  /** Port on 127.0.0.1. @default 0 (any free port) */
  port?: number;
  /** Per endpoint (audit search, analytics search), sliding window. @default 10 per 60000 ms */
  rateLimit?: RateLimit;
  /** Deepest `(page + 1) * size` an audit search may reach. @default 10000 */
  maxResultWindow?: number;
  /** Random faults on admitted search requests. @default none */
  faults?: RandomFaults;
  /** Audit search retention in days. @default 30 */
  retentionDays?: number;
  /** Departures from the documented search behaviour (capped `total`, short pages, no `ID`…). @default none */
  quirks?: SearchQuirks;
  /** Users and access keys served by the user and access-key searches. @default none */
  directory?: StandInDirectory;
  /**
   * Per directory endpoint (user search; access keys, roles, role removal), sliding window.
   * @default Descope's documented limits: user search 200, the others 100 per 60000 ms
   */
  directoryRateLimit?: RateLimit;
  /** Lifetime of the session tokens the sign-in issues, in seconds. @default 600 */
  sessionTtlSeconds?: number;
}

/** Documented limits of the directory searches: user search 200/min per project; others 100/min. */
const USER_SEARCH_LIMIT = { requests: 200, windowMs: 60_000 };
const MANAGEMENT_LIMIT = { requests: 100, windowMs: 60_000 };

/** A running stand-in of Descope's management audit API. */
export interface DescopeApiStandIn {
  /** Base URL to hand the SDK as `baseUrl`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every request received, in arrival order (live). */
  readonly requests: readonly RequestLogEntry[];
  /** The indexed records being served. */
  readonly store: AuditRecordStore;
  /** Replaces the served records (re-indexes them); events created through the API stay. */
  setRecords(records: readonly AuditRecord[]): void;
  /** Replaces the served users and access keys. */
  setDirectory(directory: StandInDirectory): void;
  /** Fails the next admitted search requests, one fault each, in order. */
  injectFaults(kinds: readonly FaultKind[]): void;
  /** Custom events created through `POST /v1/mgmt/audit/event` (also served by the searches). */
  readonly createdEvents: readonly AuditRecord[];
  /** The users and keys served now (a role removal through the management API changes them). */
  readonly directory: StandInDirectory;
  /** The project's session signing key (`GET /v2/keys/<projectId>`); tests mint tokens with it. */
  readonly session: { keys: SessionKeys; issuer: string; sign(claims: Omit<SessionClaims, 'iss'>): string };
  /** Empties the request log. */
  clearRequests(): void;
  /** Stops listening and destroys every connection, hung ones included. */
  close(): Promise<void>;
}

/**
 * Starts the stand-in on 127.0.0.1 and resolves once it listens. Requests are handled as
 * {@link createStandInRequestHandler} describes: 404, 401, 429 (no slot used), then a fault if one is
 * due (the request has used a slot), then the answer.
 */
export async function createDescopeApiStandIn(options: DescopeApiStandInOptions): Promise<DescopeApiStandIn> {
  const rateLimit = options.rateLimit ?? { requests: 10, windowMs: 60_000 };
  const faults = createFaultPlan(options.faults);
  const requests: RequestLogEntry[] = [];
  let records: readonly AuditRecord[] = options.records ?? [];
  let store = createAuditRecordStore(records);
  const createdEvents: AuditRecord[] = [];
  let directory: StandInDirectory = options.directory ?? { users: [], keys: [] };
  const handle = createStandInRequestHandler({
    projectId: options.projectId,
    managementKey: options.managementKey,
    now: options.now ?? Date.now,
    retentionDays: options.retentionDays ?? 30,
    maxResultWindow: options.maxResultWindow ?? 10_000,
    quirks: options.quirks ?? {},
    store: () => store,
    directory: () => directory,
    limiters: {
      audit: createSlidingWindowRateLimiter(rateLimit),
      analytics: createSlidingWindowRateLimiter(rateLimit),
      users: createSlidingWindowRateLimiter(options.directoryRateLimit ?? USER_SEARCH_LIMIT),
      accessKeys: createSlidingWindowRateLimiter(options.directoryRateLimit ?? MANAGEMENT_LIMIT),
      roles: createSlidingWindowRateLimiter(options.directoryRateLimit ?? MANAGEMENT_LIMIT),
      removeRole: createSlidingWindowRateLimiter(options.directoryRateLimit ?? MANAGEMENT_LIMIT),
    },
    faults,
    requests,
    createdEvents,
    // Created events are rare (one per report): re-indexing keeps the store's one sorted index.
    addRecord: (record) => {
      records = [...records, record];
      store = createAuditRecordStore(records);
    },
    setDirectory: (next) => {
      directory = next;
    },
  });
  const sessionKeys = createSessionKeys();
  let url = '';
  const sessionRoutes = createSessionRoutes({
    projectId: options.projectId,
    keys: sessionKeys,
    url: () => url,
    directory: () => directory,
    sessionTtlSeconds: () => options.sessionTtlSeconds ?? 600,
  });

  const server = createServer((request, response) => {
    const answer = async () => {
      if (!(await sessionRoutes(request, response))) await handle(request, response);
    };
    answer().catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      sendJson(response, apiError(500, ERROR_CODES.internal, 'Internal error', String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    get directory() {
      return directory;
    },
    session: {
      keys: sessionKeys,
      issuer: `${url}/${options.projectId}`,
      sign: (claims) =>
        sessionKeys.signToken({ ...claims, iss: `${url}/${options.projectId}` } as SessionClaims),
    },
    requests,
    get store() {
      return store;
    },
    createdEvents,
    setRecords(replacement) {
      records = [...replacement, ...createdEvents];
      store = createAuditRecordStore(records);
    },
    setDirectory(next) {
      directory = next;
    },
    injectFaults: (kinds) => faults.enqueue(kinds),
    clearRequests: () => void requests.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Ends keep-alive and hung (`hang` fault) connections, so tests and processes can exit.
        server.closeAllConnections();
      }),
  };
}
