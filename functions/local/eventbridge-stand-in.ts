import { randomUUID } from 'node:crypto';
import { startAwsJsonServer } from './aws-json-server.js';

/** An event the stand-in accepted, as PutEvents carried it. */
export interface PutEvent {
  EventId: string;
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName: string;
  Time?: number;
}

export interface EventBridgeStandIn {
  /** Endpoint for `AWS_ENDPOINT_URL_EVENTBRIDGE`. */
  endpoint: string;
  events(): PutEvent[];
  close(): Promise<void>;
}

/**
 * Answers `PutEvents` (AWS JSON 1.1 protocol, `X-Amz-Target: AWSEvents.PutEvents`) as EventBridge
 * does: each entry gets an `EventId`, or an `ErrorCode` when it lacks `Source`, `DetailType` or a
 * JSON-object `Detail`; `FailedEntryCount` counts those. More than 10 entries is a validation error.
 */
export async function startEventBridgeStandIn(): Promise<EventBridgeStandIn> {
  const accepted: PutEvent[] = [];
  const server = await startAwsJsonServer((target, text) => {
    const answer = (status: number, body: unknown) => ({ status, body });
    if (target !== 'AWSEvents.PutEvents')
      return answer(400, { __type: 'UnknownOperationException', message: 'unsupported operation' });
    const { Entries = [] } = JSON.parse(text || '{}') as { Entries?: Array<Record<string, unknown>> };
    if (Entries.length === 0 || Entries.length > 10)
      return answer(400, { __type: 'ValidationException', message: 'Entries must hold 1 to 10 entries' });
    let failed = 0;
    const results = Entries.map((entry) => {
      if (!entry.Source || !entry.DetailType || !isJsonObject(entry.Detail)) {
        failed += 1;
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail, Source and DetailType are required' };
      }
      const EventId = randomUUID();
      accepted.push({
        EventId,
        Source: String(entry.Source),
        DetailType: String(entry.DetailType),
        Detail: String(entry.Detail),
        EventBusName: String(entry.EventBusName ?? 'default'),
        Time: typeof entry.Time === 'number' ? entry.Time : undefined,
      });
      return { EventId };
    });
    return answer(200, { FailedEntryCount: failed, Entries: results });
  });
  return { endpoint: server.endpoint, events: () => [...accepted], close: server.close };
}

/** Whether `detail` is the JSON text of an object (EventBridge refuses any other `Detail`). */
function isJsonObject(detail: unknown): boolean {
  try {
    const value: unknown = JSON.parse(String(detail));
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}
