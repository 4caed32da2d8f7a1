import type { IncomingMessage, ServerResponse } from 'node:http';
import { upstreamRequest } from './s3/upstream.js';

/*
 * s3rver 3.7 cannot continue a ListObjectsV2 listing on Node 17+: its continuation token is DES,
 * which OpenSSL 3 no longer offers, so any listing of more than one page answers 500. The S3
 * stand-in's front asks s3rver the same question as a version 1 listing (`marker`, which s3rver
 * serves without a token) and answers in version 2's form, with a token of its own (the last key).
 */

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Whether the request is a ListObjectsV2 (`GET /bucket?list-type=2…`). */
export function isListV2(request: IncomingMessage): boolean {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url ?? '/', 'http://front');
  return url.searchParams.get('list-type') === '2' && url.pathname.split('/').filter(Boolean).length === 1;
}

/** Asks s3rver the listing as version 1 and answers it as version 2. */
export function listV2ThroughV1(port: number, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://front');
  const query = url.searchParams;
  const token = query.get('continuation-token');
  const marker = token ? Buffer.from(token, 'base64url').toString('utf8') : query.get('start-after');
  for (const name of ['list-type', 'continuation-token', 'start-after', 'fetch-owner']) query.delete(name);
  if (marker) query.set('marker', marker);
  const forwarded = upstreamRequest(
    port,
    { method: 'GET', path: `${url.pathname}?${query}`, headers: request.headers },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        let xml = Buffer.concat(chunks).toString('utf8');
        if (answer.statusCode === 200) {
          const keys = [...xml.matchAll(/<Contents>[\s\S]*?<Key>([\s\S]*?)<\/Key>/g)].map((m) => m[1] ?? '');
          const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
          const last = keys.at(-1);
          const extra = [
            `<KeyCount>${keys.length}</KeyCount>`,
            token ? `<ContinuationToken>${escapeXml(token)}</ContinuationToken>` : '',
            truncated && last !== undefined
              ? `<NextContinuationToken>${Buffer.from(unescapeXml(last), 'utf8').toString('base64url')}</NextContinuationToken>`
              : '',
          ].join('');
          xml = xml
            .replace(/<Marker>[\s\S]*?<\/Marker>|<Marker\/>/, '')
            .replace(/<NextMarker>[\s\S]*?<\/NextMarker>/, '')
            .replace(/(<Prefix>[\s\S]*?<\/Prefix>|<Prefix\/>)/, `$1${extra}`);
        }
        const body = Buffer.from(xml, 'utf8');
        response.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          'content-length': String(body.length),
        });
        response.end(body);
      });
    },
  );
  forwarded.on('error', () => {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  });
  forwarded.end();
}
