import { z } from 'zod';
import { recipients } from './environment-values.js';

/**
 * Variables of a deployment reporting several Descope projects into one bucket (docs/projects.md):
 * how this project is called, every project of the deployment (so the all-projects page names one
 * that has stored nothing), and who receives the cross-project summary. Shared by every entry point.
 */
export const projectsVariables = {
  REPORT_PROJECT_NAME: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be 1 to 20 lower-case letters, digits or hyphens')
    .optional()
    .meta({
      description:
        "The deployment's name for this project (`projects[].name`), shown on the all-projects page and published as the `project` dimension of the job metrics (each project's own alarms). Set by the stack with `projects`.",
      unset: 'the project ID',
    }),
  REPORT_PROJECTS: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{8,}(,[A-Za-z0-9]{8,})*$/, 'must be comma-separated Descope project IDs')
    .transform((value) => value.split(','))
    .optional()
    .meta({
      description:
        'Every Descope project of the deployment, comma-separated: the all-projects page lists one that has stored nothing yet, and the cross-project summary waits for each to store its week. Set by the stack with `projects`.',
      unset: 'this project only',
    }),
  REPORT_SUMMARY_RECIPIENTS: recipients.optional().meta({
    description:
      'Recipients of the cross-project summary (per project: completeness, findings, sign-off), comma-separated: sent once a week, by the run that finds every project of `REPORT_PROJECTS` stored for the week. Set by the stack from `projectsSummaryRecipients`.',
    unset: 'no cross-project email',
  }),
};
