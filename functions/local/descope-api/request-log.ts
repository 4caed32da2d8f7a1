import type { FaultKind } from './fault-plan.js';

/** One request the stand-in received, for tests to assert counts, bodies and outcomes. */
export interface RequestLogEntry {
  method: string;
  /** Path without the query string, e.g. `/v1/mgmt/audit/search`. */
  path: string;
  /** Parsed JSON body; `undefined` when empty, the raw text when it was not JSON. */
  body: unknown;
  /** Whether the `Authorization` header carried the right project ID and management key. */
  authorized: boolean;
  /** Status sent; `undefined` while unanswered and for `hang` / `reset` faults. */
  status?: number;
  /** `errorCode` of an error answer. */
  errorCode?: string;
  /** The fault played out on this request, if any. */
  fault?: FaultKind;
  /** Body fields the API does not know (ignored, as the real gateway does). */
  unknownFields: string[];
  /** Wall-clock arrival time, epoch ms. */
  receivedAt: number;
}
