import type { Mailer } from '../../adapters/mailer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { buildOverview } from '../../core/front-door/overview-view.js';
import type { ProjectState } from '../../core/front-door/project-state.js';
import { renderOverview, renderOverviewText } from '../../core/front-door/render-front-door.js';
import { SUMMARY_FOLDER, summaryWeek } from '../../core/front-door/summary-week.js';
import { REPORTS_PREFIX } from '../../core/report/report-prefix.js';
import { type DeliveryOutcome, deliverOnce } from './deliver-once.js';

/** Who receives the cross-project summary, and where its links point. */
export interface ProjectsSummarySettings {
  mailer: Mailer;
  sender: string;
  recipients: string[];
  /** Base of the links to each project's front door, e.g. `s3://<bucket>/reports/`. */
  linkBase: string;
}

/** The summary's delivery record for `week`: claimed before sending, so it goes out once. */
export const summaryDeliveryKey = (week: string) =>
  `${REPORTS_PREFIX}${SUMMARY_FOLDER}/${week}/delivery.json`;

/**
 * Mails the cross-project summary (per project: completeness, findings, manifest chain, sign-off of
 * the week) once every expected project has stored the same latest week; of the runs that find it
 * so, one sends (the delivery record is claimed first). `undefined`: not every project is there yet.
 */
export async function sendProjectsSummary(
  input: { states: readonly ProjectState[]; expected: readonly string[]; now: number },
  settings: ProjectsSummarySettings,
  store: ReportStore,
): Promise<DeliveryOutcome | undefined> {
  const week = summaryWeek(input.states, input.expected);
  if (week === undefined) return undefined;
  const expected = new Set(input.expected);
  const view = buildOverview(
    input.states.filter((s) => expected.has(s.projectId)),
    input.expected,
    input.now,
    week,
  );
  const linked = {
    ...view,
    rows: view.rows.map((row) => ({ ...row, href: `${settings.linkBase}${row.href}` })),
  };
  return deliverOnce({
    store,
    mailer: settings.mailer,
    key: summaryDeliveryKey(week),
    resend: false,
    now: input.now,
    message: {
      from: settings.sender,
      to: settings.recipients,
      subject: linked.subject,
      html: renderOverview(linked),
      text: renderOverviewText(linked),
    },
  });
}
