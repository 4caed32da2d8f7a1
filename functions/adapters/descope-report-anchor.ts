import { type DescopeAuditError, ReportAnchorError } from '../shared/errors.js';
import type { AuditSearchApi } from './audit-search-api.js';
import { createDescopeManagementClient, type DescopeConnection } from './descope-management-client.js';
import { type SdkError, sdkApiError, sdkTransportError } from './descope-timed-fetch.js';
import { ANCHOR_ACTION, type FoundAnchor, type ReportAnchor } from './report-anchor.js';

export interface DescopeReportAnchorOptions extends DescopeConnection {
  /** The run's audit search (its limiter and retries), used to find earlier anchors. */
  search: AuditSearchApi;
  /**
   * Tenant the event is filed under: the SDK's `createEvent` requires a `tenantId`. Absent: the
   * adapter can find anchors but not write them.
   */
  tenantId?: string;
}

const PAGE_SIZE = 1000;
const ACTOR = 'descope-audit-reporter';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Reads an anchor from a record's `data`; anything not shaped like ours is not an anchor. */
function toAnchor(data: Record<string, unknown>, occurred: number): FoundAnchor | undefined {
  const fields = {
    projectId: text(data.projectId),
    period: text(data.period),
    manifestKey: text(data.manifestKey),
    manifestSha256: text(data.manifestSha256),
  };
  if (Object.values(fields).some((v) => v === undefined)) return undefined;
  return {
    projectId: fields.projectId ?? '',
    period: fields.period ?? '',
    manifestKey: fields.manifestKey ?? '',
    manifestSha256: fields.manifestSha256 ?? '',
    keyFingerprint: text(data.keyFingerprint) ?? null,
    occurred,
  };
}

/**
 * Anchors through the Descope management API: `management.audit.createEvent` (POST
 * /v1/mgmt/audit/event) writes a `ComplianceReportSealed` event with the manifest's key and hash in
 * `data`; finding one is an audit search for that action. The SDK gets no logger.
 */
export function createDescopeReportAnchor(options: DescopeReportAnchorOptions): ReportAnchor {
  const client = createDescopeManagementClient(options, 'audit event');
  return {
    async find(manifestKey, window) {
      const found: FoundAnchor[] = [];
      for (let page = 0; ; page++) {
        const answer = await options.search
          .search({
            filter: { actions: [ANCHOR_ACTION] },
            from: window.from,
            to: window.to,
            page,
            size: PAGE_SIZE,
          })
          .catch((error: unknown) => {
            throw new ReportAnchorError(`Could not search Descope's audit trail for the report's anchor`, {
              cause: error,
            });
          });
        for (const record of answer.records) {
          const anchor = record.action === ANCHOR_ACTION ? toAnchor(record.data, record.occurred) : undefined;
          if (anchor?.manifestKey === manifestKey) found.push(anchor);
        }
        if (answer.records.length < PAGE_SIZE || (page + 1) * PAGE_SIZE >= answer.total) return found;
      }
    },
    async write(event) {
      if (!options.tenantId) throw new ReportAnchorError('No tenant to file the anchor event under');
      let answer: { ok: boolean; code?: number; error?: SdkError };
      try {
        answer = (await client.management.audit.createEvent({
          action: ANCHOR_ACTION,
          type: 'info',
          actorId: ACTOR,
          tenantId: options.tenantId,
          data: { ...event },
        })) as typeof answer;
      } catch (error) {
        throw new ReportAnchorError("Could not write the anchor to Descope's audit trail", {
          cause: sdkTransportError('audit event', error),
        });
      }
      if (!answer.ok) {
        const cause: DescopeAuditError = sdkApiError('audit event', answer.code, answer.error);
        throw new ReportAnchorError(`Descope refused the anchor event: ${cause.message}`, { cause });
      }
    },
  };
}
