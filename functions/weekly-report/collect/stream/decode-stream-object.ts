import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { linesOf } from '../../../shared/text-lines.js';

/** Errors reach the last stream of a pipeline (destroyed with them), where the reader sees them. */
const ignore = () => {};

/** gzip's magic bytes: whatever the key or Content-Encoding says, the bytes decide. */
const isGzip = (head: Buffer) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** A JSON text broken across this many lines without parsing is not an object of the stream. */
const MAX_PENDING_CHARS = 64 * 1024 * 1024;

/** The object's text: gunzipped when its first bytes are gzip's magic, else as stored (UTF-8). */
async function decodedText(body: Readable): Promise<AsyncIterable<string>> {
  const chunks = body[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await chunks.next();
    if (next.done) break;
    head = Buffer.concat([head, Buffer.from(next.value as Uint8Array)]);
  }
  const raw = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })(),
  );
  const text = isGzip(head) ? pipeline(raw, createGunzip(), ignore) : raw;
  return text.setEncoding('utf8');
}

/**
 * Top-level JSON values written back to back on one line (`{…}{…}`, as Firehose writes records
 * without a delimiter), or `undefined` when the line is not such a run of values.
 */
export function splitConcatenated(line: string): unknown[] | undefined {
  const values: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth < 0) return undefined;
      if (depth === 0) {
        try {
          values.push(JSON.parse(line.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && c !== ' ' && c !== '\t' && c !== '\r') return undefined;
  }
  return depth === 0 && values.length > 0 ? values : undefined;
}

/**
 * Every audit event value of one stream object, whatever its framing: gzip or plain (by magic
 * bytes); NDJSON, values back to back, a JSON array, or one (pretty-printed) object; an array's
 * elements are the events. Throws `SyntaxError` for text that is none of these: the caller
 * quarantines the whole object.
 */
export async function* readStreamValues(body: Readable): AsyncGenerator<unknown> {
  let pending = '';
  let pendingFrom = 0;
  let lineNumber = 0;
  for await (const line of linesOf(await decodedText(body))) {
    lineNumber += 1;
    if (pending === '') {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      let value: unknown;
      let parsed = true;
      try {
        value = JSON.parse(trimmed);
      } catch {
        parsed = false;
      }
      if (parsed) {
        if (Array.isArray(value)) yield* value;
        else yield value;
        continue;
      }
      const run = splitConcatenated(trimmed);
      if (run) {
        for (const v of run) {
          if (Array.isArray(v)) yield* v;
          else yield v;
        }
        continue;
      }
      pendingFrom = lineNumber;
    }
    // A value spread over lines (a pretty-printed object or array): gathered until it parses.
    pending += `${line}\n`;
    if (pending.length > MAX_PENDING_CHARS) break;
    let value: unknown;
    try {
      value = JSON.parse(pending);
    } catch {
      continue;
    }
    pending = '';
    if (Array.isArray(value)) yield* value;
    else yield value;
  }
  if (pending.trim() !== '') throw new SyntaxError(`the object is not JSON from line ${pendingFrom} on`);
}
