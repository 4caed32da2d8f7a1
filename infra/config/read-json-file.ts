import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeError } from '../../functions/shared/errors.js';
import { DeployConfigError } from './deploy-config-error.js';

/**
 * Reads and parses the JSON file a setting points at (relative to `cwd`). Failures name the
 * setting, because the path alone does not tell the reader which option to fix.
 */
export function readJsonFile(file: string, key: string, cwd: string): unknown {
  const path = resolve(cwd, file);
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DeployConfigError(`Invalid deploy configuration: ${key} cannot be read (${path})`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    throw new DeployConfigError(
      `Invalid deploy configuration: ${key} is not valid JSON (${path}: ${describeError(error)})`,
      {
        cause: error,
      },
    );
  }
}
