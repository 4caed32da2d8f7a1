import { App } from 'aws-cdk-lib';
import { checkQueryCatalogSql } from './config/query-catalog.js';
import { DeployConfigError, loadDeployConfig } from './config.js';
import { defineApp } from './define-app.js';

// Environment-agnostic on purpose: synth needs no credentials, and the deploy goes to the account
// and region of the caller's profile. defineApp adds the stack and the cdk-nag AwsSolutionsChecks.
try {
  const app = new App();
  // DuckDB checks custom SQL statements (asynchronously, so not inside the synchronous config
  // loader), before the stack and its asset are built.
  await checkQueryCatalogSql(loadDeployConfig(app, process.cwd()).queryCatalog);
  defineApp(app);
} catch (error) {
  if (!(error instanceof DeployConfigError)) throw error;
  // A settings mistake needs the message, not a stack trace into zod.
  console.error(
    `${error.message}\n(settings come from -c key=value, cdk.json context and -c configFile=<file.json>)`,
  );
  process.exitCode = 1;
}
