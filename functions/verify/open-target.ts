import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { createDirectoryReportReader } from '../adapters/directory-report-reader.js';
import type { ReportReader } from '../adapters/report-reader.js';
import { createS3ReportReader } from '../adapters/s3-report-reader.js';
import type { ExpectedManifest } from '../core/integrity/check-manifest.js';
import { parseManifest } from '../core/integrity/parse-manifest.js';
import {
  PERIOD_LABEL,
  parseReportFolder,
  type ReportFolderPath,
  reportFolderOf,
} from '../core/integrity/report-path.js';
import { ConfigError } from '../shared/errors.js';
import { awsClientOptions, awsSdkVariables } from '../weekly-report/wiring/aws-sdk-variables.js';
import { cliEnvironmentSchema, parseEnvironment } from '../weekly-report/wiring/config.js';

/** What a downloaded folder holds when its name does not say (`--period`, `--project`, …). */
export interface TargetFlags {
  period?: string;
  project?: string;
  tenant?: string;
  revision?: number;
}

/** A report folder to verify: how to read it, its key prefix, and what its path says it holds. */
export interface VerifyTarget {
  reader: ReportReader;
  prefix: string;
  expected: ExpectedManifest;
  /** `reports/<project>/<period>/` */
  periodPrefix: string;
  /** The target is the period's own folder: every revision in it is verified. */
  wholePeriod: boolean;
  notes: string[];
}

const S3_URI = /^s3:\/\/([^/]+)\/(.+)$/;
const FOLDER_SHAPE = 'reports/<project>/<period>/[revisions/<n>/][tenants/<id>/]';

/** What `npm run verify s3://…` reads: the bucket's region and endpoint, and the AWS credentials. */
export const verifyS3EnvironmentSchema = z.object({
  AWS_REGION: z
    .string()
    .trim()
    .min(1, 'must be an AWS region')
    .default('us-east-1')
    .meta({ description: 'AWS region of the bucket the verified report is read from.' }),
  AWS_ENDPOINT_URL_S3: cliEnvironmentSchema.shape.AWS_ENDPOINT_URL_S3,
  ...awsSdkVariables,
});

/**
 * `s3://bucket/reports/<project>/<period>/…` reads the bucket (`AWS_ENDPOINT_URL_S3` and the usual
 * credentials apply). A folder at `…/reports/<project>/<period>/…` is read as the bucket (so
 * neighbouring periods are found); a folder named after its period (`…/2026-W47/`, optionally
 * `…/revisions/<n>/`, `…/tenants/<id>/`) as that report alone; any other folder needs `--period`.
 * The path (or the flags) says what the manifest must state: never the manifest itself.
 */
