import { readFile } from 'node:fs/promises';
import { parseExceptionsFile } from '../../core/exceptions/parse-exceptions-file.js';
import type { RiskExceptions } from '../../core/exceptions/risk-exception.js';
import { ConfigError, describeError } from '../../shared/errors.js';

/**
 * The accepted risks of `REPORT_EXCEPTIONS_FILE`, read and validated before any request; `undefined`
 * when none is configured. Every problem names the variable, the file and the line.
 */
export async function loadExceptions(config: {
  REPORT_EXCEPTIONS_FILE?: string;
}): Promise<RiskExceptions | undefined> {
  const path = config.REPORT_EXCEPTIONS_FILE;
  if (!path) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: REPORT_EXCEPTIONS_FILE ${path} cannot be read (${describeError(error)})`,
    );
  }
  const parsed = parseExceptionsFile(text, path);
  if (!parsed.ok)
    throw new ConfigError(`Invalid configuration: REPORT_EXCEPTIONS_FILE ${parsed.problems.join('; ')}`);
  return parsed.value;
}
