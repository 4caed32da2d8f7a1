import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILTIN_FRAMEWORKS } from '../core/frameworks/builtin-frameworks.js';
import { resolveFrameworks } from '../core/frameworks/framework-set.js';
import { periodStamp } from '../core/period/period-stamp.js';
import { controlFileName, SAMPLE_METHOD, SAMPLE_METHOD_VERSION } from '../core/samples/sample-seed.js';
import { renderCsv } from '../core/view/csv.js';
import { ConfigError } from '../shared/errors.js';
import { readPublicKey } from '../verify/verify-cli.js';
import { readFrameworkFiles } from '../weekly-report/wiring/load-frameworks.js';
import { drawSample } from './draw-sample.js';
import { findControl } from './find-control.js';
import { openProject } from './open-project.js';
import { parseSampleArgs, SAMPLE_USAGE } from './sample-args.js';

export interface SampleIo {
  print: (line: string) => void;
  now: () => number;
}

/** What `npm run sample` wrote: the sample's CSV and its record (seed, method, population). */
export interface WrittenSample {
  csv: string;
  record: string;
  seed: string;
}

/**
 * `npm run sample`: a reproducible sample of a control's events for a period, from the stored and
 * verified evidence (a bucket or a downloaded folder). Same manifests, control and size → same file.
 */
export async function runSample(
  argv: string[],
  env: Record<string, string | undefined>,
  io: SampleIo,
): Promise<WrittenSample | undefined> {
  const args = parseSampleArgs(argv);
  if (args.help) {
    io.print(SAMPLE_USAGE);
    return undefined;
  }
  const dir = env.REPORT_FRAMEWORKS_DIR?.trim();
  const frameworks = resolveFrameworks({
    builtins: BUILTIN_FRAMEWORKS,
    files: dir ? await readFrameworkFiles(dir) : [],
  });
  if (!frameworks.ok) throw new ConfigError(`Invalid framework files: ${frameworks.problems.join('; ')}`);
  const chosen = findControl(frameworks.set, args.control, args.framework);
  const key = await readPublicKey('--public-key', args.publicKeyFile);
  const project = openProject(args.target, env);
  io.print(
    `Sample of ${chosen.frameworkName} ${chosen.control.id} for ${args.period.label} from ${project.location}`,
  );
  const result = await drawSample({
    project,
    period: args.period,
    chosen,
    size: args.size,
    key,
    now: io.now(),
  });
  for (const week of result.weeks)
    io.print(`  ${week.week}: verified, manifest SHA-256 ${week.manifestSha256}`);
  for (const week of result.missingWeeks)
    io.print(`  ${week}: not stored (its records are not in the population)`);
  for (const note of result.notes) io.print(`  note: ${note}`);
  const base = `${controlFileName(chosen.control.id)}-${result.seed.slice(0, 16)}`;
  const folder = join(args.out, 'samples');
  await mkdir(folder, { recursive: true });
  const csv = join(folder, `${base}.csv`);
  const record = join(folder, `${base}.json`);
  await writeFile(csv, renderCsv(result.table));
  const population = result.counts.find((c) => c.query === 'all')?.records ?? 0;
  await writeFile(
    record,
    `${JSON.stringify(
      {
        method: SAMPLE_METHOD_VERSION,
        description: SAMPLE_METHOD,
        project: project.projectId,
        period: periodStamp(args.period),
        framework: chosen.framework,
        control: chosen.control.id,
        title: chosen.control.title,
        queries: chosen.control.evidence.queries,
        seed: result.seed,
        size: args.size,
        drawn: result.table.rows.length,
        population,
        populationByQuery: result.counts.filter((c) => c.query !== 'all'),
        weeks: result.weeks,
        missingWeeks: result.missingWeeks,
        notes: result.notes,
        publicKeyFingerprint: key.fingerprint,
        csv: `${base}.csv`,
      },
      null,
      2,
    )}\n`,
  );
  io.print(`Seed ${result.seed}; population ${population} records; ${result.table.rows.length} drawn`);
  io.print(`Wrote ${csv} and ${record}`);
  return { csv, record, seed: result.seed };
}
