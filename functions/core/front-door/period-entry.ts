import { z } from 'zod';
import { isValidSignature } from '../integrity/check-signature.js';
import { type Manifest, sha256Hex } from '../integrity/manifest.js';
import { parseManifest } from '../integrity/parse-manifest.js';

/** A stored period folder's files the front door reads (absent ones left out). */
export interface StoredPeriodFiles {
  label: string;
  /** The period's folder inside the project's: `<label>/`, a day's `days/<label>/`. @default `<label>/` */
  path?: string;
  /** The newest sealed revision's folder inside the period: '' (revision 1) or `revisions/<n>/`. @default '' */
  folder?: string;
  manifest?: Uint8Array;
  signature?: Uint8Array;
  summary?: Uint8Array;
}

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'range';

/** `ok`: signed and linked; `warn`: nothing wrong but not fully proven (unsigned, chain starts); `bad`: broken. */
export type ChainState = 'ok' | 'warn' | 'bad';

/** What the front door says about one stored period. */
export interface PeriodEntry {
  label: string;
  /** The period's folder inside the project's: `<label>/`, a day's `days/<label>/`. */
  path: string;
  /** The folder (inside the period) of the revision described: '' or `revisions/<n>/`. */
  folder: string;
  kind: PeriodKind;
  from: string;
  to: string;
  manifestSha256: string;
  /** null: no readable summary. */
  complete: boolean | null;
  findings: number | null;
  tenants: Array<{ tenantId: string; findings: number; complete: boolean }>;
  /** The period's report holds an access review (its sign-off is `access/attestation.json`). */
  accessReview: boolean;
  chain: { state: ChainState; text: string };
  /** Every file the manifest lists (names relative to the period folder). */
  files: string[];
  manifest?: Manifest;
}

const summarySchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }).partial().optional(),
  complete: z.boolean().optional(),
  findings: z.array(z.unknown()).optional(),
  tenants: z
    .object({
      reports: z.array(z.object({ tenantId: z.string(), findings: z.number(), complete: z.boolean() })),
    })
    .optional(),
  rollup: z
    .object({ weeks: z.array(z.object({ week: z.string(), manifestSha256: z.string().optional() })) })
    .optional(),
  accessReview: z.object({}).optional(),
});

const KINDS: ReadonlyArray<[RegExp, PeriodKind]> = [
  [/^\d{4}-\d{2}-\d{2}$/, 'day'],
  [/^\d{4}-W\d{2}$/, 'week'],
  [/^\d{4}-\d{2}$/, 'month'],
  [/^\d{4}-Q[1-4]$/, 'quarter'],
  [/^\d{4}$/, 'year'],
];

export const periodKind = (label: string): PeriodKind =>
  KINDS.find(([pattern]) => pattern.test(label))?.[1] ?? 'range';

function readSummary(body: Uint8Array | undefined) {
  if (!body) return undefined;
  try {
    const parsed = summarySchema.safeParse(JSON.parse(Buffer.from(body).toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Signature state of one manifest, checked with the key published in the bucket. */
function signatureOf(files: StoredPeriodFiles, manifest: Manifest, keys: ReadonlyMap<string, string>) {
  if (!manifest.signing) return { state: 'warn' as const, text: 'unsigned' };
  const pem = keys.get(manifest.signing.keyFingerprint);
  if (!pem)
    return {
      state: 'bad' as const,
      text: `signing key ${manifest.signing.keyFingerprint.slice(0, 12)}… not published`,
    };
  if (!files.signature || !files.manifest) return { state: 'bad' as const, text: 'manifest.sig missing' };
  return isValidSignature(files.manifest, files.signature, pem)
    ? { state: 'ok' as const, text: `signed by key ${manifest.signing.keyFingerprint.slice(0, 12)}…` }
    : { state: 'bad' as const, text: 'signature does not verify' };
}

/** The link to the previous week (or, for a rollup, to the weeks it was built from), against what is stored now. */
function linkOf(
  manifest: Manifest,
  summary: ReturnType<typeof readSummary>,
  stored: ReadonlyMap<string, string>,
) {
  if (summary?.rollup) {
    const changed = summary.rollup.weeks.filter(
      (w) => w.manifestSha256 && stored.get(w.week) !== w.manifestSha256,
    );
    return changed.length === 0
      ? {
          state: 'ok' as const,
          text: `built from ${summary.rollup.weeks.length} stored weeks, each unchanged`,
        }
      : {
          state: 'bad' as const,
          text: `built from weeks since replaced or removed: ${changed.map((w) => w.week).join(', ')}`,
        };
  }
  const link = manifest.previous;
  if (!link) return { state: 'ok' as const, text: 'a custom range, chained to no period' };
  if (link.sha256 === null)
    return { state: 'warn' as const, text: `chain starts here (no ${link.period} when sealed)` };
  const now = stored.get(link.period);
  if (now === undefined) return { state: 'bad' as const, text: `${link.period} is missing` };
  return now === link.sha256
    ? { state: 'ok' as const, text: `linked to ${link.period}` }
    : { state: 'bad' as const, text: `${link.period} was replaced after this was sealed` };
}

const worst = (a: ChainState, b: ChainState): ChainState =>
  a === 'bad' || b === 'bad' ? 'bad' : a === 'warn' || b === 'warn' ? 'warn' : 'ok';

/**
 * Each stored period with its completeness, findings and the state of its manifest: the signature
 * checked with the key published in the bucket, and the link to the previous week (a rollup: the
 * weeks it lists) against the manifests stored now. Files are not re-hashed here: that is
 * `npm run verify`, which the page points to.
 */
export function assessPeriods(
  periods: readonly StoredPeriodFiles[],
  keys: ReadonlyMap<string, string>,
): PeriodEntry[] {
  const stored = new Map(
    periods.flatMap((p) => (p.manifest ? [[p.label, sha256Hex(p.manifest)] as const] : [])),
  );
  return periods.map((files) => {
    const summary = readSummary(files.summary);
    const base = {
      label: files.label,
      path: files.path ?? `${files.label}/`,
      folder: files.folder ?? '',
      kind: periodKind(files.label),
      from: summary?.period?.from ?? '',
      to: summary?.period?.to ?? '',
      complete: summary?.complete ?? null,
      findings: summary?.findings?.length ?? null,
      tenants: summary?.tenants?.reports ?? [],
      accessReview: summary?.accessReview !== undefined,
    };
    const parsed = files.manifest ? parseManifest(files.manifest) : undefined;
    if (!files.manifest || !parsed?.ok) {
      const text = files.manifest
        ? `manifest.json unreadable`
        : 'no manifest.json (run unfinished or failed)';
      return { ...base, manifestSha256: '', chain: { state: 'bad', text }, files: [] };
    }
    const { manifest } = parsed;
    const signature = signatureOf(files, manifest, keys);
    const link = linkOf(manifest, summary, stored);
    return {
      ...base,
      manifestSha256: sha256Hex(files.manifest),
      chain: { state: worst(signature.state, link.state), text: `${signature.text}; ${link.text}` },
      files: manifest.files.map((f) => f.name),
      manifest,
    };
  });
}
