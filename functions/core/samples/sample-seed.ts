import { createHash } from 'node:crypto';

/** Version of the sampling method: a change to it changes every seed. */
export const SAMPLE_METHOD_VERSION = 'descope-audit-sample v1';

/** A weekly folder the sample was drawn from, by its verified manifest's SHA-256. */
export interface SampledWeek {
  week: string;
  manifestSha256: string;
}

/**
 * The seed: SHA-256 (hex) of the lines `descope-audit-sample v1`, the period label, the framework
 * id, the control id, then each weekly manifest's SHA-256 in week order. Anyone holding the same
 * signed manifests derives the same seed; a changed or added week changes it.
 */
export function sampleSeed(
  period: string,
  framework: string,
  control: string,
  weeks: readonly SampledWeek[],
): string {
  const ordered = [...weeks].sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
  const lines = [SAMPLE_METHOD_VERSION, period, framework, control, ...ordered.map((w) => w.manifestSha256)];
  return createHash('sha256')
    .update(`${lines.join('\n')}\n`)
    .digest('hex');
}

/** How the sample was drawn, in words, for the sample's record and the docs. */
export const SAMPLE_METHOD = [
  `${SAMPLE_METHOD_VERSION}.`,
  'Each weekly folder of the period is verified first (manifest signature with the given public key, every file against its SHA-256).',
  'seed = SHA-256 of the lines: the method version, the period label, the framework id, the control id, then each verified weekly manifest SHA-256 in week order.',
  "The population is every record of the evidence the control's queries read (their collection, after their conditions), inside the period, counted once by its identity: id:<Descope ID>, or line:<SHA-256 of the evidence line> for a record without one.",
  'Records are ordered by SHA-256(seed + ":" + identity), ties by identity; the sample is the first N. A larger N extends a smaller one.',
].join(' ');

/** `CC6.2` → `CC6.2`; `164.308(a)(1)(ii)(D)` → `164.308_a_1_ii_D`: a control id as part of a file name. */
export const controlFileName = (control: string) =>
  control.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/_+$/, '');
