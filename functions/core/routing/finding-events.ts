import type { ChannelDigest } from './channel-digest.js';

/** The `source` of every event this job puts on a bus (a rule matches on it). */
export const EVENT_SOURCE = 'descope-audit-reporter';
/** The `detail-type` of a new finding's event. */
export const FINDING_DETAIL_TYPE = 'Descope Audit Finding';
/** PutEvents takes at most this many entries per request. */
export const PUT_EVENTS_BATCH = 10;

/** One PutEvents entry, as the EventBridge API names its fields. */
export interface FindingEventEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName: string;
  Time: Date;
}

/**
 * One event per finding new this period (at or above the channel's severity), its `detail` as
 * documented in docs/routing.md (`schemaVersion` 1). Without a previous report nothing is new and
 * no event is made. `Time` is the period's end, so a re-sent event carries the same time.
 */
export function findingEvents(d: ChannelDigest, eventBusName: string): FindingEventEntry[] {
  return d.findings
    .filter((f) => f.isNew)
    .map((f) => ({
      Source: EVENT_SOURCE,
      DetailType: FINDING_DETAIL_TYPE,
      EventBusName: eventBusName,
      Time: new Date(d.period.to),
      Detail: JSON.stringify({
        schemaVersion: 1,
        projectId: d.projectId,
        period: d.period,
        scope: d.scope,
        finding: {
          fingerprint: f.fingerprint,
          rule: f.rule,
          severity: f.severity,
          title: f.title,
          detail: f.detail,
          controls: f.controls,
          link: f.link,
        },
        report: { complete: d.complete, location: d.location, url: d.reportUrl },
      }),
    }));
}
