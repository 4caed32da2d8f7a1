/** Where in a statement DuckDB points, as a reader counts: line and column, in characters. */

/**
 * `line L, column C` (1-based, in characters) of a DuckDB offset into `text`; empty when there is
 * none. DuckDB counts a parse tree's `query_location` in UTF-8 bytes, a parser error's position in
 * characters.
 */
export function describePosition(text: string, offset: unknown, unit: 'bytes' | 'characters'): string {
  const at = typeof offset === 'string' ? Number(offset) : offset;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return '';
  const bytes = new TextEncoder().encode(text);
  const chars = [...text];
  if (at > (unit === 'bytes' ? bytes.length : chars.length)) return '';
  const prefix =
    unit === 'bytes' ? new TextDecoder().decode(bytes.subarray(0, at)) : chars.slice(0, at).join('');
  const lines = prefix.split('\n');
  return `line ${lines.length}, column ${[...(lines.at(-1) ?? '')].length + 1}`;
}

/**
 * Where a DuckDB error message points (`LINE n: <context>` then a `^` under the spot), as line
 * and column of `text`; empty when the message does not say or the context cannot be found.
 */
export function errorPosition(message: string, text: string): string {
  const lines = message.split('\n');
  const index = lines.findIndex((l) => /^LINE \d+: /.test(l));
  const context = lines[index];
  const caret = lines[index + 1]?.indexOf('^') ?? -1;
  const match = context === undefined ? null : /^(LINE (\d+): )(.*)$/.exec(context);
  if (!match || caret < 0) return '';
  const lineNumber = Number(match[2]);
  const source = text.split('\n')[lineNumber - 1];
  if (source === undefined) return '';
  const shown = match[3] ?? '';
  let offset = caret - (match[1] ?? '').length;
  // DuckDB shortens a long line to a window around the spot, marked with "...": find the window.
  if (shown.startsWith('...')) {
    const start = source.indexOf(shown.slice(3).replace(/\.\.\.$/, ''));
    if (start < 0) return '';
    offset += start - 3;
  }
  if (offset < 0 || offset > source.length) return '';
  return `line ${lineNumber}, column ${offset + 1}`;
}

/** What a DuckDB error message says, on one line, without its `LINE n:` excerpt. */
export function errorSummary(message: string): string {
  const index = message.split('\n').findIndex((l) => /^LINE \d+: /.test(l));
  const kept = index < 0 ? message.split('\n') : message.split('\n').slice(0, index);
  return kept
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}
