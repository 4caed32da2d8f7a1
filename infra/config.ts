import type { IConstruct } from 'constructs';
import type { z } from 'zod';
import { DeployConfigError } from './config/deploy-config-error.js';
import {
  DEPLOY_CONFIG_KEYS,
  type DeployConfigValues,
  deployConfigSchema,
} from './config/deploy-config-schema.js';
import { type DeployedProject, resolveProjects } from './config/deployed-projects.js';
import { type ExceptionsFile, readExceptionsFile } from './config/exceptions-file.js';
import { type FrameworkFiles, readFrameworkFiles } from './config/framework-files.js';
import { type QueryCatalogFile, readQueryCatalog } from './config/query-catalog.js';
import { readJsonFile } from './config/read-json-file.js';

export { DeployConfigError } from './config/deploy-config-error.js';
export { DEFAULT_SCHEDULE_CRON, DEPLOY_CONFIG_KEYS } from './config/deploy-config-schema.js';

/** The validated deploy settings (see `deployConfigSchema` for each one and its default). */
export interface DeployConfig extends DeployConfigValues {
  /** The file `queryCatalogFile` names, read and validated; absent when no catalog is configured. */
  readonly queryCatalog?: QueryCatalogFile;
  /** The framework files `frameworkFiles` names and the `frameworks` chosen, validated against the catalog. */
  readonly frameworkSet: FrameworkFiles;
  /** The file `exceptionsFile` names, read and validated; absent when none is configured. */
  readonly exceptions?: ExceptionsFile;
  /** The Descope projects deployed: the one of `projectId`, or each of `projects`, settings resolved. */
  readonly projectSet: readonly DeployedProject[];
}

/** Context key naming an optional JSON file with deploy settings. */
export const CONFIG_FILE_CONTEXT_KEY = 'configFile';

/**
 * Names someone might use to hand the Descope management key to the stack. It must never reach
 * CDK context or a template: it lives in Secrets Manager only.
 */
const SECRET_KEYS = ['managementKey', 'descopeManagementKey', 'DESCOPE_MANAGEMENT_KEY'];

/** Settings that were renamed: the old name is refused with the new one, never silently ignored. */
const RENAMED = new Map([['retentionMode', 'objectLockMode']]);

const isSetting = (key: string): key is keyof DeployConfigValues =>
  (DEPLOY_CONFIG_KEYS as readonly string[]).includes(key);

/**
 * Loads the deploy settings: defaults, overridden by the JSON file named by context `configFile`,
 * overridden by context values (cdk.json, cdk.context.json, `-c key=value`), so the command
 * line always wins. Throws a `DeployConfigError` naming every bad setting.
 */
export function loadDeployConfig(scope: IConstruct, cwd: string = process.cwd()): DeployConfig {
  const node = scope.node;
  for (const key of SECRET_KEYS) {
    if (node.tryGetContext(key) !== undefined) throw secretError(key, 'context');
  }
  for (const [old, current] of RENAMED) {
    if (node.tryGetContext(old) !== undefined) throw renamedError(old, current, 'context');
  }
  const configFile: unknown = node.tryGetContext(CONFIG_FILE_CONTEXT_KEY);
  const fromFile = configFile === undefined ? {} : readConfigFile(configFile, cwd);
  const fromContext: Record<string, unknown> = {};
  for (const key of DEPLOY_CONFIG_KEYS) {
    const value: unknown = node.tryGetContext(key);
    if (value !== undefined) fromContext[key] = value;
  }
  return parseDeployConfig({ ...fromFile, ...fromContext }, cwd);
}

/** Validates raw settings (already merged from their sources) and reads the files they name. */
export function parseDeployConfig(raw: Record<string, unknown>, cwd: string = process.cwd()): DeployConfig {
  const result = deployConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new DeployConfigError(`Invalid deploy configuration: ${describeIssues(result.error.issues, raw)}`);
  }
  const values = result.data;
  const queryCatalog =
    values.queryCatalogFile === undefined ? undefined : readQueryCatalog(values.queryCatalogFile, cwd);
  const frameworkSet = readFrameworkFiles(
    values.frameworkFiles,
    values.frameworks,
    queryCatalog?.catalog,
    cwd,
  );
  return {
    ...values,
    queryCatalog,
    frameworkSet,
    exceptions:
      values.exceptionsFile === undefined ? undefined : readExceptionsFile(values.exceptionsFile, cwd),
    projectSet: resolveProjects(values, { queryCatalog, frameworkSet }, cwd),
  };
}

function readConfigFile(configFile: unknown, cwd: string): Record<string, unknown> {
  if (typeof configFile !== 'string' || configFile.trim() === '') {
    throw new DeployConfigError(
      `Invalid deploy configuration: ${CONFIG_FILE_CONTEXT_KEY} must be a file path`,
    );
  }
  const content = readJsonFile(configFile, CONFIG_FILE_CONTEXT_KEY, cwd);
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    throw new DeployConfigError(
      `Invalid deploy configuration: ${CONFIG_FILE_CONTEXT_KEY} must hold a JSON object`,
    );
  }
  const settings = content as Record<string, unknown>;
  // `$schema`/`$comment` keep editors and humans happy; any other unknown key is most likely a typo.
  const unknown = Object.keys(settings).filter((key) => !key.startsWith('$') && !isSetting(key));
  const secret = unknown.find((key) => SECRET_KEYS.includes(key));
  if (secret) throw secretError(secret, `${CONFIG_FILE_CONTEXT_KEY} ${configFile}`);
  const renamed = unknown.find((key) => RENAMED.has(key));
  if (renamed)
    throw renamedError(renamed, RENAMED.get(renamed) ?? '', `${CONFIG_FILE_CONTEXT_KEY} ${configFile}`);
  if (unknown.length > 0) {
    throw new DeployConfigError(
      `Invalid deploy configuration: ${unknown.join(', ')} in ${CONFIG_FILE_CONTEXT_KEY} ${configFile} ${unknown.length === 1 ? 'is not a setting' : 'are not settings'} (known: ${DEPLOY_CONFIG_KEYS.join(', ')})`,
    );
  }
  return settings;
}

function renamedError(old: string, current: string, source: string): DeployConfigError {
  return new DeployConfigError(
    `Invalid deploy configuration: ${old} (in ${source}) is now called ${current}`,
  );
}

function secretError(key: string, source: string): DeployConfigError {
  return new DeployConfigError(
    `Invalid deploy configuration: ${key} (in ${source}) must not be set: the Descope management key belongs in Secrets Manager only (aws secretsmanager put-secret-value, see the DescopeSecretArn output)`,
  );
}

function describeIssues(issues: readonly z.core.$ZodIssue[], raw: Record<string, unknown>): string {
  return issues
    .map((issue) => {
      const [key, ...rest] = issue.path.map(String);
      // `projects[1].name`: list positions in brackets, keys after a dot.
      const name = `${key ?? '(configuration)'}${rest.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('')}`;
      const missing = key !== undefined && rest.length === 0 && raw[key] === undefined;
      return `${name} ${missing ? 'is required' : issue.message}`;
    })
    .join('; ');
}
