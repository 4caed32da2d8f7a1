import { z } from 'zod';
import { FINDING_RULES } from '../findings/finding.js';

/** How often a framework requires a control's evidence to be reviewed, most frequent first. */
export const REVIEW_FREQUENCIES = [
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'semiannually',
  'annually',
] as const;
export type ReviewFrequency = (typeof REVIEW_FREQUENCIES)[number];

/**
 * Parts of the access review a control can rest on: the period-end snapshot of role holders and
 * access keys, its comparison with the previous snapshot, and a reviewer's signed-off decision.
 */
export const ACCESS_REVIEW_PARTS = ['snapshot', 'changes', 'sign-off'] as const;
export type AccessReviewPart = (typeof ACCESS_REVIEW_PARTS)[number];

/**
 * Facts about how the evidence itself is kept: the manifest is signed, chained to the previous
 * period's, anchored in Descope's audit trail; the bucket keeps it under Object Lock for at least
 * `minimumRetentionDays`; every window of the period was read (no gaps).
 */
export const INTEGRITY_FACTS = [
  'signed-manifest',
  'manifest-chain',
  'anchor',
  'object-lock',
  'retention',
  'complete-collection',
] as const;
export type IntegrityFact = (typeof INTEGRITY_FACTS)[number];

const kebab = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be kebab-case (it names a file)');
const text = z.string().trim().min(1, 'must not be empty');
const noRepeats = (list: readonly string[]) => new Set(list).size === list.length;

/** What a control rests on: catalog queries, finding rules, access-review parts, integrity facts. */
export const controlEvidenceSchema = z
  .object({
    /** Query ids of the catalog (built-in or custom) whose tables evidence the control. @default [] */
    queries: z.array(kebab).default([]).refine(noRepeats, 'lists a query twice'),
    /** Finding rules whose findings concern the control. @default [] */
    findings: z.array(z.enum(FINDING_RULES)).default([]).refine(noRepeats, 'lists a rule twice'),
    /** @default [] */
    accessReview: z.array(z.enum(ACCESS_REVIEW_PARTS)).default([]).refine(noRepeats, 'lists a part twice'),
    /** @default [] */
    integrity: z.array(z.enum(INTEGRITY_FACTS)).default([]).refine(noRepeats, 'lists a fact twice'),
    /** Days the evidence must stay locked; required with the `retention` fact. */
    minimumRetentionDays: z.number().int().positive().optional(),
  })
  .strict()
  .refine((e) => e.integrity.includes('retention') === (e.minimumRetentionDays !== undefined), {
    message: 'give minimumRetentionDays exactly when integrity lists "retention"',
  });

export const controlSchema = z
  .object({
    /** The framework's own identifier (`CC6.2`, `A.5.18`, `10.4.1`, `AC-2(3)`). */
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.()-]{0,39}$/, 'must be a control identifier (letters, digits, . ( ) -)'),
    title: text,
    /** How often the framework requires the evidence to be reviewed. @default not stated */
    reviewFrequency: z.enum(REVIEW_FREQUENCIES).optional(),
    evidence: controlEvidenceSchema.prefault({}),
    /** Why the control does not apply to this deployment; it is then reported "not applicable". */
    notApplicable: text.optional(),
    /** Shown beside the control's status (a caveat, a setting to change). */
    note: text.optional(),
  })
  .strict();

/** One framework file: what it is, and each control with its evidence. */
export const frameworkSchema = z
  .object({
    /** Names `compliance/<framework>.csv`; a customer file with a built-in's id replaces it. */
    framework: kebab,
    /** Short name that prefixes control ids in the report (`SOC 2` → `SOC 2 CC6.2`). */
    name: text,
    title: text,
    version: z.union([text, z.number().transform(String)]),
    controls: z
      .array(controlSchema)
      .min(1, 'must list at least one control')
      .superRefine((controls, ctx) => {
        const seen = new Set<string>();
        controls.forEach((control, i) => {
          if (seen.has(control.id))
            ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${control.id}" is listed twice` });
          seen.add(control.id);
        });
      }),
  })
  .strict();

export type Framework = z.output<typeof frameworkSchema>;
export type FrameworkControl = z.output<typeof controlSchema>;
export type ControlEvidence = z.output<typeof controlEvidenceSchema>;
