import type { AuditRecord } from './audit-record.js';

/**
 * A field of an audit record: a top-level name (`geo`, `userId`, `loginIds`, …), a dotted path
 * into `data` (`data.error_message`, `data.Change.display_name`), or a derived field
 * (`scimOutcome`). Paths are looked up as data, never evaluated, so a catalog entry cannot run code.
 */
export type FieldPath = string;

/** Renders any audit value as the text shown in tables: arrays joined by `; `, objects as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(formatValue).join('; ');
  return JSON.stringify(value);
}

const isPresent = (data: Record<string, unknown>, key: string) =>
  Object.hasOwn(data, key) && data[key] !== undefined && data[key] !== null && data[key] !== '';

/**
 * The outcome of a `SCIMEvent` as Descope writes it: on success `data.scim_result` is the SCIM
 * resource (an object); on failure it is omitted and `data.error` says why. Anything else (a
 * result that is not a resource, such as the text `success`, without an error) is `unknown`,
 * shown as such rather than guessed.
 */
export function scimOutcome(record: AuditRecord): 'succeeded' | 'failed' | 'unknown' {
  const result = Object.hasOwn(record.data, 'scim_result') ? record.data.scim_result : undefined;
  if (result !== null && typeof result === 'object') return 'succeeded';
  if (isPresent(record.data, 'error')) return 'failed';
  return 'unknown';
}

/** The `data` keys each derived field is computed from (the doctor compares them with real records). */
export const DERIVED_FIELD_SOURCES: ReadonlyMap<string, readonly string[]> = new Map([
  ['scimOutcome', ['scim_result', 'error']],
]);

/** Fields computed from a record rather than stored in it, readable like any other field. */
const DERIVED_FIELDS = new Map<string, (record: AuditRecord) => unknown>([['scimOutcome', scimOutcome]]);

/** The value at a dotted path below `root`, own properties only (data never reaches a prototype). */
export function readOwnPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The raw value at `path` (`occurred` stays epoch milliseconds). */
export function readRawField(record: AuditRecord, path: FieldPath): unknown {
  const derived = DERIVED_FIELDS.get(path);
  return derived ? derived(record) : readOwnPath(record, path);
}

/** The value at `path` as display text; `occurred` as ISO 8601 UTC. */
export function readField(record: AuditRecord, path: FieldPath): string {
  if (path === 'occurred') return new Date(record.occurred).toISOString();
  return formatValue(readRawField(record, path));
}
