import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { isWriteAllowed } from '../../core/integrity/mutable-report-keys.js';
import { isListV2, listV2ThroughV1 } from '../s3-list-v2.js';
import { deleteKey, serveDeleteObjects } from './delete-objects.js';
import type { ObjectVersions } from './object-versions.js';
import { ACCESS_DENIED, answerFailure, PRECONDITION_FAILED, sendError } from './s3-responses.js';
import { downloadObject, headObject, proxy } from './upstream.js';
import { serveVersionList, serveVersionRead } from './version-reads.js';

/** The evidence bucket's policy as the front applies it; `enforced: false` is a bucket without it. */
export interface BucketPolicyState {
  enforced: boolean;
  /**
   * Unconditional writes under `stream/` are the stream delivery's (the stand-in plays the stack's
   * Firehose, the one principal the policy lets write there without `If-None-Match`). @default false
   */
  streamDelivery?: boolean;
}

export interface S3FrontOptions {
  upstreamPort: number;
  bucket: string;
  versions: ObjectVersions;
  /** Where noncurrent versions' bytes are kept. */
  archive: string;
  policy: BucketPolicyState;
}

type Failure = { status: number; code: string; message: string };

/**
 * The front s3rver sits behind: it adds what the evidence bucket has and s3rver lacks. Conditional
 * writes (`If-None-Match: *`, `If-Match`) on PutObject and CompleteMultipartUpload, atomic per key;
 * versioning (each write a version, a plain delete a delete marker, `ListObjectVersions`, reads by
 * `versionId`); and the bucket policy: a write without `If-None-Match` (or, on the few mutable keys
 * under `reports/`, `If-Match`), a CopyObject (S3 answers 501 to one carrying the conditional
 * headers) and, under `reports/`, any delete are refused with 403 AccessDenied. Path-style only.
 */
export function createS3Front(options: S3FrontOptions) {
  const queues = new Map<string, Promise<void>>();
  const serialised = (path: string, work: () => Promise<void>) => {
    const next = (queues.get(path) ?? Promise.resolve()).then(work, work);
    queues.set(path, next);
    const settled = () => {
      if (queues.get(path) === next) queues.delete(path);
    };
    // The caller handles `next`'s failure; this branch only tidies up and must not fail again.
    next.then(settled, settled);
    return next;
  };
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = rest.map((s) => decodeURIComponent(s)).join('/');
    const method = request.method ?? 'GET';
    const query = url.searchParams;
    if (bucket === options.bucket && key === '' && method === 'GET' && query.has('versions')) {
      serveVersionList(response, options.bucket, options.versions, query);
      return;
    }
    const failed = answerFailure(request, response);
    if (bucket === options.bucket && key === '' && method === 'POST' && query.has('delete')) {
      serveDeleteObjects(options, request, response, serialised).catch(failed);
      return;
    }
    if (isListV2(request)) {
      listV2ThroughV1(options.upstreamPort, request, response);
      return;
    }
    if (key === '' || bucket !== options.bucket) {
      void proxy(options.upstreamPort, request, response);
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      serveVersionRead(options, request, response, key, url).catch(failed);
      return;
    }
    serialised(url.pathname, () => write(options, request, response, key, url)).catch(failed);
  });
}

async function write(
  options: S3FrontOptions,
  request: IncomingMessage,
  response: ServerResponse,
  key: string,
  url: URL,
): Promise<void> {
  const method = request.method ?? '';
  const query = url.searchParams;
  const path = url.pathname;
  const refuse = (failure: Failure) => {
    request.resume();
    sendError(response, failure.status, failure.code, failure.message);
  };
  if (method === 'DELETE' && !query.has('uploadId')) {
    if (query.has('versionId'))
      return refuse({
        ...ACCESS_DENIED,
        message: 'Access Denied: the object version is locked (Object Lock)',
      });
    request.resume();
    const deleted = await deleteKey(options, key);
    if (!deleted.deleted) return refuse(ACCESS_DENIED);
    response.writeHead(204, { 'x-amz-version-id': deleted.markerVersionId, 'x-amz-delete-marker': 'true' });
    response.end();
    return;
  }
  // Parts of a multipart upload and its start and abort carry no object: S3 exempts them.
  const creates =
    (method === 'PUT' && !query.has('uploadId')) || (method === 'POST' && query.has('uploadId'));
  if (!creates) return proxy(options.upstreamPort, request, response);
  const conditional = {
    ifNoneMatch: typeof request.headers['if-none-match'] === 'string',
    ifMatch: typeof request.headers['if-match'] === 'string',
  };
  if (request.headers['x-amz-copy-source'] && options.policy.enforced) {
    return refuse(
      conditional.ifNoneMatch || conditional.ifMatch
        ? { status: 501, code: 'NotImplemented', message: 'CopyObject with a conditional header' }
        : ACCESS_DENIED,
    );
  }
  if (
    options.policy.enforced &&
    !isWriteAllowed(key, conditional, { streamDelivery: options.policy.streamDelivery })
  )
    return refuse(ACCESS_DENIED);
  // Every write to the bucket passes here, and the objects of a restored snapshot are versioned
  // when the stand-in starts: the newest version is s3rver's current object (or its absence).
  const latest = options.versions.latest(key);
  const current = latest && !latest.deleteMarker ? latest : undefined;
  const failure = precondition(request, current?.etag);
  if (failure) return refuse(failure);
  if (current && !current.archived) {
    // Kept before the write replaces it: a noncurrent version stays readable by its ID.
    const file = join(options.archive, current.versionId);
    await downloadObject(options.upstreamPort, path, file);
    current.archived = file;
  }
  await proxy(options.upstreamPort, request, response, request.url, async (status, answer) => {
    const headers: Record<string, string> = {};
    if (status >= 300) return headers;
    const stored = storedByPut(request, answer) ?? (await headObject(options.upstreamPort, path));
    headers['x-amz-version-id'] = options.versions.add(key, stored ?? { etag: '', size: 0 }).versionId;
    return headers;
  });
}

/**
 * The object a plain PutObject stored, from s3rver's answer (its ETag) and the request (its body's
 * length); `undefined` for a copy, a completed multipart upload (its ETag is in the answer's body)
 * or a body sent in aws-chunked framing, which s3rver is asked about instead.
 */
function storedByPut(
  request: IncomingMessage,
  answer: IncomingMessage,
): { etag: string; size: number } | undefined {
  const { etag } = answer.headers;
  const size = Number(request.headers['content-length']);
  const plain =
    request.method === 'PUT' &&
    request.headers['x-amz-copy-source'] === undefined &&
    request.headers['x-amz-decoded-content-length'] === undefined &&
    !String(request.headers['content-encoding'] ?? '').includes('aws-chunked');
  return plain && typeof etag === 'string' && Number.isSafeInteger(size) ? { etag, size } : undefined;
}

/** S3's answer to a conditional write whose condition does not hold, or nothing when it holds. */
function precondition(request: IncomingMessage, current: string | undefined): Failure | undefined {
  const noneMatch = request.headers['if-none-match'];
  const match = request.headers['if-match'];
  if (typeof noneMatch === 'string') {
    return current !== undefined && (noneMatch === '*' || noneMatch === current)
      ? PRECONDITION_FAILED
      : undefined;
  }
  if (typeof match !== 'string') return undefined;
  if (current === undefined)
    return { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
  return match !== '*' && match !== current ? PRECONDITION_FAILED : undefined;
}
