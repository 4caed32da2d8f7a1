import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import type { RunWeeklyReportDeps, RunWeeklyReportInput } from '../run-weekly-report-contract.js';
import { addressReports } from './address-reports.js';
import { anchorSealedReport } from './anchor-report.js';
import { anchorThenDeliver } from './announce-sealed.js';
import { deliverChannels } from './deliver-channels.js';
import { deliverReports } from './deliver-reports.js';
import { rewriteFrontDoor } from './publish-front-door.js';
import type { StoredReportSet } from './store-report-set.js';

/**
 * After sealing: anchor the project manifest in Descope's audit trail, rewrite the front door, then
 * send each channel and email once.
 */
export async function publishSealedRun(
  input: RunWeeklyReportInput,
  deps: RunWeeklyReportDeps,
  catalog: ReportCatalog,
  stored: StoredReportSet,
) {
  const { projectId, period } = input;
  const { location } = stored;
  // Anchored as soon as it is sealed, whatever the emails do: a failing email (a tenant's) never
  // leaves a sealed report unanchored, and a failed anchor holds back no email.
  const addressed = addressReports(stored, location, input.recipients, catalog);
  const { anchor, delivered } = await anchorThenDeliver(
    () =>
      anchorSealedReport(
        deps.anchor,
        deps.store,
        { projectId, period: period.label, prefix: location.prefix, seal: stored.project.seal },
        input.now,
      ),
    async () => {
      const frontDoor = await rewriteFrontDoor(deps.frontDoor, deps.store, {
        projectId,
        tenantIds: stored.tenants.map((t) => t.tenantId),
        now: input.now,
      });
      // Channels never fail the run: each failure is an outcome (and a metric), the report stands.
      const channels = await deliverChannels({
        store: deps.store,
        channels: input.channels ?? [],
        transport: deps.channelTransport,
        now: input.now,
        resend: input.resend,
        project: addressed.project,
        tenants: addressed.tenants,
      });
      deps.events?.onChannels?.(channels);
      const emails = await deliverReports({
        store: deps.store,
        mailer: deps.mailer,
        now: input.now,
        resend: input.resend,
        sender: input.sender,
        dailyEmailWhenQuiet: input.dailyEmailWhenQuiet,
        ...addressed,
      });
      return { frontDoor, channels, emails };
    },
  );
  return { anchor, ...delivered };
}
