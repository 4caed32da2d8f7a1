import type { Mailer } from '../../adapters/mailer.js';
import type { ReportReader } from '../../adapters/report-reader.js';
import { REPORTS_PREFIX } from '../../core/report/report-prefix.js';
import type { FrontDoorSettings } from '../publish/publish-front-door.js';
import type { CommonConfig } from './config.js';

/**
 * What a run needs to rewrite the front door: the reader, the deployment's name for the project,
 * every project of the deployment, and (with `REPORT_SUMMARY_RECIPIENTS` and a mailer) the
 * cross-project summary's recipients.
 */
export function frontDoorSettings(
  config: CommonConfig,
  reader: ReportReader,
  mailer?: Mailer,
): FrontDoorSettings {
  const recipients = config.REPORT_SUMMARY_RECIPIENTS;
  return {
    reader,
    name: config.REPORT_PROJECT_NAME,
    projects: config.REPORT_PROJECTS,
    summary:
      recipients && mailer
        ? {
            mailer,
            sender: config.REPORT_SENDER,
            recipients,
            linkBase: `s3://${config.REPORT_BUCKET}/${REPORTS_PREFIX}`,
          }
        : undefined,
  };
}
