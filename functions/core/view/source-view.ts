import {
  type CollectionSource,
  type DailyReviewsStatement,
  STREAM_ONLY_REASON,
} from '../report/collection-source.js';
import { MASKED_DISTINCT_NOTE } from '../stream/pii-masking.js';
import { formatCount, formatRange, plural } from './format.js';

/** What the report's header says about where its records came from. */
export interface SourceView {
  text: string;
  details: string[];
}

/** The collection source in words: the search, or the stream with what reading it found. */
export function buildSourceView(source: CollectionSource | undefined): SourceView {
  if (!source || source.kind === 'search') {
    const absent = source?.streamOnly ?? [];
    const streamOnly =
      absent.length > 0
        ? [`Not in this report: ${absent.map((q) => q.title).join(', ')}: ${STREAM_ONLY_REASON}.`]
        : [];
    const days = source?.days;
    if (days?.used)
      return {
        text: "Descope's audit search as the week's seven daily reviews stored it: each day's evidence, its manifest verified and every part checked against it, copied into this week's evidence (no second read of the API).",
        details: [...days.days.map((d) => `${d.day}: ${d.manifest}, SHA-256 ${d.sha256}.`), ...streamOnly],
      };
    return {
      text: "Descope's audit search (POST /v1/mgmt/audit/search): every record of each query's filter, paged, its count checked against the API's total.",
      details: [
        ...(days ? [`Read from the API, not from the stored days: ${days.reason}.`] : []),
        ...streamOnly,
      ],
    };
  }
  const f = source.facts;
  const details = [
    `Key layout ${f.layout} (${f.layoutFrom}); ${plural(f.partitions, 'day partition', 'day partitions')} listed (the period's days, one before, ${f.lateDays} after for late delivery).`,
    `${plural(f.objects, 'object', 'objects')}, ${formatCount(f.bytes)} bytes, ${plural(f.requests, 'S3 request', 'S3 requests')}; ${plural(f.values, 'event', 'events')} read: ${formatCount(f.records)} kept once each, ${formatCount(f.duplicates)} duplicate copies dropped, ${formatCount(f.outside)} outside the period, ${formatCount(f.malformed)} not audit records, ${formatCount(f.late)} delivered on a later day.`,
    `Record shapes: ${f.shapes.map((s) => `${s.shape} (${formatCount(s.records)})`).join('; ') || 'none'}.`,
    `Completeness: ${f.completeness}.`,
    ...f.spotChecks.map(
      (c) =>
        `Spot check: an audit search counted ${formatCount(c.searched)} ${c.action} events in ${formatRange(c.from, c.to)}; the stream holds ${formatCount(c.held)}.`,
    ),
    ...(f.conflicting > 0
      ? [
          `${plural(f.conflicting, 'copy', 'copies')} shared a record's ID and time but not its content; the first in evidence order was kept.`,
        ]
      : []),
    ...(f.masked
      ? [`Login IDs are masked (mask_pii): distinct login-ID counts are ${MASKED_DISTINCT_NOTE}.`]
      : []),
    ...f.quarantined.map(
      (q) =>
        `Quarantined: ${q.key}${q.versionId ? ` (version ${q.versionId})` : ''}, ${formatCount(q.bytes)} bytes, SHA-256 ${q.sha256}: ${q.reason}.`,
    ),
    ...f.notes,
    ...dailyReviewsDetails(source.days),
  ];
  return {
    text: `Descope's audit stream at ${f.location}: every event the connector delivered, read from its objects, each record once.`,
    details,
  };
}

/** What a stream week found of its seven daily reviews (PCI DSS 10.4.1); their evidence is not read. */
function dailyReviewsDetails(days: DailyReviewsStatement | undefined): string[] {
  if (!days) return [];
  if (!days.verified)
    return [`Daily reviews: not every day of the week stands as its daily review: ${days.reason}.`];
  return [
    "Daily reviews: the week's seven daily reviews are stored, signed and complete (checked, not read: the stream is this week's source).",
    ...days.days.map((d) => `${d.day}: ${d.manifest}, SHA-256 ${d.sha256}.`),
  ];
}
