import { z } from 'zod';
import type { PeriodEntry } from './period-entry.js';

export const SIGN_OFF_STATES = ['signed-off', 'pending', 'no review'] as const;
export type SignOff = (typeof SIGN_OFF_STATES)[number];

/**
 * `reports/<project>/index.json`: what the cross-project page and summary read about a project,
 * rewritten with its front door. Holds no tenant's data.
 */
export const projectStateSchema = z.object({
  projectId: z.string(),
  name: z.string(),
  updatedAt: z.string(),
  periods: z.number().int().nonnegative(),
  brokenChains: z.number().int().nonnegative(),
  latestWeek: z
    .object({
      label: z.string(),
      complete: z.boolean().nullable(),
      findings: z.number().int().nonnegative().nullable(),
      chain: z.object({ state: z.enum(['ok', 'warn', 'bad']), text: z.string() }),
      /** The access review of that week: signed off, awaiting sign-off, or off. */
      signOff: z.enum(SIGN_OFF_STATES),
      manifestSha256: z.string(),
    })
    .nullable(),
});
export type ProjectState = z.output<typeof projectStateSchema>;

/** The project's state from its assessed periods; `signOff` of its latest week as read from the store. */
export function projectState(input: {
  projectId: string;
  name: string;
  now: number;
  entries: readonly PeriodEntry[];
  /** Sign-off state of the latest week's access review. */
  signOff: SignOff;
}): ProjectState {
  const weeks = input.entries.filter((e) => e.kind === 'week').sort((a, b) => (a.label < b.label ? 1 : -1));
  const latest = weeks[0];
  return {
    projectId: input.projectId,
    name: input.name,
    updatedAt: new Date(input.now).toISOString(),
    periods: input.entries.length,
    brokenChains: input.entries.filter((e) => e.chain.state === 'bad').length,
    latestWeek: latest
      ? {
          label: latest.label,
          complete: latest.complete,
          findings: latest.findings,
          chain: latest.chain,
          signOff: input.signOff,
          manifestSha256: latest.manifestSha256,
        }
      : null,
  };
}
