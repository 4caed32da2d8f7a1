import { DeployConfigError } from './deploy-config-error.js';
import type { DeployConfigValues } from './deploy-config-schema.js';
import { type FrameworkFiles, readFrameworkFiles } from './framework-files.js';
import type { ProjectEntry } from './project-settings.js';
import { type QueryCatalogFile, readQueryCatalog } from './query-catalog.js';
import { offsetCron } from './schedule-offset.js';

/** One Descope project the deployment reports, every setting resolved. */
export interface DeployedProject {
  /**
   * The project's name among several (`projects[].name`), part of its resources' names and
   * construct IDs; absent in the single-project form, whose resources keep the names they always had.
   */
  readonly name?: string;
  readonly projectId: string;
  readonly descopeBaseUrl?: string;
  /** Minutes its schedules start after the configured crons. */
  readonly scheduleOffsetMinutes: number;
  /** The weekly, monthly and quarterly crons, shifted by the offset. */
  readonly scheduleCron: string;
  readonly monthlyReportCron: string;
  readonly quarterlyReportCron: string;
  /** The daily review's cron (`dailyScheduleCron`), shifted by the offset; absent without one. */
  readonly dailyScheduleCron?: string;
  readonly recipients: readonly string[];
  readonly monthlyReportRecipients?: readonly string[];
  readonly quarterlyReportRecipients?: readonly string[];
  readonly queryCatalog?: QueryCatalogFile;
  readonly frameworkSet: FrameworkFiles;
  readonly anchorTenantId?: string;
}

/** The single-project form's catalog and frameworks, already read by the caller. */
export interface TopLevelFiles {
  readonly queryCatalog?: QueryCatalogFile;
  readonly frameworkSet: FrameworkFiles;
}

/**
 * The projects a configuration deploys: the one of `projectId` (the single-project form, settings
 * as they are), or each of `projects`, its own settings over the top-level ones, its crons shifted
 * by its offset. A file or offset problem names the project's key (`projects[1].queryCatalogFile`).
 */
export function resolveProjects(
  values: DeployConfigValues,
  top: TopLevelFiles,
  cwd: string,
): DeployedProject[] {
  if (!values.projects) {
    return [
      {
        projectId: values.projectId ?? '',
        descopeBaseUrl: values.descopeBaseUrl,
        scheduleOffsetMinutes: 0,
        scheduleCron: values.scheduleCron,
        monthlyReportCron: values.monthlyReportCron,
        quarterlyReportCron: values.quarterlyReportCron,
        dailyScheduleCron: values.dailyScheduleCron,
        recipients: values.recipients,
        monthlyReportRecipients: values.monthlyReportRecipients,
        quarterlyReportRecipients: values.quarterlyReportRecipients,
        queryCatalog: top.queryCatalog,
        frameworkSet: top.frameworkSet,
        anchorTenantId: values.anchorTenantId,
      },
    ];
  }
  return values.projects.map((project, index) => resolveProject(values, top, project, index, cwd));
}

function resolveProject(
  values: DeployConfigValues,
  top: TopLevelFiles,
  project: ProjectEntry,
  index: number,
  cwd: string,
): DeployedProject {
  const key = `projects[${index}]`;
  const shift = (cron: string, setting: string) => {
    const moved = offsetCron(cron, project.scheduleOffsetMinutes);
    if (moved.ok) return moved.cron;
    throw new DeployConfigError(
      `Invalid deploy configuration: ${key}.scheduleOffsetMinutes ${project.scheduleOffsetMinutes} cannot shift ${setting}: ${moved.reason}`,
    );
  };
  const queryCatalog =
    project.queryCatalogFile === undefined
      ? top.queryCatalog
      : readProjectCatalog(project.queryCatalogFile, key, cwd);
  const ownFrameworks =
    project.frameworkFiles !== undefined ||
    project.frameworks !== undefined ||
    project.queryCatalogFile !== undefined;
  return {
    name: project.name,
    projectId: project.projectId,
    descopeBaseUrl: project.descopeBaseUrl ?? values.descopeBaseUrl,
    scheduleOffsetMinutes: project.scheduleOffsetMinutes,
    scheduleCron: shift(values.scheduleCron, 'scheduleCron'),
    monthlyReportCron: shift(values.monthlyReportCron, 'monthlyReportCron'),
    quarterlyReportCron: shift(values.quarterlyReportCron, 'quarterlyReportCron'),
    dailyScheduleCron:
      values.dailyScheduleCron === undefined
        ? undefined
        : shift(values.dailyScheduleCron, 'dailyScheduleCron'),
    recipients: project.recipients ?? values.recipients,
    monthlyReportRecipients: project.monthlyReportRecipients ?? values.monthlyReportRecipients,
    quarterlyReportRecipients: project.quarterlyReportRecipients ?? values.quarterlyReportRecipients,
    queryCatalog,
    // The frameworks are checked against the project's own catalog whenever it has one.
    frameworkSet: ownFrameworks
      ? readFrameworkFiles(
          project.frameworkFiles ?? values.frameworkFiles,
          project.frameworks ?? values.frameworks,
          queryCatalog?.catalog,
          cwd,
          project.frameworkFiles === undefined ? 'frameworkFiles' : `${key}.frameworkFiles`,
        )
      : top.frameworkSet,
    anchorTenantId: project.anchorTenantId ?? values.anchorTenantId,
  };
}

function readProjectCatalog(file: string, key: string, cwd: string): QueryCatalogFile {
  try {
    return readQueryCatalog(file, cwd);
  } catch (error) {
    if (!(error instanceof DeployConfigError)) throw error;
    throw new DeployConfigError(error.message.replace('queryCatalogFile', `${key}.queryCatalogFile`), {
      cause: error,
    });
  }
}
