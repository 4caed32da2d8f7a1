import type { PdfPrinter } from '../../adapters/chromium-pdf-printer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { ACCESS_FILES } from '../../core/access/access-controls.js';
import { attestationSchema } from '../../core/access/attestation.js';
import { type BinderWeek, buildBinderView } from '../../core/binder/binder-view.js';
import { renderBinderHtml } from '../../core/binder/render-binder.js';
import { MANIFEST_FILE } from '../../core/integrity/manifest.js';
import type { ReportData } from '../../core/report/report-model.js';

/** The binder's name in the rollup's folder. */
export const BINDER_FILE = 'binder.pdf';

const json = (body: Uint8Array | undefined): unknown => {
  if (!body) return undefined;
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return undefined;
  }
};

/** What each week the rollup drew on says about itself: its summary and its access review's sign-off. */
async function readWeek(store: ReportStore, source: NonNullable<ReportData['rollup']>['sources'][number]) {
  const base = { week: source.week, manifestSha256: source.manifestSha256, accessReview: false };
  if (!source.manifest) return base;
  const folder = source.manifest.slice(0, -MANIFEST_FILE.length);
  const summary = json(await store.get(`${folder}summary.json`)) as
    | { complete?: unknown; findings?: unknown; accessReview?: unknown }
    | undefined;
  const attestation = attestationSchema.safeParse(
    json(await store.get(`${folder}${ACCESS_FILES.attestation}`)),
  );
  const signed = (await store.get(`${folder}${ACCESS_FILES.attestationSignature}`)) !== undefined;
  return {
    ...base,
    complete: typeof summary?.complete === 'boolean' ? summary.complete : undefined,
    findings: Array.isArray(summary?.findings) ? summary.findings.length : undefined,
    accessReview: summary?.accessReview !== undefined && summary.accessReview !== null,
    signOff: attestation.success ? { attestation: attestation.data, signed } : undefined,
  };
}

/**
 * The rollup's `binder.pdf`, printed from its sealed data and the stored weeks' summaries and
 * sign-offs, dated at the period's end so that the same stored weeks print the same bytes.
 */
export async function renderBinderFile(
  store: ReportStore,
  printer: PdfPrinter,
  data: ReportData,
): Promise<Buffer> {
  // In time order: a week drawn from its stored days is listed day by day, labelled by day.
  const weeks: Array<BinderWeek & { from: number }> = [];
  for (const source of data.rollup?.sources ?? [])
    weeks.push({ ...(await readWeek(store, source)), from: source.from });
  for (const missing of data.rollup?.missing ?? [])
    weeks.push({ week: missing.week, reason: missing.reason, accessReview: false, from: missing.from });
  weeks.sort((a, b) => a.from - b.from || (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
  const view = buildBinderView({ data, weeks: weeks.map(({ from: _from, ...week }) => week) });
  return printer.print(renderBinderHtml(view), data.period.to);
}
