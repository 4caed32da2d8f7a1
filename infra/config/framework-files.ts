import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_QUERIES } from '../../functions/core/catalog/builtin-queries.js';
import type { ReportCatalog } from '../../functions/core/catalog/report-catalog.js';
import { BUILTIN_FRAMEWORK_NAMES } from '../../functions/core/frameworks/builtin-framework-names.js';
import type { Framework } from '../../functions/core/frameworks/framework.js';
import { type FrameworkFile, resolveFrameworks } from '../../functions/core/frameworks/framework-set.js';
import { parseFrameworkFile } from '../../functions/core/frameworks/parse-framework-file.js';
import { DeployConfigError } from './deploy-config-error.js';

/** The deployer's framework files and choice, validated; the files are bundled with the function. */
export interface FrameworkFiles {
  /** Each file: its absolute path on the synthesizing machine and its name in the bundle. */
  readonly files: ReadonlyArray<{ path: string; name: string }>;
  /** Framework ids to report (`REPORT_FRAMEWORKS`); absent: every one. */
  readonly include?: readonly string[];
  /** The ids reported, in order, once resolved. */
  readonly reported: readonly string[];
}

const BUILTIN_DIR = fileURLToPath(new URL('../../frameworks/', import.meta.url));

/** The shipped frameworks, read from the repository (the function bundles the same files as text). */
function builtinFrameworks(): Framework[] {
  return BUILTIN_FRAMEWORK_NAMES.map((name) => {
    const parsed = parseFrameworkFile(`frameworks/${name}`, readFileSync(resolve(BUILTIN_DIR, name), 'utf8'));
    if (!parsed.ok)
      throw new DeployConfigError(`A built-in framework file is invalid: ${parsed.problems.join('; ')}`);
    return parsed.framework;
  });
}

/**
 * Reads the framework files a deploy config names and resolves them with the built-ins and the
 * catalog, as the function will: a bad file, an unknown query or framework id fails the synth with
 * the file and line. `key` names the setting in messages (`frameworkFiles`, `projects[1].frameworkFiles`).
 */
export function readFrameworkFiles(
  given: readonly string[] | undefined,
  include: readonly string[] | undefined,
  catalog: ReportCatalog | undefined,
  cwd: string,
  key = 'frameworkFiles',
): FrameworkFiles {
  const files: Array<{ path: string; name: string }> = [];
  const texts: FrameworkFile[] = [];
  const names = new Map<string, string>();
  for (const file of given ?? []) {
    const path = resolve(cwd, file);
    const name = basename(path);
    if (!/\.(json|ya?ml)$/i.test(name)) {
      throw new DeployConfigError(
        `Invalid deploy configuration: ${key} ${file} must be a .json, .yaml or .yml file`,
      );
    }
    const other = names.get(name);
    if (other)
      throw new DeployConfigError(
        `Invalid deploy configuration: ${key} ${file} and ${other} have the same file name`,
      );
    names.set(name, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new DeployConfigError(`Invalid deploy configuration: ${key} ${file} cannot be read (${path})`, {
        cause: error,
      });
    }
    files.push({ path, name });
    texts.push({ file, text });
  }
  const resolved = resolveFrameworks({
    builtins: builtinFrameworks(),
    files: texts,
    knownQueries: new Set([...BUILTIN_QUERIES, ...(catalog?.queries ?? [])].map((q) => q.id)),
    include,
  });
  if (!resolved.ok) {
    throw new DeployConfigError(`Invalid deploy configuration: ${key}: ${resolved.problems.join('; ')}`);
  }
  return { files, include, reported: resolved.set.frameworks.map((f) => f.framework) };
}