export async function openTarget(
  target: string,
  env: Record<string, string | undefined>,
  flags: TargetFlags = {},
): Promise<VerifyTarget> {
  const s3 = S3_URI.exec(target);
  if (s3) {
    const [, bucket = '', key = ''] = s3;
    const path = parseReportFolder(key.endsWith('/') ? key : `${key}/`);
    if (!path) throw new ConfigError(`${target} is not a report folder (${FOLDER_SHAPE})`);
    const config = parseEnvironment(verifyS3EnvironmentSchema, env);
    // A stand-in needs path-style addressing.
    const endpoint = config.AWS_ENDPOINT_URL_S3;
    const client = new S3Client({ ...awsClientOptions(config), endpoint, forcePathStyle: !!endpoint });
    return fromPath(createS3ReportReader(client, bucket), checkFlags(path, flags), []);
  }
  if (target.startsWith('s3://')) throw new ConfigError(`Not an s3://bucket/prefix/ URI: ${target}`);
  const folder = resolve(target);
  const segments = folder.split(sep);
  const at = segments.lastIndexOf('reports');
  const inBucket = at >= 0 ? parseReportFolder(`${segments.slice(at).join('/')}/`) : undefined;
  if (inBucket) {
    const root = segments.slice(0, at).join(sep) || sep;
    return fromPath(createDirectoryReportReader(root, ''), checkFlags(inBucket, flags), []);
  }
  const named = fromFolderName(segments, flags);
  const notes: string[] = [];
  let projectId = flags.project;
  if (!projectId) {
    const body = await readFile(resolve(folder, 'manifest.json')).catch(() => undefined);
    const parsed = body ? parseManifest(body) : undefined;
    projectId = parsed?.ok ? parsed.manifest.projectId : 'unknown-project';
    notes.push(
      `the folder's path does not name the project: its manifest's project ${projectId} was not checked against it (pass --project)`,
    );
  }
  const path = parseReportFolder(reportFolderOf({ ...named, projectId }));
  if (!path) throw new ConfigError(`--project must be a Descope project ID, not ${projectId}`);
  const prefix = path.prefix;
  const expected = { ...toExpected(path), projectId: flags.project };
  return {
    reader: createDirectoryReportReader(folder, prefix),
    prefix,
    expected,
    periodPrefix: path.periodPrefix,
    wholePeriod: path.revision === 1 && path.scope.kind === 'project' && flags.revision === undefined,
    notes,
  };
}

const toExpected = (path: ReportFolderPath): ExpectedManifest => ({
  projectId: path.projectId,
  period: path.period,
  scope: path.scope,
  revision: path.revision,
});

/** The target a reader and a parsed report folder path make: what the path says is what is expected. */
export function fromPath(reader: ReportReader, path: ReportFolderPath, notes: string[]): VerifyTarget {
  return {
    reader,
    prefix: path.prefix,
    expected: toExpected(path),
    periodPrefix: path.periodPrefix,
    wholePeriod: path.revision === 1 && path.scope.kind === 'project',
    notes,
  };
}

/** The flags must agree with what the path already says. */
function checkFlags(path: ReportFolderPath, flags: TargetFlags): ReportFolderPath {
  const tenant = path.scope.kind === 'tenant' ? path.scope.tenantId : undefined;
  const clash = [
    flags.period !== undefined &&
      flags.period !== path.period &&
      `--period ${flags.period} (the path says ${path.period})`,
    flags.project !== undefined &&
      flags.project !== path.projectId &&
      `--project ${flags.project} (the path says ${path.projectId})`,
    flags.tenant !== undefined &&
      flags.tenant !== tenant &&
      `--tenant ${flags.tenant} (the path says ${tenant ?? 'the project scope'})`,
    flags.revision !== undefined &&
      flags.revision !== path.revision &&
      `--revision ${flags.revision} (the path says ${path.revision})`,
  ].filter(Boolean);
  if (clash.length > 0)
    throw new ConfigError(`The target's path and the flags disagree: ${clash.join('; ')}`);
  return path;
}

/** `…/<period>/[revisions/<n>/][tenants/<id>/]`, or the flags for a folder named otherwise. */
function fromFolderName(segments: string[], flags: TargetFlags) {
  for (let i = segments.length - 1; i >= Math.max(0, segments.length - 5); i -= 1) {
    if (!PERIOD_LABEL.test(segments[i] ?? '')) continue;
    const path = parseReportFolder(`reports/project/${segments.slice(i).join('/')}/`);
    if (!path) continue;
    checkFlags({ ...path, projectId: flags.project ?? path.projectId }, flags);
    return { period: path.period, revision: path.revision, scope: path.scope };
  }
  if (!flags.period) {
    throw new ConfigError(
      `${segments.join(sep)}: its path does not say which period it holds (${FOLDER_SHAPE}, or a folder named after the period): pass --period`,
    );
  }
  return {
    period: flags.period,
    revision: flags.revision ?? 1,
    scope: flags.tenant ? { kind: 'tenant' as const, tenantId: flags.tenant } : { kind: 'project' as const },
  };
}
