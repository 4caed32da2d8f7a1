/**
 * Tenant IDs come from audit records (attacker-influenced) and become S3 key segments
 * (`tenants/<tenantId>/`). Only IDs made of these characters get a folder; anything else (dots,
 * slashes, spaces, non-ASCII) is refused rather than encoded, so a key can never climb out of its
 * prefix or collide with another tenant's.
 */
const SAFE_TENANT_ID = /^[A-Za-z0-9_-]{1,128}$/;

export const isSafeTenantId = (id: string): boolean => SAFE_TENANT_ID.test(id);

export const TENANT_ID_RULE = 'letters, digits, "_" and "-" only, at most 128 characters';
