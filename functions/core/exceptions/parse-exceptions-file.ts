import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { exceptionsFileSchema, type RiskExceptions } from './risk-exception.js';

export type ParsedExceptions = { ok: true; value: RiskExceptions } | { ok: false; problems: string[] };

/** 1-based line of `offset` in `text`. */
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** The deepest node of `path` the document has (a missing key points at its parent object). */
function nodeFor(root: Node | undefined, path: (string | number)[]): Node | undefined {
  if (!root) return undefined;
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = findNodeAtLocation(root, path.slice(0, depth));
    if (node) return node;
  }
  return root;
}

/**
 * Reads an exceptions file's text: strict JSON, then the schema. Every problem names the file, the
 * line and the field (`risk-exceptions.json line 7: exceptions[1].expires must be …`).
 */
export function parseExceptionsFile(text: string, file: string): ParsedExceptions {
  // The tree gives every node's offset; strict options make it refuse what JSON.parse refuses.
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first)
    return {
      ok: false,
      problems: [
        `${file} line ${lineOf(text, first.offset)}: is not JSON (${printParseErrorCode(first.error)})`,
      ],
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${file}: is not JSON (${String((error as Error).message)})`] };
  }
  const parsed = exceptionsFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: { source: file, exceptions: parsed.data.exceptions } };
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const node = nodeFor(root, path);
    const line = node ? ` line ${lineOf(text, node.offset)}` : '';
    const field = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
    return `${file}${line}: ${field || '(file)'} ${issue.message}`;
  });
  return { ok: false, problems };
}
