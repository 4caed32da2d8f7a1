import DescopeClient from '@descope/node-sdk';
import type { DescopeApiStandIn } from '../../functions/local/descope-api/descope-api-stand-in.js';

export const PROJECT_ID = 'P2testProject';
export const MANAGEMENT_KEY = 'K2test-management-key';

/** The SDK's audit search options plus the fields its types lack but the API accepts. */
export type FullAuditSearchOptions = Parameters<
  ReturnType<typeof DescopeClient>['management']['audit']['searchAll']
>[0] & { size?: number; page?: number; oldestFirst?: boolean; actorIds?: string[] };

/** The real SDK pointed at the stand-in (never with a `logger`: it would print the key). */
export function sdkFor(standIn: DescopeApiStandIn, managementKey = MANAGEMENT_KEY) {
  return DescopeClient({ projectId: PROJECT_ID, managementKey, baseUrl: standIn.url });
}

/** `searchAll` with the untyped fields passed through, as the SDK spreads options into the body. */
export function searchAll(client: ReturnType<typeof sdkFor>, options: FullAuditSearchOptions) {
  return client.management.audit.searchAll(options);
}

/** A raw request, to see the wire format and status codes the SDK hides; `null` sends no auth. */
export async function callApi(
  standIn: DescopeApiStandIn,
  path: string,
  body?: unknown,
  authorization: string | null = `Bearer ${PROJECT_ID}:${MANAGEMENT_KEY}`,
) {
  const response = await fetch(`${standIn.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}
