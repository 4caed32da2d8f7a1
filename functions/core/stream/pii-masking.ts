/*
 * Descope's S3 connector can mask PII (`mask_pii`): login IDs and `data` values that look like an
 * email, phone or name. The masked form is undocumented; what is certain is that masked values no
 * longer tell people apart, so distinct login-ID counts mean nothing on such a stream.
 */

/** A value masked the way masking tools write it: a run of three or more `*`, or nothing else. */
export function looksMasked(value: string): boolean {
  return /\*{3,}/.test(value) || /^\*+$/.test(value);
}

/** Share of login IDs masked above which the whole stream is taken as masked. */
export const MASKED_SHARE = 0.5;

/** Whether the login IDs seen say the stream is masked (`configured` forces it either way). */
export function isMaskedStream(loginIds: number, masked: number, configured?: boolean): boolean {
  if (configured !== undefined) return configured;
  return loginIds > 0 && masked / loginIds >= MASKED_SHARE;
}

/** What a report says about a distinct count of login IDs on a masked stream. */
export const MASKED_DISTINCT_NOTE =
  'not computable: the audit stream masks login IDs (mask_pii), so masked IDs cannot be told apart';

/** Columns of a query that count or group by login IDs: meaningless on a masked stream. */
export function loginIdColumns(aggregation: {
  kind: string;
  groupBy?: ReadonlyArray<{ column: string; field: string }>;
  distinct?: ReadonlyArray<{ column: string; field: string }>;
}): string[] {
  if (aggregation.kind !== 'group') return [];
  return [...(aggregation.groupBy ?? []), ...(aggregation.distinct ?? [])]
    .filter((c) => c.field === 'loginIds')
    .map((c) => c.column);
}

/** Whether a report's records came from a stream that masks login IDs. */
export const isMaskedSource = (source: { kind: string; facts?: { masked: boolean } } | undefined) =>
  source?.kind === 'stream' && source.facts?.masked === true;
