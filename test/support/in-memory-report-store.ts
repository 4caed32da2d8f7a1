import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReportStore } from '../../functions/adapters/report-store.js';

const etag = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

/** A fake of the store port: objects in a map, conditional writes as S3 honours them, streams read to the end. */
export function inMemoryReportStore() {
  const objects = new Map<string, Buffer>();
  const store: ReportStore = {
    describe: (prefix) => ({ uri: `mem://${prefix}`, browseUrl: '' }),
    async putIf(key, body, _contentType, condition) {
      const current = objects.get(key);
      const holds =
        'ifNoneMatch' in condition
          ? current === undefined
          : current !== undefined && etag(current) === condition.ifMatch;
      if (!holds) return { written: false };
      objects.set(key, Buffer.from(body));
      return { written: true, etag: etag(Buffer.from(body)) };
    },
    async putStreamIfAbsent(key, body: Readable) {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
      if (objects.has(key)) return { written: false };
      objects.set(key, Buffer.concat(chunks));
      return { written: true };
    },
    async get(key) {
      const body = objects.get(key);
      return body ? new Uint8Array(body) : undefined;
    },
    async getStream(key) {
      const body = objects.get(key);
      return body ? Readable.from([body]) : undefined;
    },
    async getVersioned(key) {
      const body = objects.get(key);
      return body ? { body: new Uint8Array(body), etag: etag(body) } : undefined;
    },
    async list(prefix) {
      return [...objects.entries()]
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, body]) => ({ key, bytes: body.byteLength }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
  };
  return { store, objects, text: (key: string) => objects.get(key)?.toString('utf8') ?? '' };
}
