import type { Framework } from './framework.js';
import { parseFrameworkFile } from './parse-framework-file.js';

/** A framework file as given: where it came from (for messages) and its text. */
export interface FrameworkFile {
  file: string;
  text: string;
}

/** The frameworks a deployment reports against, in report order. */
export interface FrameworkSet {
  frameworks: readonly Framework[];
}

export type FrameworkSetResult = { ok: true; set: FrameworkSet } | { ok: false; problems: string[] };

export interface ResolveFrameworksInput {
  /** The shipped frameworks (`BUILTIN_FRAMEWORKS`). */
  builtins: readonly Framework[];
  /** A deployer's files: each adds a framework or, with a built-in's id, replaces that one. */
  files: readonly FrameworkFile[];
  /** Query ids a control may name: every built-in query and the catalog's custom ones. @default not checked */
  knownQueries?: ReadonlySet<string>;
  /** Framework ids to report, in this order. @default every framework */
  include?: readonly string[];
}

/**
 * The deployment's frameworks: built-ins, replaced or extended by the deployer's files, then
 * narrowed to `include`. Every problem is reported at once, each naming its file and line (or the
 * setting), so a deployer fixes everything in one round.
 */
export function resolveFrameworks(input: ResolveFrameworksInput): FrameworkSetResult {
  const problems: string[] = [];
  const custom = new Map<string, { framework: Framework; file: string }>();
  for (const { file, text } of input.files) {
    const parsed = parseFrameworkFile(file, text, input.knownQueries);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const other = custom.get(parsed.framework.framework);
    if (other) {
      problems.push(`${file}: framework "${parsed.framework.framework}" is also defined by ${other.file}`);
      continue;
    }
    custom.set(parsed.framework.framework, { framework: parsed.framework, file });
  }
  const builtinIds = new Set(input.builtins.map((f) => f.framework));
  const all = [
    ...input.builtins.map((f) => custom.get(f.framework)?.framework ?? f),
    ...[...custom.values()].filter((c) => !builtinIds.has(c.framework.framework)).map((c) => c.framework),
  ];
  const byId = new Map(all.map((f) => [f.framework, f]));
  const include = input.include ?? all.map((f) => f.framework);
  const frameworks: Framework[] = [];
  for (const id of include) {
    const framework = byId.get(id);
    if (framework) frameworks.push(framework);
    else
      problems.push(
        `frameworks: "${id}" is neither a built-in framework nor one of the given files (known: ${[...byId.keys()].join(', ')})`,
      );
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, set: { frameworks } };
}
