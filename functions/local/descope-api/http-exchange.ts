import type { IncomingMessage, ServerResponse } from 'node:http';
import { safeStringify } from '../../core/records/json-writer.js';
import { apiError, ERROR_CODES, type JsonAnswer } from './api-answer.js';
import type { FaultKind } from './fault-plan.js';

/** Bodies above this are refused; search bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 1_000_000;

/** A request body: parsed JSON, `undefined` when empty, or the 400 to answer when it is not JSON. */
export type ReadBody = { ok: true; body: unknown } | { ok: false; error: JsonAnswer; raw: string };

/** Reads and parses the whole request body. */
export async function readJsonBody(request: IncomingMessage): Promise<ReadBody> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  if (length > MAX_BODY_BYTES) {
    return {
      ok: false,
      raw: '',
      error: apiError(400, ERROR_CODES.badRequest, 'Bad request', 'body too large'),
    };
  }
  if (raw.trim() === '') return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(raw) };
  } catch {
    return {
      ok: false,
      raw,
      error: apiError(400, ERROR_CODES.badRequest, 'Bad request', 'body is not JSON'),
    };
  }
}

/** Sends a JSON answer with an exact `Content-Length`. */
export function sendJson(response: ServerResponse, answer: JsonAnswer): void {
  const payload = Buffer.from(safeStringify(answer.body), 'utf8');
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': String(payload.length),
    ...answer.headers,
  });
  response.end(payload);
}

const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

/**
 * Plays out a fault instead of (or, for `truncatedJson`, from) the real answer. Returns the status
 * sent, or `undefined` when the client gets no answer at all.
 */
export function sendFault(response: ServerResponse, kind: FaultKind, answer: JsonAnswer): number | undefined {
  switch (kind) {
    case 'http500':
      sendJson(response, apiError(500, ERROR_CODES.internal, 'Internal error', 'injected fault'));
      return 500;
    case 'http503':
      sendJson(response, apiError(503, ERROR_CODES.unavailable, 'Service unavailable', 'injected fault'));
      return 503;
    case 'html502':
      response.writeHead(502, {
        'content-type': 'text/html',
        'content-length': String(Buffer.byteLength(BAD_GATEWAY_PAGE)),
      });
      response.end(BAD_GATEWAY_PAGE);
      return 502;
    case 'truncatedJson': {
      const full = Buffer.from(safeStringify(answer.body), 'utf8');
      const half = full.subarray(0, Math.floor(full.length / 2));
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(half.length) });
      response.end(half);
      return 200;
    }
    case 'hang':
      // Left open on purpose; close() destroys the connection.
      return undefined;
    case 'reset':
      response.socket?.destroy();
      return undefined;
  }
}
