import { basename, dirname, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createDirectoryReportReader } from '../adapters/directory-report-reader.js';
import type { ReportReader } from '../adapters/report-reader.js';
import { createS3ReportReader } from '../adapters/s3-report-reader.js';
import { REPORTS_PREFIX } from '../core/report/report-prefix.js';
import { ConfigError } from '../shared/errors.js';
import { verifyS3EnvironmentSchema } from '../verify/open-target.js';
import { awsClientOptions } from '../weekly-report/wiring/aws-sdk-variables.js';
import { parseEnvironment } from '../weekly-report/wiring/config.js';

/** A project's stored reports: how to read them and the project's key prefix (`reports/<project>/`). */
export interface ProjectTarget {
  reader: ReportReader;
  prefix: string;
  projectId: string;
  /** For messages: `s3://…` or the folder. */
  location: string;
}

const S3_URI = /^s3:\/\/([^/]+)\/(.+?)\/?$/;
const PROJECT_ID = /^[A-Za-z0-9]{8,}$/;

function s3Project(bucket: string, key: string, env: Record<string, string | undefined>): ProjectTarget {
  const projectId = key.split('/').pop() ?? '';
  if (!key.startsWith(REPORTS_PREFIX) || !PROJECT_ID.test(projectId) || key.split('/').length !== 2) {
    throw new ConfigError(
      `Not a project's reports: s3://${bucket}/${key}/ (expected s3://bucket/reports/<project>/)`,
    );
  }
  const config = parseEnvironment(verifyS3EnvironmentSchema, env);
  // Endpoint and credentials from the given environment, as verify reads them; a stand-in needs path style.
  const endpoint = config.AWS_ENDPOINT_URL_S3;
  const client = new S3Client({ ...awsClientOptions(config), endpoint, forcePathStyle: !!endpoint });
  return {
    reader: createS3ReportReader(client, bucket),
    prefix: `${key}/`,
    projectId,
    location: `s3://${bucket}/${key}/`,
  };
}

/**
 * `s3://bucket/reports/<project>/`, a downloaded `…/reports/<project>/` folder (read as the bucket
 * it came from) or, without a target, `s3://$REPORT_BUCKET/reports/$DESCOPE_PROJECT_ID/`.
 */
export function openProject(
  target: string | undefined,
  env: Record<string, string | undefined>,
): ProjectTarget {
  if (target === undefined) {
    const bucket = env.REPORT_BUCKET?.trim();
    const project = env.DESCOPE_PROJECT_ID?.trim();
    if (!bucket || !project)
      throw new ConfigError(
        'Give the reports to sample (s3://bucket/reports/<project>/ or a folder), or set REPORT_BUCKET and DESCOPE_PROJECT_ID',
      );
    return s3Project(bucket, `${REPORTS_PREFIX}${project}`, env);
  }
  const s3 = S3_URI.exec(target);
  if (s3) return s3Project(s3[1] ?? '', s3[2] ?? '', env);
  if (target.startsWith('s3://'))
    throw new ConfigError(`Not an s3://bucket/reports/<project>/ URI: ${target}`);
  const folder = resolve(target);
  const projectId = basename(folder);
  if (!PROJECT_ID.test(projectId))
    throw new ConfigError(`${target}: name the project's folder (…/reports/<project>/)`);
  const prefix = `${REPORTS_PREFIX}${projectId}/`;
  const reader =
    basename(dirname(folder)) === 'reports'
      ? createDirectoryReportReader(dirname(dirname(folder)), '')
      : createDirectoryReportReader(folder, prefix);
  return { reader, prefix, projectId, location: folder };
}
