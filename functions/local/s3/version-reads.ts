import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObjectVersions } from './object-versions.js';
import { renderVersionList, sendError } from './s3-responses.js';
import { proxy } from './upstream.js';

/** `ListObjectVersions`: every version and delete marker under `prefix`, paged as S3 pages them. */
export function serveVersionList(
  response: ServerResponse,
  bucket: string,
  versions: ObjectVersions,
  query: URLSearchParams,
): void {
  if (query.get('delimiter')) {
    sendError(response, 501, 'NotImplemented', 'ListObjectVersions with a delimiter is not supported');
    return;
  }
  const prefix = query.get('prefix') ?? '';
  const requested = Number(query.get('max-keys') ?? 1000);
  const listed = {
    keyMarker: query.get('key-marker') ?? undefined,
    versionIdMarker: query.get('version-id-marker') ?? undefined,
    maxKeys: Number.isInteger(requested) && requested > 0 ? Math.min(requested, 1000) : 1000,
  };
  const body = renderVersionList(bucket, prefix, listed, versions.list(prefix, listed));
  response.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * GetObject and HeadObject: the current object is s3rver's (its version ID added to the answer); an
 * older version by `versionId` comes from the kept bytes; a delete marker answers 405, as in S3.
 */
export async function serveVersionRead(
  options: { upstreamPort: number; versions: ObjectVersions },
  request: IncomingMessage,
  response: ServerResponse,
  key: string,
  url: URL,
): Promise<void> {
  const latest = options.versions.latest(key);
  const versionId = url.searchParams.get('versionId');
  if (versionId === null || (latest && versionId === latest.versionId && !latest.deleteMarker)) {
    url.searchParams.delete('versionId');
    const current = latest && !latest.deleteMarker ? latest.versionId : undefined;
    await proxy(options.upstreamPort, request, response, `${url.pathname}${url.search}`, async () => {
      const headers: Record<string, string> = {};
      if (current) headers['x-amz-version-id'] = current;
      return headers;
    });
    return;
  }
  const version = options.versions.find(key, versionId);
  if (!version) {
    sendError(response, 404, 'NoSuchVersion', 'The specified version does not exist.');
    return;
  }
  if (version.deleteMarker || !version.archived) {
    sendError(
      response,
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
    );
    return;
  }
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': version.size,
    etag: version.etag,
    'last-modified': version.lastModified.toUTCString(),
    'x-amz-version-id': version.versionId,
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(version.archived).pipe(response);
}
