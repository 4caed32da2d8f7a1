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

const DAY_OF_KEY = /dt=(\d{4}-\d{2}-\d{2})\//;

/**
 * Reads `stream/events/dt=…/` from S3 into `database.table (detail VARCHAR, dt VARCHAR)` as the
 * Glue table reads it: one EventBridge envelope a line of each gzip object, `detail` as JSON text,
 * `dt` from the key. A line that is not JSON fails the load, as the OpenX SerDe without
 * `ignore.malformed.json` fails the statement.
 */
export async function loadStreamTable(
  connection: DuckDBConnection,
  location: StreamTableLocation,
): Promise<LoadedPartitions> {
  const table = `"${location.database}"."${location.table}"`;
  await connection.run(`CREATE SCHEMA IF NOT EXISTS "${location.database}"`);
  await connection.run(`CREATE OR REPLACE TABLE ${table} (detail VARCHAR, dt VARCHAR)`);
  const bytesByDay = new Map<string, number>();
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
      const got = await location.s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: object.Key }));
      const body = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
      bytesByDay.set(day, (bytesByDay.get(day) ?? 0) + body.length);
      const text = gunzipSync(body).toString('utf8');
      const appender = await connection.createAppender(location.table, location.database);
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        const envelope = JSON.parse(line) as { detail?: unknown };
        appender.appendVarchar(JSON.stringify(envelope.detail ?? null));
        appender.appendVarchar(day);
        appender.endRow();
      }
      appender.closeSync();
    }
    token = page.NextContinuationToken;
  } while (token);
  return { bytesByDay };
}

/** The bytes a statement scans: the objects of the `dt` partitions it names (all, if it names none). */
export function scannedBytes(sql: string, loaded: LoadedPartitions): number {
  const named = /\bdt IN \(([^)]*)\)/.exec(sql)?.[1];
  const days = named ? new Set([...named.matchAll(/'(\d{4}-\d{2}-\d{2})'/g)].map((m) => m[1])) : undefined;
  let bytes = 0;
  for (const [day, size] of loaded.bytesByDay) if (!days || days.has(day)) bytes += size;
  return bytes;
}
