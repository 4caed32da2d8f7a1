import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { projectFunctionName } from './config/project-settings.js';
import { DescopeSecret } from './constructs/descope-secret.js';
import { ManifestSigningKey } from './constructs/manifest-signing-key.js';

/** A project's own parts: its management-key secret, its signing key, and its names. */
export interface ProjectOwnParts {
  readonly secret: ISecret;
  readonly signing: ManifestSigningKey;
  /** Physical name of the project's function. */
  readonly functionName: string;
  /** Prefix of its schedules' names. */
  readonly scheduleNamePrefix: string;
}

/** What each project of several owns: a management-key secret, a signing key, and its names. */
export function projectOwn(scope: Construct, stackName: string, name: string, key: IKey): ProjectOwnParts {
  return {
    secret: new DescopeSecret(scope, 'DescopeSecret', {
      secretName: `${stackName}/${name}/descope-management-key`,
      encryptionKey: key,
    }).secret,
    signing: new ManifestSigningKey(scope, 'ManifestSigningKey', {
      aliasName: `${stackName}-${name}-manifest-signing`,
    }),
    functionName: projectFunctionName(stackName, name),
    scheduleNamePrefix: `${stackName}-${name}`,
  };
}
