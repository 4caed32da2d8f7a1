import { readFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { planCollections } from '../../../functions/core/catalog/query-plan.js';
import { BUILTIN_FRAMEWORKS } from '../../../functions/core/frameworks/builtin-frameworks.js';
import { findingControlLabels } from '../../../functions/core/frameworks/control-index.js';
import type { FrameworkSet } from '../../../functions/core/frameworks/framework-set.js';
import { describeFile, type ManifestEntry } from '../../../functions/core/integrity/manifest.js';
import { OCSF_CLASS_NAMES, type OcsfClass, ocsfFile } from '../../../functions/core/ocsf/ocsf-classes.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { formatEvidenceLine } from '../../../functions/core/records/evidence-line.js';
import type { QueryResult, ReportData } from '../../../functions/core/report/report-model.js';
import { generateDemoWeek } from '../../../functions/local/descope-api/demo-audit-data.js';
import { withTableDirectory } from '../../../functions/weekly-report/aggregate/table-directory.js';
import { exportOcsf } from '../../../functions/weekly-report/publish/export-ocsf.js';
// The check a run uses (its class schemas compiled ahead of time).
import { ocsfValidator } from '../../../functions/weekly-report/publish/ocsf-validation.js';
import { hostileWeeks } from '../../core/sql/hostile-weeks.js';
import { computeTable } from '../../support/compute-table.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';

const week = parseIsoWeek('2026-W47');
const prefix = 'reports/P2test0000/2026-W47/';
const roleQueries = BUILTIN_QUERIES.filter((q) => q.id === 'role-grants' || q.id === 'role-revocations');
/** The deployment reports SOC 2 and PCI DSS only: a finding's requirements come from these files. */
const frameworks: FrameworkSet = {
  frameworks: BUILTIN_FRAMEWORKS.filter((f) => f.framework === 'soc2' || f.framework === 'pci-dss'),
};

/** Exports `records` as a run would (evidence parts per collection, role tables from DuckDB). */
async function exportWeek(records: AuditRecord[]) {
  const { store } = inMemoryReportStore();
  const plans = planCollections(BUILTIN_QUERIES);
  const evidence: ManifestEntry[] = [];
  for (const plan of plans) {
    const actions = new Set(plan.filter.actions ?? []);
    const methods = plan.filter.methods && new Set(plan.filter.methods);
    const kept = records.filter((r) => actions.has(r.action) && (!methods || methods.has(r.method)));
    const body = gzipSync(kept.map(formatEvidenceLine).join(''));
    const name = `evidence/${plan.id}/part-0001.ndjson.gz`;
    await store.putIf(`${prefix}${name}`, body, 'application/gzip', { ifNoneMatch: '*' });
    evidence.push(describeFile(name, body));
  }
  const results: QueryResult[] = [];
  for (const query of roleQueries) {
    const table = await computeTable(query, records, week);
    results.push({ query, evidenceFile: '', complete: true, gaps: [], ...table });
  }
  const report = {
    projectId: 'P2test0000',
    period: week,
    scope: { kind: 'project' },
    results,
    retentionDays: 30,
    trends: { available: false, reason: '' },
    findings: [
      {
        rule: 'new-country',
        description: '',
        status: 'evaluated',
        findings: [
          {
            rule: 'new-country',
            severity: 'high',
            title: 'Failed logins from a new country: <script>',
            detail: 'x',
            section: 'failed-logins-by-geo',
          },
        ],
      },
    ],
    compliance: { frameworks, deployment: { anchored: false, cadence: 'weekly' } },
  } as ReportData;
  // The files as the run places them: read back from the local folder before it is removed.
  const { summary, bodies } = await withTableDirectory(async (directory) => {
    const { files, summary } = await exportOcsf({
      store,
      prefix,
      directory,
      evidence,
      plans,
      report,
      validate: ocsfValidator(),
    });
    const bodies = new Map<string, Buffer>();
    for (const file of files) {
      const body = await readFile('path' in file.source ? file.source.path : '');
      expect(describeFile(file.name, body)).toEqual({
        name: file.name,
        bytes: file.bytes,
        sha256: file.sha256,
      });
      bodies.set(file.name, body);
    }
    return { summary, bodies };
  });
  const lines = (cls: OcsfClass) =>
    gunzipSync(bodies.get(ocsfFile(cls)) ?? Buffer.alloc(0))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { summary, lines };
}

describe('OCSF export', () => {
  it('maps the demo week to every class, each event valid against its OCSF 1.8.0 schema', async () => {
    const { summary, lines } = await exportWeek(generateDemoWeek(week.from, 'P2test0000'));
    const validate = ocsfValidator();
    for (const cls of OCSF_CLASS_NAMES) {
      const events = lines(cls);
      expect(events.length, cls).toBeGreaterThan(0);
      for (const event of events) expect(validate({ cls, event }), cls).toBeUndefined();
    }
    expect(summary.files.filter((f) => f.rejected > 0)).toEqual([]);
    const auth = lines('authentication');
    expect(auth.some((e) => e.activity_id === 7 && e.account_switch_type_id === 2)).toBe(true);
    expect(auth.some((e) => e.status_id === 2)).toBe(true);
    expect(lines('account_change').some((e) => e.activity_id === 9)).toBe(true);
    expect(lines('compliance_finding')[0]).toMatchObject({
      class_uid: 2003,
      compliance: {
        standards: ['SOC 2', 'PCI DSS'],
        requirements: findingControlLabels(frameworks, 'new-country'),
      },
    });
    expect(findingControlLabels(frameworks, 'new-country').length).toBeGreaterThan(1);
  });

  it('keeps hostile weeks valid, or counts what fails instead of crashing', async () => {
    const validate = ocsfValidator();
    for (const records of hostileWeeks(week, 5)) {
      const { summary, lines } = await exportWeek(records);
      for (const cls of OCSF_CLASS_NAMES)
        for (const event of lines(cls)) expect(validate({ cls, event }), cls).toBeUndefined();
      const written = summary.files.reduce((n, f) => n + f.events, 0);
      expect(written).toBeGreaterThan(0);
      for (const f of summary.files) if (f.rejected > 0) expect(summary.notes.join('\n')).toContain(f.file);
    }
  });
});
