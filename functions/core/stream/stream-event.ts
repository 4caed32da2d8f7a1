/*
 * One event read from Descope's audit stream, whose JSON format is undocumented: assume it mirrors
 * the search record and accept the spellings seen across Descope's SDKs and connectors. What comes
 * out is the node SDK's shape (`ID`, `loginIds`, `occurred` as a number), which the search path's
 * record parser then validates, so both sources keep exactly the same records.
 */

/** How one stream event was written: the doctor lists these, the report counts them. */
export interface StreamEventShape {
  /** Wrapped in an EventBridge envelope (`detail`), or the audit record itself. */
  envelope: boolean;
  idField: 'ID' | 'id' | 'auditId' | 'none';
  loginIdsField: 'externalIds' | 'loginIds' | 'none';
  occurred: 'number' | 'digits' | 'iso' | 'other';
}

export interface UnwrappedStreamEvent {
  /** The record in the SDK's spelling, still unvalidated. */
  candidate: Record<string, unknown>;
  shape: StreamEventShape;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An EventBridge event: `detail` (an object) beside `detail-type`, as EventBridge always sends them. */
const isEnvelope = (value: Record<string, unknown>) =>
  isObject(value.detail) && typeof value['detail-type'] === 'string';

function occurredOf(value: unknown): { ms: unknown; kind: StreamEventShape['occurred'] } {
  if (typeof value === 'number') return { ms: value, kind: 'number' };
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) return { ms: Number(value), kind: 'digits' };
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    return { ms: Number.isNaN(ms) ? value : ms, kind: 'iso' };
  }
  return { ms: value, kind: 'other' };
}

const firstText = (record: Record<string, unknown>, fields: readonly string[]) => {
  for (const field of fields) {
    if (typeof record[field] === 'string' && record[field] !== '') return field;
  }
  return undefined;
};

/**
 * The audit record inside one parsed stream value: the envelope's `detail` or the value itself, with
 * the record ID taken from `ID`, `id` or `auditId`, login IDs from `externalIds` or `loginIds`, and
 * `occurred` as epoch ms whether it came as a number, a digit string or an ISO 8601 time.
 * `undefined` for a value that is not an object (counted as malformed by the caller).
 */
export function unwrapStreamEvent(value: unknown): UnwrappedStreamEvent | undefined {
  if (!isObject(value)) return undefined;
  const envelope = isEnvelope(value);
  const record = envelope ? (value.detail as Record<string, unknown>) : value;
  const idField = (firstText(record, ['ID', 'id', 'auditId']) ?? 'none') as StreamEventShape['idField'];
  const loginIdsField: StreamEventShape['loginIdsField'] = Array.isArray(record.externalIds)
    ? 'externalIds'
    : Array.isArray(record.loginIds)
      ? 'loginIds'
      : 'none';
  const occurred = occurredOf(record.occurred);
  const { ID: _ID, id: _id, auditId: _auditId, externalIds: _externalIds, ...rest } = record;
  const candidate: Record<string, unknown> = {
    ...rest,
    loginIds: loginIdsField === 'none' ? undefined : record[loginIdsField],
    occurred: occurred.ms,
  };
  if (idField !== 'none') candidate.ID = record[idField];
  return { candidate, shape: { envelope, idField, loginIdsField, occurred: occurred.kind } };
}

/** A shape as the doctor and the report name it. */
export function describeShape(shape: StreamEventShape): string {
  return [
    shape.envelope ? 'EventBridge envelope (detail)' : 'bare record',
    `record ID as ${shape.idField === 'none' ? '(none)' : shape.idField}`,
    `login IDs as ${shape.loginIdsField === 'none' ? '(none)' : shape.loginIdsField}`,
    `occurred as ${shape.occurred === 'digits' ? 'a digit string' : shape.occurred === 'iso' ? 'an ISO 8601 string' : shape.occurred}`,
  ].join(', ');
}
