import type { TimeWindow } from '../../records/audit-record.js';
import { sqlIdentifier as id, sqlInteger, sqlText } from '../sql-literal.js';

/*
 * The `records` relation of an Athena run: the Glue table over `stream/events/dt=…/` (one
 * EventBridge envelope a line, the Descope event in `detail`, read as JSON text), normalised to
 * the evidence columns as the stream reader does (core/stream/stream-event.ts): the ID from `ID`,
 * `id` or `auditId`, login IDs from `externalIds` or `loginIds`, `occurred` as a number or a digit
 * string; kept to `[from, to)` and de-duplicated by record ID (the stream is at-least-once).
 * Partition pruning: `dt` names only the days the cost guard priced (athena-cost-guard.ts).
 * An event whose `occurred` reads as none of those cannot be placed in or out of the period, so
 * `records` cannot hold it: `streamUnplacedTrino` counts such events per day, and the run reports
 * them as gaps (core/engine/unplaced-event-gaps.ts) instead of letting them drop out unseen.
 */

/** Where the stream table is. */
export interface StreamTable {
  database: string;
  table: string;
}

const text = (path: string) => `coalesce(json_extract_scalar(detail, ${sqlText(path)}), '')`;
const list = (path: string) => `TRY_CAST(json_extract(detail, ${sqlText(path)}) AS ARRAY(VARCHAR))`;

const RAW_OCCURRED = `json_extract_scalar(detail, '$.occurred')`;
/** A number or digit string as epoch ms, else an ISO 8601 time (the spellings the stream reader takes); NULL otherwise. */
const OCCURRED_MS = `coalesce(TRY_CAST(${RAW_OCCURRED} AS BIGINT), CAST(floor(to_unixtime(TRY(from_iso8601_timestamp(${RAW_OCCURRED}))) * 1000) AS BIGINT))`;

const table = (source: StreamTable) => `${id(source.database)}.${id(source.table)}`;
const dayList = (days: readonly string[]) => days.map(sqlText).join(', ');

/** The normalised, de-duplicated records of `period`, read from the partitions `days`. */
export function streamRecordsTrino(source: StreamTable, period: TimeWindow, days: readonly string[]): string {
  const occurred = OCCURRED_MS;
  const columns = [
    `coalesce(json_extract_scalar(detail, '$.ID'), json_extract_scalar(detail, '$.id'), json_extract_scalar(detail, '$.auditId')) AS ${id('id')}`,
    `${occurred} AS ${id('occurredMs')}`,
    `${text('$.action')} AS ${id('action')}`,
    `${text('$.userId')} AS ${id('userId')}`,
    `coalesce(${list('$.externalIds')}, ${list('$.loginIds')}, CAST(ARRAY[] AS ARRAY(VARCHAR))) AS ${id('loginIds')}`,
    `${text('$.actorId')} AS ${id('actorId')}`,
    `coalesce(${list('$.tenants')}, CAST(ARRAY[] AS ARRAY(VARCHAR))) AS ${id('tenants')}`,
    ...['geo', 'remoteAddress', 'device', 'method', 'type', 'projectId'].map(
      (f) => `${text(`$.${f}`)} AS ${id(f)}`,
    ),
    `coalesce(json_format(json_extract(detail, '$.data')), '{}') AS ${id('data')}`,
  ];
  return `SELECT * FROM (
  SELECT *, row_number() OVER (PARTITION BY coalesce(${id('id')}, ${id('action')} || ':' || CAST(${id('occurredMs')} AS VARCHAR)) ORDER BY ${id('occurredMs')}) AS copy__
  FROM (SELECT ${columns.join(',\n    ')}
    FROM ${table(source)}
    WHERE dt IN (${dayList(days)}))
  WHERE ${id('occurredMs')} >= ${sqlInteger(period.from)} AND ${id('occurredMs')} < ${sqlInteger(period.to)})
WHERE copy__ = 1`;
}

/** Columns of {@link streamUnplacedTrino}'s rows: a partition day and its unplaced events. */
export interface UnplacedEventsRow {
  day: string;
  events: number;
}

/**
 * Per day partition of `days`, the events whose `occurred` is missing or unreadable (so
 * `streamRecordsTrino` cannot place them), only days that have some, in day order.
 */
export function streamUnplacedTrino(source: StreamTable, days: readonly string[]): string {
  return `SELECT dt AS ${id('day')}, count(*) AS ${id('events')}
FROM ${table(source)}
WHERE dt IN (${dayList(days)}) AND ${OCCURRED_MS} IS NULL
GROUP BY dt
ORDER BY dt`;
}
