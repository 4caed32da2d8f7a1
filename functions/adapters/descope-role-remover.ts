import type { CampaignItem } from '../core/access/campaign.js';
import { createDescopeManagementClient, type DescopeConnection } from './descope-management-client.js';
import { type SdkError, sdkApiError, sdkTransportError } from './descope-timed-fetch.js';

/** Port: removes one role held (the `remediation: "apply"` setting). */
export interface RoleRemover {
  /** Removes the item's role; `false` when this kind of principal cannot be changed this way. */
  removeRole(item: CampaignItem): Promise<boolean>;
}

/**
 * `management.user.removeRoles` (project-wide) or `removeTenantRoles` (in the item's tenant), by
 * user ID, under the given limiter. Access keys are not changed (their roles are replaced as a
 * whole by `accessKey.update`, which could drop roles nobody decided on): those stay for a person.
 */
export function createDescopeRoleRemover(
  connection: DescopeConnection,
  limiter: { run<T>(call: () => Promise<T>): Promise<T> },
): RoleRemover {
  const client = createDescopeManagementClient(connection, 'role removal');
  return {
    async removeRole(item) {
      if (item.principal.kind !== 'user') return false;
      await limiter.run(async () => {
        let answer: { ok: boolean; code?: number; error?: unknown };
        try {
          answer = item.tenantId
            ? await client.management.user.removeTenantRoles(item.principal.id, item.tenantId, [item.role])
            : await client.management.user.removeRoles(item.principal.id, [item.role]);
        } catch (error) {
          throw sdkTransportError('role removal', error);
        }
        if (!answer.ok) throw sdkApiError('role removal', answer.code, answer.error as SdkError | undefined);
      });
      return true;
    },
  };
}
