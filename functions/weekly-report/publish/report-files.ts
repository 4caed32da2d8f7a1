import { ACCESS_FILES } from '../../core/access/access-controls.js';
import { accessKeysTable, roleHoldersTable } from '../../core/access/access-tables.js';
import {
  CAMPAIGN_REPORT_FILES,
  remediationTable,
  renderCampaignReview,
} from '../../core/access/campaign-summary.js';
import { EXCEPTIONS_FILE, renderExceptionsInForce } from '../../core/exceptions/exceptions-summary.js';
import { GAPS_FILE, gapsTable } from '../../core/report/gaps-table.js';
import type { QueryResult, ReportData, ReportLocation, TableFile } from '../../core/report/report-model.js';
import { renderSummary } from '../../core/report/summary.js';
import { QUERIES_FILE, renderQueriesSql } from '../../core/sql/queries-script.js';
import { ATHENA_FILE } from '../../core/sql/trino/athena-script.js';
import { renderCsv } from '../../core/view/csv.js';
import { renderReportHtml } from '../../core/view/render-templates.js';
import { buildReportView } from '../../core/view/report-view.js';

/** A file of the report, relative to the week's prefix: rendered text, or a table's CSV on local disk. */
export type ReportFile = { name: string; contentType: string } & ({ body: string } | { file: TableFile });

/** A table's CSV: the file the engine wrote while streaming it, else rendered from the table. */
const csvFile = (r: QueryResult): ReportFile => ({
  name: `${r.query.id}.csv`,
  contentType: 'text/csv; charset=utf-8',
  ...(r.csv ? { file: r.csv } : { body: renderCsv(r.table) }),
});

/** Every file of a report except the evidence (streamed earlier) and the manifest (written last). */
export function renderReportFiles(data: ReportData, location: ReportLocation): ReportFile[] {
  return [
    {
      name: 'report.html',
      body: renderReportHtml(buildReportView(data, location)),
      contentType: 'text/html; charset=utf-8',
    },
    ...data.results.map(csvFile),
    { name: GAPS_FILE, body: renderCsv(gapsTable(data)), contentType: 'text/csv; charset=utf-8' },
    { name: 'summary.json', body: renderSummary(data), contentType: 'application/json' },
    // The project's folder holds the evidence the statements read; a tenant's folder does not.
    ...(data.scope.kind === 'project'
      ? [
          {
            name: QUERIES_FILE,
            body: renderQueriesSql(
              data.results,
              data.rollup ? { period: data.period, evidence: data.rollup.evidence } : undefined,
            ),
            contentType: 'application/sql; charset=utf-8',
          },
        ]
      : []),
    // What Athena ran, beside the DuckDB script that re-runs the same tables on the evidence.
    ...(data.athenaSql === undefined
      ? []
      : [{ name: ATHENA_FILE, body: data.athenaSql, contentType: 'application/sql; charset=utf-8' }]),
    ...accessFiles(data),
    ...(data.risks
      ? [
          {
            name: EXCEPTIONS_FILE,
            body: renderExceptionsInForce(data.risks, data.period.label),
            contentType: 'application/json',
          },
        ]
      : []),
    ...notReportedFiles(data),
  ];
}

/** The tenants past `maxReports`, each with its records, in the project folder. */
function notReportedFiles(data: ReportData): ReportFile[] {
  const notReported = data.tenants?.notReported;
  if (!notReported || notReported.tenants === 0) return [];
  return [
    {
      name: notReported.file,
      contentType: 'text/csv; charset=utf-8',
      ...(notReported.csv ? { file: notReported.csv } : { body: renderCsv(notReported.table) }),
    },
  ];
}

/** The access snapshot and its two tables, when the review is on (the attestation comes later, by `npm run attest`). */
function accessFiles(data: ReportData): ReportFile[] {
  if (!data.access) return [];
  const csv = 'text/csv; charset=utf-8';
  const { snapshot } = data.access;
  return [
    { name: ACCESS_FILES.snapshot, body: data.access.snapshotJson, contentType: 'application/json' },
    { name: ACCESS_FILES.roleHolders, body: renderCsv(roleHoldersTable(snapshot)), contentType: csv },
    { name: ACCESS_FILES.accessKeys, body: renderCsv(accessKeysTable(snapshot)), contentType: csv },
    ...(data.access.campaigns
      ? [
          {
            name: CAMPAIGN_REPORT_FILES.summary,
            body: renderCampaignReview(data.access.campaigns),
            contentType: 'application/json',
          },
          {
            name: CAMPAIGN_REPORT_FILES.remediation,
            body: renderCsv(remediationTable(data.access.campaigns)),
            contentType: csv,
          },
        ]
      : []),
  ];
}
