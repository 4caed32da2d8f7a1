import { App } from 'aws-cdk-lib';
import { DeployConfigError } from './config.js';
import { defineCheckedApp } from './define-app.js';

// Environment-agnostic on purpose: synth needs no credentials, and the deploy goes to the account
// and region of the caller's profile. defineApp adds the stack and the cdk-nag AwsSolutionsChecks.
try {
  await defineCheckedApp(new App());
} catch (error) {
  if (!(error instanceof DeployConfigError)) throw error;
  // A settings mistake needs the message, not a stack trace into zod.
  console.error(
    `${error.message}\n(settings come from -c key=value, cdk.json context and -c configFile=<file.json>)`,
  );
  process.exitCode = 1;
}
