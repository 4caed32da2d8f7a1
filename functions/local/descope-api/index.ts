export type { WireAnalyticRecord } from './analytics-search-handler.js';
export type { ApiErrorBody } from './api-answer.js';
export { ERROR_CODES } from './api-answer.js';
export type { AuditRecordStore, StoredRecord } from './audit-record-store.js';
export { MAX_AUDIT_PAGE_SIZE } from './audit-search-handler.js';
export type { DemoAuditDataOptions } from './demo-audit-data.js';
export {
  DEMO_WEEKS_BEFORE,
  demoBurstCountry,
  generateDemoAuditData,
  generateDemoWeek,
} from './demo-audit-data.js';
export { DEMO_CUSTOM_ACTION } from './demo-platform-events.js';
export type { DemoTenant } from './demo-population.js';
export { DEMO_TENANTS, HOSTILE_LOGIN_ID } from './demo-population.js';
export { HOSTILE_ROLE } from './demo-user-admin-events.js';
export { HOSTILE_USER_AGENT } from './demo-week.js';
export type { DescopeApiStandIn, DescopeApiStandInOptions } from './descope-api-stand-in.js';
export { createDescopeApiStandIn } from './descope-api-stand-in.js';
export type { FaultKind, RandomFaults } from './fault-plan.js';
export { FAULT_KINDS } from './fault-plan.js';
export type { RequestLogEntry } from './request-log.js';
export type { SearchQuirks } from './search-quirks.js';
export type { RateLimit } from './sliding-window-rate-limiter.js';
export type { SyntheticFailedLoginsOptions } from './synthetic-failed-logins.js';
export { generateSyntheticFailedLogins, SYNTHETIC_BURST_GEO } from './synthetic-failed-logins.js';
export type { WireAuditRecord } from './wire-audit-record.js';
