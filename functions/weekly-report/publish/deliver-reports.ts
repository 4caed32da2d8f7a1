import type { Mailer } from '../../adapters/mailer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { isReportComplete, type ReportData, type ReportLocation } from '../../core/report/report-model.js';
import { buildDayDigestView } from '../../core/view/day-digest-view.js';
import { renderDayDigest } from '../../core/view/render-day-digest.js';
import { renderEmail } from '../../core/view/render-templates.js';
import { buildReportView } from '../../core/view/report-view.js';
import { describeError } from '../../shared/errors.js';
import { type DeliveryOutcome, deliverOnce } from './deliver-once.js';

export interface TenantDelivery {
  tenantId: string;
  prefix: string;
  complete: boolean;
  email: DeliveryOutcome;
}

interface Addressed {
  data: ReportData;
  location: ReportLocation;
  recipients: string[];
}

export interface DeliverReportsInput {
  store: ReportStore;
  /** Absent in a dry run: nothing is sent. */
  mailer?: Mailer;
  now: number;
  resend: boolean;
  sender: string;
  project: Addressed;
  tenants: Array<Addressed & { tenantId: string }>;
  /** A day's report is mailed only when it has new findings, unless this is set. @default false */
  dailyEmailWhenQuiet?: boolean;
}

/**
 * Sends the project email, then each tenant's email to that tenant's own recipients (tenants
 * without recipients get none). Each is guarded by its own `delivery.json`, so a retry sends only
 * what did not go out. A failing tenant email does not stop the others; the first failure is
 * rethrown once all were tried.
 */
export async function deliverReports(
  input: DeliverReportsInput,
): Promise<{ project: DeliveryOutcome; tenants: TenantDelivery[] }> {
  const send = (report: Addressed): Promise<DeliveryOutcome> => {
    if (!input.mailer) return Promise.resolve({ status: 'not-sent', reason: 'dry run' });
    if (report.recipients.length === 0) {
      return Promise.resolve({ status: 'not-sent', reason: 'no recipients configured' });
    }
    // Daily review: a day without a new finding is stored and signed, but mails nobody.
    const quietDay = report.data.period.kind === 'day' && (report.data.changes?.new.length ?? 0) === 0;
    if (quietDay && !input.dailyEmailWhenQuiet) {
      return Promise.resolve({ status: 'not-sent', reason: 'no new findings this day' });
    }
    return deliverOnce({
      store: input.store,
      mailer: input.mailer,
      key: `${report.location.prefix}delivery.json`,
      resend: input.resend,
      now: input.now,
      message: {
        from: input.sender,
        to: report.recipients,
        // A day mails the digest of its new findings; the day's report holds the rest.
        ...(report.data.period.kind === 'day'
          ? renderDayDigest(buildDayDigestView(report.data, report.location))
          : renderEmail(buildReportView(report.data, report.location))),
      },
    });
  };
  const project = await send(input.project);
  const tenants: TenantDelivery[] = [];
  let failure: unknown;
  for (const tenant of input.tenants) {
    const base = {
      tenantId: tenant.tenantId,
      prefix: tenant.location.prefix,
      complete: isReportComplete(tenant.data),
    };
    try {
      tenants.push({ ...base, email: await send(tenant) });
    } catch (error) {
      failure ??= error;
      tenants.push({
        ...base,
        email: { status: 'not-sent', reason: describeError(error) },
      });
    }
  }
  if (failure !== undefined) throw failure;
  return { project, tenants };
}
