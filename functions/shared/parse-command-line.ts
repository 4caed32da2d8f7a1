import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { z } from 'zod';
import { ConfigError, describeError } from './errors.js';

type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * A command's arguments, parsed strictly (an unknown or malformed option is refused): a problem is
 * a ConfigError naming it, followed by the command's usage.
 */
export function parseCommandLine<const O extends CommandOptions>(
  argv: string[],
  options: O,
  usage: string,
  { positionals = false }: { positionals?: boolean } = {},
) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: positionals, options });
  } catch (error) {
    throw new ConfigError(`${describeError(error)}\n${usage}`);
  }
}

/** Option values checked against `schema`: every problem names its option (`--period is required`). */
export function validateOptions<S extends z.ZodType>(schema: S, values: unknown, usage: string): z.output<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) => `--${i.path.join('.')} ${i.code === 'invalid_type' ? 'is required' : i.message}`,
  );
  throw new ConfigError(`${problems.join('; ')}\n${usage}`);
}
