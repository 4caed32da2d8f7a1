import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { REPORTS_PREFIX } from '../../core/report/report-prefix.js';
import type { ObjectVersions } from './object-versions.js';
import { escapeXml } from './s3-responses.js';
import { downloadObject, headObject, upstreamRequest } from './upstream.js';

export interface DeleteContext {
  upstreamPort: number;
  bucket: string;
  versions: ObjectVersions;
  archive: string;
  policy: { enforced: boolean };
}

/** `/<bucket>/<key>` as s3rver addresses it. */
const pathOf = (bucket: string, key: string) =>
  `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

function upstreamDelete(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = upstreamRequest(port, { method: 'DELETE', path }, (answer) => {
      answer.resume();
      resolve(answer.statusCode ?? 500);
    });
    call.on('error', reject);
    call.end();
  });
}

/**
 * A delete without a version ID, as a versioned bucket does it: the current object's bytes are kept
 * as a noncurrent version and a delete marker becomes current. Refused under `reports/` while the
 * bucket policy is in force.
 */
export async function deleteKey(
  context: DeleteContext,
  key: string,
): Promise<{ deleted: true; markerVersionId: string } | { deleted: false }> {
  if (key.startsWith(REPORTS_PREFIX) && context.policy.enforced) return { deleted: false };
  const path = pathOf(context.bucket, key);
  const latest = context.versions.latest(key);
  if (latest && !latest.deleteMarker && !latest.archived && (await headObject(context.upstreamPort, path))) {
    const file = join(context.archive, latest.versionId);
    await downloadObject(context.upstreamPort, path, file);
    latest.archived = file;
  }
  await upstreamDelete(context.upstreamPort, path);
  return { deleted: true, markerVersionId: context.versions.add(key, 'delete-marker').versionId };
}

const unescapeXml = (text: string) =>
  text.replace(
    /&(lt|gt|amp|apos|quot);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' })[e] ?? '',
  );

/** `DeleteObjects` (POST `/<bucket>?delete`): each key deleted as {@link deleteKey}, one result each. */
export async function serveDeleteObjects(
  context: DeleteContext,
  request: IncomingMessage,
  response: ServerResponse,
  serialised: (path: string, work: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const keys = [
    ...Buffer.concat(chunks)
      .toString('utf8')
      .matchAll(/<Key>([^<]*)<\/Key>/g),
  ].map((m) => unescapeXml(m[1] ?? ''));
  const results: string[] = [];
  for (const key of keys) {
    await serialised(pathOf(context.bucket, key), async () => {
      const outcome = await deleteKey(context, key);
      results.push(
        outcome.deleted
          ? `<Deleted><Key>${escapeXml(key)}</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>${outcome.markerVersionId}</DeleteMarkerVersionId></Deleted>`
          : `<Error><Key>${escapeXml(key)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`,
      );
    });
  }
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${results.join('')}</DeleteResult>`;
  response.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
