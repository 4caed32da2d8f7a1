import type { DirectoryRead } from '../../core/access/build-access-snapshot.js';
import type { CampaignItem } from '../../core/access/campaign.js';

const roleKey = (tenantId: string, role: string) => JSON.stringify([tenantId, role.trim().toLowerCase()]);

/**
 * Whether an item's role is held now, from this run's directory read: `true` when the principal
 * holds it; `false` when it does not and the read was complete; `undefined` when the read was
 * incomplete and the principal or role was not seen (it may be on a page that failed).
 */
export function holdingsOf(
  directory: DirectoryRead | undefined,
): (item: CampaignItem) => boolean | undefined {
  const held = new Map<string, Set<string>>();
  for (const u of directory?.users ?? [])
    held.set(`user:${u.userId}`, new Set(u.roles.map((r) => roleKey(r.tenantId, r.role))));
  for (const k of directory?.keys ?? [])
    held.set(`key:${k.id}`, new Set(k.roles.map((r) => roleKey(r.tenantId, r.role))));
  const complete = directory?.coverage.complete === true;
  return (item) => {
    const roles = held.get(`${item.principal.kind}:${item.principal.id}`);
    if (roles?.has(roleKey(item.tenantId, item.role))) return true;
    return complete ? false : undefined;
  };
}
