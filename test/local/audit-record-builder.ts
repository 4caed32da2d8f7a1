import type { AuditRecord } from '../../functions/core/audit-record.js';

/** A plain `LoginFailed` record; override what a test cares about. */
export function buildAuditRecord(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: 'rec-0',
    projectId: 'P2testProject',
    userId: 'U2user',
    action: 'LoginFailed',
    occurred: Date.UTC(2026, 0, 14, 12),
    device: 'Desktop',
    method: 'password',
    geo: 'US',
    remoteAddress: '192.0.2.1',
    loginIds: ['user@example.com'],
    tenants: [],
    data: { error_message: 'Invalid password' },
    type: 'warn',
    actorId: 'user@example.com',
    ...overrides,
  };
}
