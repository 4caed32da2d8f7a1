import DescopeClient from '@descope/node-sdk';
import { createTimedFetch } from './descope-timed-fetch.js';

/** How every Descope adapter reaches the management API. */
export interface DescopeConnection {
  projectId: string;
  managementKey: string;
  /** Regional host or custom domain. @default the SDK's (derived from the project ID) */
  baseUrl?: string;
  /** Whole-request timeout, body included. */
  timeoutMs: number;
}

/**
 * The SDK client each Descope adapter uses. It gets no logger (the SDK would print the management
 * key) and a timed `fetch` (see `createTimedFetch`), optionally wrapped by the adapter.
 */
export function createDescopeManagementClient(
  connection: DescopeConnection,
  operation: string,
  wrapFetch: (timed: typeof fetch) => typeof fetch = (timed) => timed,
) {
  return DescopeClient({
    projectId: connection.projectId,
    managementKey: connection.managementKey,
    ...(connection.baseUrl ? { baseUrl: connection.baseUrl } : {}),
    fetch: wrapFetch(createTimedFetch(connection.timeoutMs, operation)),
  });
}
