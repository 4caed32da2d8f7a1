import { z } from 'zod';

/**
 * The `summary.json` shape this code writes. Version 1 had no `schemaVersion` field; version 2
 * added it; version 3 adds figure sources, finding fingerprints, what changed, the 12-week table
 * and failed logins by country; version 4 adds accepted risks and the exceptions in force. The
 * reader accepts every version up to this one.
 */
export const SUMMARY_SCHEMA_VERSION = 4;

const scopeSchema = z.union([
  z.object({ kind: z.literal('project') }),
  z.object({ kind: z.literal('tenant'), tenantId: z.string() }),
]);
const summarySchema = z.object({
  schemaVersion: z.number().int().positive().optional(),
  projectId: z.string(),
  scope: scopeSchema,
  period: z.object({ label: z.string() }),
  complete: z.boolean(),
  queries: z.array(z.object({ id: z.string(), headline: z.number().int().nonnegative() })),
  findings: z.array(
    z.object({
      rule: z.string(),
      severity: z.string(),
      title: z.string(),
      section: z.string().optional(),
      fingerprint: z.string().optional(),
    }),
  ),
  findingRules: z.array(z.object({ rule: z.string(), status: z.string() })).optional(),
  failedLoginsByCountry: z
    .array(z.object({ geo: z.string(), count: z.number().int().nonnegative() }))
    .optional(),
  exceptions: z
    .object({ inForce: z.array(z.object({ id: z.string(), matched: z.number().int().nonnegative() })) })
    .optional(),
});

/** A finding as a stored summary lists it. */
export interface StoredFinding {
  fingerprint: string;
  rule: string;
  severity: string;
  title: string;
  section: string;
}

/** What a previous week's stored report says, read back from its `summary.json`. */
export interface StoredWeek {
  week: string;
  schemaVersion: number;
  complete: boolean;
  /** Query id → headline (ids are configuration: a Map). */
  headlines: ReadonlyMap<string, number>;
  /** Failed logins per country (version 3 on), or absent. */
  geos?: ReadonlyMap<string, number>;
  findings: StoredFinding[];
  /** Rules whose findings that week were not evaluated (so their absence says nothing). */
  rulesNotEvaluated: ReadonlySet<string>;
  /** Exceptions in force that week → findings each matched (version 4 on), or absent. */
  exceptionMatches?: ReadonlyMap<string, number>;
}

export type ParsedSummary = { ok: true; week: StoredWeek } | { ok: false; reason: string };

/** Whose summary is expected: a stored file of another project, scope or week is not used. */
export interface SummaryExpectation {
  projectId: string;
  week: string;
  tenantId?: string;
}

/**
 * Reads a stored `summary.json` of any version up to {@link SUMMARY_SCHEMA_VERSION}; findings of
 * older versions get their fingerprint from rule and title (titles name the subject, never counts).
 */
export function parseStoredSummary(
  bytes: Uint8Array,
  expected: SummaryExpectation,
  fingerprintOf: (rule: string, title: string) => string,
): ParsedSummary {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, reason: 'it is not JSON' };
  }
  const parsed = summarySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `it is not a report summary (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
    };
  }
  const s = parsed.data;
  const version = s.schemaVersion ?? 1;
  if (version > SUMMARY_SCHEMA_VERSION) {
    return {
      ok: false,
      reason: `its schemaVersion ${version} is newer than this reader (${SUMMARY_SCHEMA_VERSION})`,
    };
  }
  const tenant = s.scope.kind === 'tenant' ? s.scope.tenantId : undefined;
  if (
    s.projectId !== expected.projectId ||
    s.period.label !== expected.week ||
    tenant !== expected.tenantId
  ) {
    return { ok: false, reason: 'it belongs to another project, scope or period' };
  }
  return {
    ok: true,
    week: {
      week: s.period.label,
      schemaVersion: version,
      complete: s.complete,
      headlines: new Map(s.queries.map((q) => [q.id, q.headline])),
      ...(s.failedLoginsByCountry
        ? { geos: new Map(s.failedLoginsByCountry.map((g) => [g.geo, g.count])) }
        : {}),
      findings: s.findings.map((f) => ({
        fingerprint: f.fingerprint ?? fingerprintOf(f.rule, f.title),
        rule: f.rule,
        severity: f.severity,
        title: f.title,
        section: f.section ?? '',
      })),
      rulesNotEvaluated: new Set(
        (s.findingRules ?? []).filter((r) => r.status.startsWith('not evaluated')).map((r) => r.rule),
      ),
      exceptionMatches: s.exceptions && new Map(s.exceptions.inForce.map((e) => [e.id, e.matched])),
    },
  };
}
