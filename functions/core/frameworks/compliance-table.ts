import type { ManifestEntry } from '../integrity/manifest.js';
import type { QueryTable, ReportData } from '../report/report-model.js';
import type { FrameworkCoverage } from './coverage.js';

/** Columns of `compliance/<framework>.csv`, one row per control. */
export const COMPLIANCE_COLUMNS = [
  'framework',
  'version',
  'control',
  'title',
  'status',
  'reason',
  'review_frequency',
  'frequency_met',
  'evidence_files',
  'finding_ids',
  'note',
] as const;

/**
 * SHA-256 of every file a control can name: this folder's manifest entries, a rollup's weekly
 * evidence parts (as their weeks' manifests list them) and the previous period's manifest.
 */
export function knownHashes(
  data: ReportData,
  entries: readonly ManifestEntry[],
): ReadonlyMap<string, string> {
  const hashes = new Map(entries.map((e) => [e.name, e.sha256]));
  for (const part of data.rollup?.evidence.flatMap((e) => e.parts) ?? []) hashes.set(part.path, part.sha256);
  for (const week of data.rollup?.sources ?? []) {
    if (week.manifestSha256) hashes.set(`../${week.week}/manifest.json`, week.manifestSha256);
  }
  const link = data.seal?.previous;
  if (link?.sha256) {
    const depth =
      data.scope.kind === 'tenant'
        ? `../../../${link.period}/tenants/${data.scope.tenantId}/`
        : `../${link.period}/`;
    hashes.set(`${depth}manifest.json`, link.sha256);
  }
  return hashes;
}

/**
 * `name sha256:<hex>` for each file (a folder: each file under it, in name order); a file whose hash
 * this folder cannot know (the manifest itself, its signature, another period's files) is named alone.
 */
function describeFiles(files: readonly string[], hashes: ReadonlyMap<string, string>): string {
  const names = [...hashes.keys()].sort();
  return files
    .flatMap((file) => (file.endsWith('/') ? names.filter((n) => n.startsWith(file)) : [file]))
    .map((name) => {
      const sha256 = hashes.get(name);
      return sha256 ? `${name} sha256:${sha256}` : name;
    })
    .join('\n');
}

/** One framework's controls as the rows of its compliance CSV. */
export function complianceTable(
  coverage: FrameworkCoverage,
  hashes: ReadonlyMap<string, string>,
): QueryTable {
  return {
    columns: [...COMPLIANCE_COLUMNS],
    rows: coverage.controls.map((c) => [
      coverage.name,
      coverage.version,
      c.ref.control,
      c.ref.title,
      c.status,
      c.reason,
      c.reviewFrequency ?? '',
      c.reviewFrequency ? (c.frequencyMet ? 'yes' : `no: ${c.frequency}`) : 'not stated',
      describeFiles(c.files, hashes),
      c.findings.map((f) => f.id).join('\n'),
      c.note,
    ]),
  };
}
