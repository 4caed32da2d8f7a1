import {
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { describeError, ReportStorageError } from '../shared/errors.js';
import type { ObjectVersionInfo, ReportReader, StoredObject } from './report-reader.js';

const isNotFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

/** Reports in an S3 bucket, read-only (the client honours `AWS_ENDPOINT_URL_S3`). */
export function createS3ReportReader(client: S3Client, bucket: string): ReportReader {
  const fail = (action: string, key: string, error: unknown) =>
    new ReportStorageError(`Could not ${action} s3://${bucket}/${key}: ${describeError(error)}`, {
      cause: error,
    });
  async function* pages(prefix: string, delimiter?: string) {
    let token: string | undefined;
    do {
      const answer = await client
        .send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ...(delimiter ? { Delimiter: delimiter } : {}),
            ...(token ? { ContinuationToken: token } : {}),
          }),
        )
        .catch((error: unknown) => {
          throw fail('list', prefix, error);
        });
      yield answer;
      token = answer.IsTruncated ? answer.NextContinuationToken : undefined;
    } while (token);
  }
  return {
    complete: true,
    describe: (key) => `s3://${bucket}/${key}`,
    async list(prefix) {
      const objects: StoredObject[] = [];
      for await (const page of pages(prefix)) {
        for (const o of page.Contents ?? []) if (o.Key) objects.push({ key: o.Key, bytes: o.Size ?? 0 });
      }
      return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async listFolders(prefix) {
      const folders: string[] = [];
      for await (const page of pages(prefix, '/')) {
        for (const p of page.CommonPrefixes ?? []) {
          if (p.Prefix) folders.push(p.Prefix.slice(prefix.length).replace(/\/$/, ''));
        }
      }
      return folders.sort();
    },
    async listVersions(prefix) {
      const versions: ObjectVersionInfo[] = [];
      let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
      for (;;) {
        const page = await client
          .send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, ...markers }))
          .catch((error: unknown) => {
            throw fail('list the versions under', prefix, error);
          });
        type Listed = { Key?: string; VersionId?: string; LastModified?: Date; IsLatest?: boolean };
        const add = (v: Listed, deleteMarker: boolean) => {
          if (v.Key && v.VersionId)
            versions.push({
              key: v.Key,
              versionId: v.VersionId,
              deleteMarker,
              isLatest: v.IsLatest === true,
              lastModified: v.LastModified?.getTime() ?? 0,
            });
        };
        for (const v of page.Versions ?? []) add(v, false);
        for (const m of page.DeleteMarkers ?? []) add(m, true);
        if (!page.IsTruncated) break;
        markers = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
      }
      // S3 lists versions and delete markers apart, each newest first: merged by key, the current
      // one first, then by time (a stable sort keeps S3's order within a second).
      return versions.sort((a, b) =>
        a.key !== b.key
          ? a.key < b.key
            ? -1
            : 1
          : Number(b.isLatest) - Number(a.isLatest) || b.lastModified - a.lastModified,
      );
    },
    async get(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw fail('read', key, error);
      }
    },
  };
}
