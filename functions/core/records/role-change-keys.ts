/** The `data.Change` keys role changes are read from, by kind and scope (by the SQL reader; the doctor names them). */
export const ROLE_CHANGE_KEYS = {
  added: { project: 'added_roles', tenant: 'added_multi_tenant_roles' },
  removed: { project: 'removed_roles', tenant: 'removed_multi_tenant_roles' },
} as const;

/** Every key read. */
export const READ_KEYS: ReadonlySet<string> = new Set(
  Object.values(ROLE_CHANGE_KEYS).flatMap((k) => [k.project, k.tenant]),
);

/** The keys read, for the report to state (`added_roles`, `added_multi_tenant_roles`, …). */
export const READ_ROLE_CHANGE_KEYS: readonly string[] = [...READ_KEYS];
