import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { checkQueryCatalogSql } from './config/query-catalog.js';
import { loadDeployConfig } from './config.js';
import { DescopeAuditReportStack } from './descope-audit-report-stack.js';

/**
 * Adds the stack and the cdk-nag AWS Solutions checks to `app`. Shared by `app.ts` and the tests,
 * so the tests check exactly what `cdk synth` builds. A finding fails the synth.
 * `checkedCatalogSha256`: what {@link defineCheckedApp} found DuckDB accepts.
 */
export function defineApp(
  app: App,
  cwd: string = process.cwd(),
  checkedCatalogSha256?: string,
  checkedCatalogs?: ReadonlyMap<string, string | undefined>,
): DescopeAuditReportStack {
  const config = loadDeployConfig(app, cwd);
  const stack = new DescopeAuditReportStack(app, config.stackName, {
    stackName: config.stackName,
    description: 'Descope audit trail: weekly compliance reports to S3 (Object Lock) and email',
    config,
    checkedCatalogSha256,
    checkedCatalogs,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

/**
 * As `cdk synth` builds the app: DuckDB checks the catalog's custom SQL statements first
 * (asynchronously, so not inside the synchronous config loader), before the stack and its asset
 * are built; the hash of the text it accepted goes to the function, which then does not check it
 * again.
 */
export async function defineCheckedApp(
  app: App,
  cwd: string = process.cwd(),
): Promise<DescopeAuditReportStack> {
  const config = loadDeployConfig(app, cwd);
  const checked = await checkQueryCatalogSql(config.queryCatalog);
  // With several projects, each project's own catalog is checked the same way.
  const perProject = new Map<string, string | undefined>();
  for (const project of config.projectSet)
    if (project.name) perProject.set(project.name, await checkQueryCatalogSql(project.queryCatalog));
  return defineApp(app, cwd, checked, perProject);
}
