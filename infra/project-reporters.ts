import type { Stack } from 'aws-cdk-lib';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DeployedProject } from './config/deployed-projects.js';
import type { ManifestSigningKey } from './constructs/manifest-signing-key.js';
import type { ReportFunction } from './constructs/report-function.js';
import { type ProjectOwnParts, projectOwn } from './project-own-parts.js';
import { addProjectReporter, type ProjectReporterProps } from './project-reporter.js';

/** What every project's reporter shares, and what the single project's form made in the stack. */
export interface ProjectReportersProps
  extends Omit<
    ProjectReporterProps,
    | 'project'
    | 'functionName'
    | 'scheduleNamePrefix'
    | 'secret'
    | 'signing'
    | 'checkedCatalogSha256'
    | 'deployment'
  > {
  /**
   * The single project's secret, signing key and function name, made directly in the stack so its
   * resources keep the names they always had.
   * @default - several projects: each makes its own (`projectOwn`)
   */
  readonly single?: {
    readonly secret: ISecret;
    readonly signing: ManifestSigningKey;
    readonly functionName: string;
  };
  /** SHA-256 of the single project's checked catalog text (`checkQueryCatalogSql`). */
  readonly checkedCatalogSha256?: string;
  /** With `projects`: the SHA-256 of each project's checked catalog text, by project name. */
  readonly checkedCatalogs?: ReadonlyMap<string, string | undefined>;
}

/** One project's reporter as the stack goes on to schedule, alarm and output it. */
export interface AddedReporter {
  readonly scope: Construct;
  readonly project: DeployedProject;
  readonly own: ProjectOwnParts;
  readonly reportFunction: ReportFunction;
}

/**
 * Each deployed project's reporter. One project: its function directly in the stack. Several: each
 * in a construct of its own, with its own secret and signing key, its role scoped to its folder
 * (docs/projects.md).
 */
export function addProjectReporters(stack: Stack, props: ProjectReportersProps): AddedReporter[] {
  const { config, single, checkedCatalogSha256, checkedCatalogs, ...shared } = props;
  const several = config.projects !== undefined;
  const projectIds = config.projectSet.map((p) => p.projectId);
  return config.projectSet.map((project) => {
    const scope = project.name ? new Construct(stack, `Project-${project.name}`) : stack;
    const own =
      project.name || !single
        ? projectOwn(scope, stack.stackName, project.name ?? '', shared.key)
        : { ...single, scheduleNamePrefix: stack.stackName };
    const reportFunction = addProjectReporter(scope, {
      config,
      project,
      ...own,
      ...shared,
      checkedCatalogSha256: project.name ? checkedCatalogs?.get(project.name) : checkedCatalogSha256,
      deployment: several ? { projectIds, summaryRecipients: config.projectsSummaryRecipients } : undefined,
    });
    return { scope, project, own, reportFunction };
  });
}
