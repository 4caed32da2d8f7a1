import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReportStore } from '../../functions/adapters/report-store.js';

const etag = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

/** A fake of the store port: objects in a map, streams read to the end. */
export function inMemoryReportStore() {
  const objects = new Map<string, Buffer>();
  const store: ReportStore = {
    describe: (prefix) => ({ uri: `mem://${prefix}`, browseUrl: '' }),
    async put(key, body) {
      objects.set(key, Buffer.from(body));
    },
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
    async putStream(key, body: Readable) {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
      objects.set(key, Buffer.concat(chunks));
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
  };
  return { store, objects, text: (key: string) => objects.get(key)?.toString('utf8') ?? '' };
}
