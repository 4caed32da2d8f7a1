import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VersionPage } from './object-versions.js';

export const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);

/** An S3 error document with its status, as the SDK parses it (`name` = `Code`). */
export function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;
  response.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/**
 * Answers a request the front could not serve (s3rver failed under it) as S3 answers an internal
 * failure: 500 InternalError, which clients retry. Once the answer has started, the connection is
 * cut so that the client sees a truncated answer rather than a complete-looking one. A failure in
 * the stand-in is the client's error to handle, never an unhandled rejection ending the process.
 */
export function answerFailure(request: IncomingMessage, response: ServerResponse) {
  return (error: unknown): void => {
    request.resume();
    if (!response.headersSent) {
      const message = error instanceof Error ? error.message : String(error);
      sendError(response, 500, 'InternalError', `The stand-in's storage failed: ${message}`);
    } else response.destroy();
  };
}

export const PRECONDITION_FAILED = {
  status: 412,
  code: 'PreconditionFailed',
  message: 'At least one of the pre-conditions you specified did not hold',
};

/** What S3 answers a request an explicit `Deny` of the bucket policy refuses. */
export const ACCESS_DENIED = { status: 403, code: 'AccessDenied', message: 'Access Denied' };

/** `ListObjectVersions` (GET `/<bucket>?versions`) as S3 answers it. */
export function renderVersionList(
  bucket: string,
  prefix: string,
  query: { keyMarker?: string; versionIdMarker?: string; maxKeys: number },
  page: VersionPage,
): string {
  const entries = page.entries.map((v) => {
    const common = `<Key>${escapeXml(v.key)}</Key><VersionId>${v.versionId}</VersionId><IsLatest>${v.isLatest}</IsLatest><LastModified>${v.lastModified.toISOString()}</LastModified>`;
    return v.deleteMarker
      ? `<DeleteMarker>${common}</DeleteMarker>`
      : `<Version>${common}<ETag>${escapeXml(v.etag)}</ETag><Size>${v.size}</Size><StorageClass>STANDARD</StorageClass></Version>`;
  });
  const next = page.truncated
    ? `<NextKeyMarker>${escapeXml(page.nextKeyMarker ?? '')}</NextKeyMarker><NextVersionIdMarker>${page.nextVersionIdMarker ?? ''}</NextVersionIdMarker>`
    : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix>` +
    `<KeyMarker>${escapeXml(query.keyMarker ?? '')}</KeyMarker><VersionIdMarker>${escapeXml(query.versionIdMarker ?? '')}</VersionIdMarker>` +
    `<MaxKeys>${query.maxKeys}</MaxKeys><IsTruncated>${page.truncated}</IsTruncated>${next}` +
    `${entries.join('')}</ListVersionsResult>`
  );
}
