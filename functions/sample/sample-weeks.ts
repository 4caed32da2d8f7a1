import { z } from 'zod';
import { recordConditionSchema } from '../core/catalog/query-definition.js';
import { MANIFEST_FILE } from '../core/integrity/manifest.js';
import { parseManifest } from '../core/integrity/parse-manifest.js';
import { parseReportFolder } from '../core/integrity/report-path.js';
import { revisionPrefix } from '../core/integrity/revision-layout.js';
import type { SampledWeek } from '../core/samples/sample-seed.js';
import type { PopulationQuery } from '../core/samples/sample-sql.js';
import { ReportJobError } from '../shared/errors.js';
import { fromPath } from '../verify/open-target.js';
import { verifyReport } from '../verify/verify-report.js';
import type { SampleInput } from './draw-sample.js';

/** What a week's summary says about each query: the evidence it read and its conditions. */
const summarySchema = z.object({
  queries: z.array(
    z.object({
      id: z.string(),
      where: z.array(recordConditionSchema).default([]),
      evidence: z.union([z.string(), z.array(z.string())]),
    }),
  ),
});

/**
 * Verifies one stored week (every revision of it) with the existing verification; refuses to sample
 * from anything that fails. The newest sealed revision is the one sampled (`<week>/` or
 * `<week>/revisions/<n>/`).
 */
export async function verifiedWeek(
  input: SampleInput,
  week: string,
): Promise<(SampledWeek & { folder: string }) | undefined> {
  const path = parseReportFolder(`${input.project.prefix}${week}/`);
  if (!path) throw new ReportJobError(`${input.project.prefix}${week}/ is not a report folder`);
  if (!(await input.project.reader.get(`${path.prefix}${MANIFEST_FILE}`))) return undefined;
  const result = await verifyReport({
    target: fromPath(input.project.reader, path, []),
    keys: [input.key],
    chain: false,
    now: input.now,
  });
  if (!result.verified || !result.manifestSha256) {
    const problems = result.problems.map((p) => `${p.file}: ${p.problem}`).join('; ');
    throw new ReportJobError(
      `${week} does not verify, so no sample is drawn from it: ${problems || 'signature not verified'}`,
    );
  }
  const newest = Math.max(...result.revisions.filter((r) => r.sealed).map((r) => r.revision));
  const folder = revisionPrefix(`${week}/`, newest);
  return { week, manifestSha256: result.manifestSha256, folder };
}

/** Each control query's evidence in one week, as paths from the project folder. */
export async function weekQueries(input: SampleInput, week: string, folder: string, notes: string[]) {
  const { reader, prefix } = input.project;
  const summary = summarySchema.safeParse(
    JSON.parse(Buffer.from((await reader.get(`${prefix}${folder}summary.json`)) ?? '{}').toString('utf8')),
  );
  const manifest = parseManifest(
    (await reader.get(`${prefix}${folder}${MANIFEST_FILE}`)) ?? new Uint8Array(),
  );
  if (!summary.success || !manifest.ok)
    throw new ReportJobError(`${week}: summary.json or manifest.json unreadable`);
  const files = manifest.manifest.files.map((f) => f.name);
  const queries: PopulationQuery[] = [];
  const parts = new Set<string>();
  for (const id of input.chosen.control.evidence.queries) {
    const query = summary.data.queries.find((q) => q.id === id);
    if (!query || typeof query.evidence !== 'string') {
      notes.push(
        `${week}: the ${id} query is not in this week's report (disabled, or not recorded), so none of its records are in the population`,
      );
      continue;
    }
    const evidence = query.evidence;
    for (const name of files.filter((f) =>
      evidence.endsWith('/') ? f.startsWith(evidence) : f === evidence,
    ))
      parts.add(`${folder}${name}`);
    queries.push({ id, evidence: [`${folder}${evidence}`], where: query.where });
  }
  return { queries, parts };
}
