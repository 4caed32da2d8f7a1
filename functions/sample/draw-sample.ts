import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { openEvidenceDatabase } from '../adapters/duckdb-query-engine.js';
import type { ReportPeriod } from '../core/period/period.js';
import { weeksOverlapping } from '../core/period/rollup-period.js';
import type { QueryTable } from '../core/report/report-model.js';
import { type SampledWeek, sampleSeed } from '../core/samples/sample-seed.js';
import {
  loadStagedSql,
  POPULATION_COUNTS_SQL,
  type PopulationQuery,
  populationSql,
  SAMPLE_SQL,
} from '../core/samples/sample-sql.js';
import type { GivenKey } from '../verify/verify-context.js';
import type { ChosenControl } from './find-control.js';
import type { ProjectTarget } from './open-project.js';
import { verifiedWeek, weekQueries } from './sample-weeks.js';
import { stageEvidenceLines } from './stage-evidence.js';

export interface SampleInput {
  project: ProjectTarget;
  period: ReportPeriod;
  chosen: ChosenControl;
  size: number;
  key: GivenKey;
  now: number;
}

export interface SampleResult {
  seed: string;
  weeks: SampledWeek[];
  missingWeeks: string[];
  notes: string[];
  counts: Array<{ query: string; records: number }>;
  table: QueryTable;
}

/**
 * Draws a control's sample from the stored, verified weeks of a period: each week is verified first
 * (signature with the given key, every file's SHA-256), the seed is derived from their manifests,
 * the population is counted by DuckDB over the evidence lines, and the first `size` records by
 * SHA-256(seed ":" identity) are the sample, each with its evidence part and line.
 */
export async function drawSample(input: SampleInput): Promise<SampleResult> {
  const weeks: SampledWeek[] = [];
  const folders = new Map<string, string>();
  const missingWeeks: string[] = [];
  for (const { label } of weeksOverlapping(input.period)) {
    const verified = await verifiedWeek(input, label);
    if (verified) {
      weeks.push({ week: verified.week, manifestSha256: verified.manifestSha256 });
      folders.set(verified.week, verified.folder);
    } else missingWeeks.push(label);
  }
  const seed = sampleSeed(input.period.label, input.chosen.framework, input.chosen.control.id, weeks);
  const notes: string[] = [];
  const byQuery = new Map<string, PopulationQuery>();
  const parts = new Set<string>();
  for (const { week } of weeks) {
    const planned = await weekQueries(input, week, folders.get(week) ?? `${week}/`, notes);
    for (const part of planned.parts) parts.add(part);
    for (const q of planned.queries) {
      // A query's conditions are the same every week; its evidence folders add up.
      const known = byQuery.get(q.id);
      byQuery.set(q.id, known ? { ...known, evidence: [...known.evidence, ...q.evidence] } : q);
    }
  }
  const work = await mkdtemp(join(tmpdir(), 'descope-sample-'));
  try {
    const staged = join(work, 'lines.ndjson');
    await stageEvidenceLines(input.project.reader, input.project.prefix, [...parts].sort(), staged);
    const db = await openEvidenceDatabase([staged], work, { threads: 2 }, loadStagedSql);
    try {
      await db.query(populationSql([...byQuery.values()]), z.unknown(), [input.period.from, input.period.to]);
      const counts = (await db.query(POPULATION_COUNTS_SQL, countRow)).map((r) => ({
        query: r.query_id,
        records: Number(r.records),
      }));
      const sampled = await db.query(SAMPLE_SQL, sampleRow, [seed, input.size]);
      const rows: QueryTable['rows'] = sampled.map((r) => SAMPLE_FIELDS.map((field) => r[field] ?? ''));
      return {
        seed,
        weeks,
        missingWeeks,
        notes,
        counts,
        table: { columns: SAMPLE_COLUMNS, rows: rows.map((r, i) => [i + 1, ...r]) },
      };
    } finally {
      db.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const cell = z.union([z.string(), z.number()]).nullable();
const countRow = z.object({ query_id: z.string(), records: z.union([z.number(), z.string()]) });
/** SAMPLE_SQL's columns, by name, in the order of {@link SAMPLE_COLUMNS} after the rank. */
const SAMPLE_FIELDS = [
  'sort_key',
  'identity',
  'id',
  'occurred',
  'action',
  'userId',
  'login_ids',
  'actorId',
  'tenants',
  'queries',
  'evidenceFile',
  'evidenceLine',
] as const;
const sampleRow = z.record(z.enum(SAMPLE_FIELDS), cell);

/** Columns of `samples/<control>-<seed>.csv`. */
export const SAMPLE_COLUMNS = [
  'rank',
  'sort_key',
  'identity',
  'record_id',
  'occurred',
  'action',
  'user_id',
  'login_ids',
  'actor_id',
  'tenants',
  'queries',
  'evidence_file',
  'evidence_line',
];
