import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      if (request.headers['x-amz-target'] !== 'AWSEvents.PutEvents')
        return answer(400, { __type: 'UnknownOperationException', message: 'unsupported operation' });
      const { Entries = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        Entries?: Array<Record<string, unknown>>;
      };
      if (Entries.length === 0 || Entries.length > 10)
        return answer(400, { __type: 'ValidationException', message: 'Entries must hold 1 to 10 entries' });
      let failed = 0;
      const results = Entries.map((entry) => {
        const detailIsObject = (() => {
          try {
            const value: unknown = JSON.parse(String(entry.Detail));
            return value !== null && typeof value === 'object' && !Array.isArray(value);
          } catch {
            return false;
          }
        })();
        if (!entry.Source || !entry.DetailType || !detailIsObject) {
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
      answer(200, { FailedEntryCount: failed, Entries: results });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events: () => [...accepted],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
