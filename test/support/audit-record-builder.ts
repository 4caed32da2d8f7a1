import type { AuditRecord } from '../../functions/core/records/audit-record.js';

let sequence = 0;

/** A valid audit record with sensible defaults; override what the test is about. */
export function auditRecord(overrides: Partial<AuditRecord> = {}): AuditRecord {
  sequence += 1;
  return {
    id: `rec-${sequence}`,
    projectId: 'P2demo0000000000000000000000',
    userId: `U${sequence}`,
    action: 'LoginFailed',
    occurred: Date.UTC(2026, 10, 17, 12, 0, 0),
    device: 'Desktop',
    method: 'password',
    geo: 'US',
    remoteAddress: '203.0.113.10',
    loginIds: [`user${sequence}@example.com`],
    tenants: [],
    data: {},
    type: 'warn',
    actorId: '',
    ...overrides,
  };
}
