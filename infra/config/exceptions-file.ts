import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseExceptionsFile } from '../../functions/core/exceptions/parse-exceptions-file.js';
import { DeployConfigError } from './deploy-config-error.js';

/** The accepted-risks file, validated: bundled with the function as it is. */
export interface ExceptionsFile {
  /** Absolute path of the file on the machine that synthesizes. */
  readonly path: string;
  readonly text: string;
}

/**
 * Reads the exceptions file and validates it with the function's own rules (each problem names
 * the file and line), so a bad file fails the synth, not the first run.
 */
export function readExceptionsFile(file: string, cwd: string): ExceptionsFile {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DeployConfigError(`Invalid deploy configuration: exceptionsFile cannot be read (${path})`, {
      cause: error,
    });
  }
  const parsed = parseExceptionsFile(text, file);
  if (!parsed.ok)
    throw new DeployConfigError(`Invalid deploy configuration: exceptionsFile ${parsed.problems.join('; ')}`);
  return { path, text };
}
