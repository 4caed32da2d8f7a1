import { DescopeAuditError } from '../shared/errors.js';
import { createDescopeManagementClient, type DescopeConnection } from './descope-management-client.js';
import { type SdkError, sdkApiError, sdkTransportError } from './descope-timed-fetch.js';
import { toDirectoryKey, toDirectoryUser } from './directory-record-schema.js';
import type { DirectorySource, KeyList, UserPage } from './directory-source.js';

export interface DescopeSdkDirectoryOptions extends DescopeConnection {
  /**
   * Sees each answer's status and headers (never its body), e.g. for the doctor to show rate-limit
   * headers the SDK does not pass on.
   */
  onResponse?: (status: number, headers: Headers) => void;
}

type Answer = { ok: boolean; code?: number; data?: unknown; error?: unknown };

function unwrap(operation: string, answer: Answer): unknown {
  if (!answer.ok) throw sdkApiError(operation, answer.code, answer.error as SdkError | undefined);
  return answer.data;
}

async function call(operation: string, request: () => Promise<Answer>): Promise<unknown> {
  let answer: Answer;
  try {
    answer = await request();
  } catch (error) {
    throw sdkTransportError(operation, error);
  }
  return unwrap(operation, answer);
}

/**
 * Descope's user search (`management.user.search`, `POST /v2/mgmt/user/search`, zero-based `page`
 * and `limit`) and access-key search (`management.accessKey.searchAll`, `POST
 * /v1/mgmt/accesskey/search`, no paging). Like the audit adapter: no SDK logger (it prints the
 * management key), a custom `fetch` for the timeout, never the raw response in errors or logs.
 * Test users are left out (`withTestUser` false): they are not people holding access.
 */
export function createDescopeSdkDirectoryApi(options: DescopeSdkDirectoryOptions): DirectorySource {
  const { onResponse } = options;
  const client = createDescopeManagementClient(options, 'directory search', (timed) =>
    onResponse
      ? async (input, init) => {
          const response = await timed(input, init);
          onResponse(response.status, response.headers);
          return response;
        }
      : timed,
  );
  return {
    async searchUsers(page: number, limit: number, roleNames?: readonly string[]): Promise<UserPage> {
      // The SDK sends `roles` as the wire's `roleNames`.
      const filter = roleNames ? { roles: [...roleNames] } : {};
      const data = await call('user search', () => client.management.user.search({ page, limit, ...filter }));
      const body = data as { users?: unknown; total?: unknown } | undefined;
      if (!Array.isArray(body?.users)) {
        throw new DescopeAuditError('Descope user search answered without a users list', { retryable: true });
      }
      const users = body.users.map(toDirectoryUser).filter((u) => u !== undefined);
      const total = typeof body.total === 'number' && Number.isInteger(body.total) ? body.total : undefined;
      return {
        users,
        received: body.users.length,
        malformed: body.users.length - users.length,
        ...(total !== undefined ? { total } : {}),
      };
    },
    async listRoleNames(): Promise<string[]> {
      const data = await call('role list', () => client.management.role.loadAll());
      if (!Array.isArray(data))
        throw new DescopeAuditError('Descope role list answered without roles', { retryable: true });
      const names = data
        .map((r) => (r as { name?: unknown }).name)
        .filter((n): n is string => typeof n === 'string' && n.length > 0);
      return [...new Set(names)].sort();
    },
    async searchAccessKeys(): Promise<KeyList> {
      const data = await call('access-key search', () => client.management.accessKey.searchAll());
      if (!Array.isArray(data)) {
        throw new DescopeAuditError('Descope access-key search answered without a keys list', {
          retryable: true,
        });
      }
      const keys = data.map(toDirectoryKey).filter((k) => k !== undefined);
      return { keys, malformed: data.length - keys.length };
    },
  };
}
