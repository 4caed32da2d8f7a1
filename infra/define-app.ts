import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadDeployConfig } from './config.js';
import { DescopeAuditReportStack } from './descope-audit-report-stack.js';

/**
 * Adds the stack and the cdk-nag AWS Solutions checks to `app`. Shared by `app.ts` and the tests,
 * so the tests check exactly what `cdk synth` builds. A finding fails the synth.
 */
export function defineApp(app: App, cwd: string = process.cwd()): DescopeAuditReportStack {
  const config = loadDeployConfig(app, cwd);
  const stack = new DescopeAuditReportStack(app, config.stackName, {
    stackName: config.stackName,
    description: 'Descope audit trail: weekly compliance reports to S3 (Object Lock) and email',
    config,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
