import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeError } from '../../functions/shared/errors.js';
import { DeployConfigError } from './deploy-config-error.js';

/** A JSON file a setting points at: where it is, its text as read, and its parsed value. */
export interface JsonFile {
  path: string;
  text: string;
  value: unknown;
}

/**
 * Reads and parses the JSON file a setting points at (relative to `cwd`). Failures name the
 * setting, because the path alone does not tell the reader which option to fix.
 */
export function readJsonFileText(file: string, key: string, cwd: string): JsonFile {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DeployConfigError(`Invalid deploy configuration: ${key} cannot be read (${path})`, {
      cause: error,
    });
  }
  try {
    return { path, text, value: JSON.parse(text) as unknown };
  } catch (error) {
    throw new DeployConfigError(
      `Invalid deploy configuration: ${key} is not valid JSON (${path}: ${describeError(error)})`,
      {
        cause: error,
      },
    );
  }
}

/** The parsed value of the JSON file a setting points at (see {@link readJsonFileText}). */
export const readJsonFile = (file: string, key: string, cwd: string): unknown =>
  readJsonFileText(file, key, cwd).value;
