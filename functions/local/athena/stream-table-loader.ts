import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { DuckDBConnection } from '@duckdb/node-api';
import { FIREHOSE_EVENTS_PREFIX } from '../../core/stream/stream-layout.js';

/** Where the Glue table's objects are, as the table's location says. */
export interface StreamTableLocation {
  s3: S3Client;
  bucket: string;
  /** The table's Glue database and name, as statements qualify it. */
  database: string;
  table: string;
}

/** A day partition's objects: what a statement naming that `dt` scans. */
export interface LoadedPartitions {
  bytesByDay: Map<string, number>;
}

/** Loads the table for a statement: reads S3 again only when the listing changed since the last load. */
export type StreamTableLoader = (connection: DuckDBConnection) => Promise<LoadedPartitions>;

const DAY_OF_KEY = /dt=(\d{4}-\d{2}-\d{2})\//;

interface ListedObject {
  key: string;
  day: string;
  tag: string;
}

async function listObjects(location: StreamTableLocation): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await location.s3.send(
      new ListObjectsV2Command({
        Bucket: location.bucket,
        Prefix: FIREHOSE_EVENTS_PREFIX,
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      const day = DAY_OF_KEY.exec(object.Key ?? '')?.[1];
      if (!day || !object.Key) continue;
      objects.push({ key: object.Key, day, tag: `${object.ETag ?? ''}/${object.Size ?? ''}` });
    }
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

/**
 * Reads `stream/events/dt=…/` from S3 into `database.table (detail VARCHAR, dt VARCHAR)` as the
 * Glue table reads it: one EventBridge envelope a line of each gzip object, `detail` as JSON text,
 * `dt` from the key. A line that is not JSON fails the load, as the OpenX SerDe without
 * `ignore.malformed.json` fails the statement.
 */
async function loadStreamTable(
  connection: DuckDBConnection,
  location: StreamTableLocation,
  objects: readonly ListedObject[],
): Promise<LoadedPartitions> {
  const table = `"${location.database}"."${location.table}"`;
  await connection.run(`CREATE SCHEMA IF NOT EXISTS "${location.database}"`);
  await connection.run(`CREATE OR REPLACE TABLE ${table} (detail VARCHAR, dt VARCHAR)`);
  const bytesByDay = new Map<string, number>();
  for (const object of objects) {
    const got = await location.s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: object.key }));
    const body = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    bytesByDay.set(object.day, (bytesByDay.get(object.day) ?? 0) + body.length);
    const text = gunzipSync(body).toString('utf8');
    const appender = await connection.createAppender(location.table, location.database);
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const envelope = JSON.parse(line) as { detail?: unknown };
      appender.appendVarchar(JSON.stringify(envelope.detail ?? null));
      appender.appendVarchar(object.day);
      appender.endRow();
    }
    appender.closeSync();
  }
  return { bytesByDay };
}

/**
 * The table as each statement reads it: the objects are listed for every statement (a statement
 * sees what landed before it started, as on Athena), and read again only when the listing changed
 * (keys, ETags, sizes), so a run's statements over an unchanged stream share one load.
 */
export function streamTableLoader(location: StreamTableLocation): StreamTableLoader {
  let cached: { listing: string; loaded: LoadedPartitions } | undefined;
  return async (connection) => {
    const objects = await listObjects(location);
    const listing = JSON.stringify(objects);
    if (cached?.listing === listing) return cached.loaded;
    cached = undefined;
    const loaded = await loadStreamTable(connection, location, objects);
    cached = { listing, loaded };
    return loaded;
  };
}

/** The bytes a statement scans: the objects of the `dt` partitions it names (all, if it names none). */
export function scannedBytes(sql: string, loaded: LoadedPartitions): number {
  const named = /\bdt IN \(([^)]*)\)/.exec(sql)?.[1];
  const days = named ? new Set([...named.matchAll(/'(\d{4}-\d{2}-\d{2})'/g)].map((m) => m[1])) : undefined;
  let bytes = 0;
  for (const [day, size] of loaded.bytesByDay) if (!days || days.has(day)) bytes += size;
  return bytes;
}
