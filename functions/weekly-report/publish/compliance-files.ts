import { complianceTable, knownHashes } from '../../core/frameworks/compliance-table.js';
import { evaluateCoverage } from '../../core/frameworks/coverage.js';
import type { ManifestEntry } from '../../core/integrity/manifest.js';
import type { ReportData } from '../../core/report/report-model.js';
import { renderCsv } from '../../core/view/csv.js';
import type { ReportFile } from './report-files.js';

/**
 * `compliance/<framework>.csv` for each framework: rendered once the folder's other files are
 * stored, so each control can name its evidence files with the SHA-256 the manifest lists for them.
 */
export function renderComplianceFiles(data: ReportData, entries: readonly ManifestEntry[]): ReportFile[] {
  const hashes = knownHashes(data, entries);
  return evaluateCoverage(data).map((coverage) => ({
    name: coverage.file,
    body: renderCsv(complianceTable(coverage, hashes)),
    contentType: 'text/csv; charset=utf-8',
  }));
}
