import type { PdfPrinter } from '../../adapters/chromium-pdf-printer.js';
import type { ReportReader } from '../../adapters/report-reader.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import type { ComplianceContext } from '../../core/frameworks/compliance-context.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { FrontDoorSettings } from '../publish/publish-front-door.js';
import type { Sealing } from '../publish/seal-manifest.js';
import type { FinishedRun } from '../run-outcome.js';
import { runRollup } from '../run-rollup.js';
import { sourceCatalog } from '../wiring/source-catalog.js';
import type { CliIo } from './cli-io.js';
import { printResult } from './print-run-result.js';

/** A month, quarter or older range: from the stored weekly evidence only (the Descope clients stay unused). */
export async function runRollupCli(
  period: ReportPeriod,
  config: {
    DESCOPE_PROJECT_ID: string;
    REPORT_QUERIES: ReportCatalog;
    REPORT_SOURCE: 'api' | 'stream';
    compliance: ComplianceContext;
  },
  bucket: { store: ReportStore; reader: ReportReader; frontDoor?: FrontDoorSettings; printer?: PdfPrinter },
  sealing: Sealing,
  now: number,
  io: CliIo,
): Promise<FinishedRun> {
  io.print('Built from the stored weekly evidence: no Descope request.');
  const rollup = await runRollup(
    {
      projectId: config.DESCOPE_PROJECT_ID,
      period,
      now,
      catalog: sourceCatalog(config),
      compliance: config.compliance,
    },
    {
      store: bucket.store,
      sealing,
      frontDoor: bucket.frontDoor ?? { reader: bucket.reader },
      printer: bucket.printer,
    },
  );
  for (const week of rollup.data.rollup?.sources ?? [])
    io.print(`  ${week.week}: manifest SHA-256 ${week.manifestSha256}`);
  for (const week of rollup.data.rollup?.missing ?? []) io.print(`  ${week.week}: MISSING (${week.reason})`);
  const result: FinishedRun = {
    state: 'finished',
    prefix: rollup.prefix,
    location: rollup.location,
    keys: rollup.keys,
    complete: rollup.complete,
    data: rollup.data,
    email: rollup.email,
    tenants: [],
    anchor: { status: 'not-anchored', reason: 'a rollup is not anchored' },
    frontDoor: rollup.frontDoor,
    channels: [],
  };
  printResult(result, io);
  return result;
}
