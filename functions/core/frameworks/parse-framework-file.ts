import { isMap, isNode, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Framework, frameworkSchema } from './framework.js';

/** A framework file read: its framework, or every problem found, each naming the file and line. */
export type FrameworkFileResult = { ok: true; framework: Framework } | { ok: false; problems: string[] };

type Document = ReturnType<typeof parseDocument>;

/** `file:line:column` of a node, from its offset. */
const place = (file: string, lines: LineCounter, offset: number) => {
  const { line, col } = lines.linePos(offset);
  return `${file}:${line}:${col}`;
};

/**
 * The node a zod issue points at: the deepest node of its path that exists (a missing key points at
 * the object that lacks it), or the offending key itself for an unknown key.
 */
function nodeOf(doc: Document, issue: z.core.$ZodIssue): Node | undefined {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (!isNode(node)) continue;
    if (depth === path.length && issue.code === 'unrecognized_keys' && isMap(node)) {
      const key = node.items.find(
        (pair) => isNode(pair.key) && issue.keys.includes(String(pair.key.toJSON())),
      );
      if (key && isNode(key.key)) return key.key;
    }
    return node;
  }
  return undefined;
}

const pathText = (path: readonly PropertyKey[]) =>
  path.length === 0
    ? ''
    : `${path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')}: `;

/** Every query a control names that is not in `known`, as a problem at its line. */
function unknownQueries(
  file: string,
  lines: LineCounter,
  doc: Document,
  framework: Framework,
  known: ReadonlySet<string>,
) {
  const problems: string[] = [];
  framework.controls.forEach((control, i) => {
    control.evidence.queries.forEach((id, j) => {
      if (known.has(id)) return;
      const path = ['controls', i, 'evidence', 'queries', j];
      const node = doc.getIn(path, true);
      const at = isNode(node) && node.range ? place(file, lines, node.range[0]) : `${file}:1:1`;
      problems.push(`${at}: ${pathText(path)}"${id}" is not a query of the catalog (built-in or custom)`);
    });
  });
  return problems;
}

/**
 * Parses and validates a framework file, JSON or YAML (YAML's parser reads both and keeps every
 * node's position). Problems read `frameworks/soc2.yaml:12:7: controls[3].evidence.queries[0]: …`
 * so a deployer finds the line at once; a duplicate key is a problem, not a silent overwrite. With
 * `knownQueries`, a control naming a query that is not among them is a problem too (a disabled
 * built-in is known: its controls then read "not evidenced", saying why).
 */
export function parseFrameworkFile(
  file: string,
  text: string,
  knownQueries?: ReadonlySet<string>,
): FrameworkFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => `${place(file, lines, e.pos[0])}: ${e.message.split('\n')[0]}`),
    };
  }
  const result = frameworkSchema.safeParse(doc.toJS({ maxAliasCount: 0 }));
  if (result.success) {
    const problems = knownQueries ? unknownQueries(file, lines, doc, result.data, knownQueries) : [];
    return problems.length === 0 ? { ok: true, framework: result.data } : { ok: false, problems };
  }
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const node = nodeOf(doc, issue);
      const at = node?.range ? place(file, lines, node.range[0]) : `${file}:1:1`;
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `${at}: ${pathText(issue.path)}${issue.message}${keys}`;
    }),
  };
}
