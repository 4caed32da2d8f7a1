import { z } from 'zod';
import { list, text, wholeNumber } from './context-values.js';
import { jsonFromContext, recipientList } from './setting-types.js';

/** A Descope project ID, as the top-level `projectId` accepts it. */
const descopeProjectId = () =>
  text('is required').pipe(
    z.string().regex(/^[A-Za-z0-9]{8,}$/, { error: 'must be a Descope project ID (letters and digits)' }),
  );

/** Short name of a project in the deployment: part of its function, secret, key and schedule names. */
export const PROJECT_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/** One Descope project of a deployment that reports several (`projects`). */
export const projectEntrySchema = z.strictObject(
  {
    name: text('is required').pipe(
      z.string().regex(PROJECT_NAME, {
        error: 'must be 1 to 20 lower-case letters, digits or hyphens, starting with a letter',
      }),
    ),
    projectId: descopeProjectId(),
    descopeBaseUrl: text('must be an https URL')
      .pipe(z.url({ protocol: /^https$/, error: 'must be an https URL' }))
      .optional(),
    scheduleOffsetMinutes: wholeNumber(0, 1439).default(0),
    recipients: recipientList().optional(),
    monthlyReportRecipients: recipientList().optional(),
    quarterlyReportRecipients: recipientList().optional(),
    queryCatalogFile: text('must be a file path').optional(),
    frameworkFiles: list(text('must be a file path'), 'must be a list of file paths').optional(),
    frameworks: list(
      text('must be a framework id').pipe(
        z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'every entry must be a framework id' }),
      ),
      'must be a list of framework ids',
    ).optional(),
    anchorTenantId: text('must be a Descope tenant ID')
      .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: 'must be a Descope tenant ID' }))
      .optional(),
  },
  { error: 'must be an object' },
);
export type ProjectEntry = z.output<typeof projectEntrySchema>;

/** `[…]` as JSON text (from `-c projects='[…]'`) or the list itself. */
const jsonList = jsonFromContext;

/**
 * Deploy settings of a deployment reporting several Descope projects (docs/projects.md). Each
 * `.meta()` is its entry in the configuration reference.
 */
export const projectSettings = {
  projects: z
    .preprocess(
      jsonList,
      z
        .array(projectEntrySchema, { error: 'must be a list of projects' })
        .min(1, { error: 'must list at least one project' })
        .max(20, { error: 'must list at most 20 projects' }),
    )
    .optional()
    .meta({
      description:
        'Several Descope projects in one deployment (docs/projects.md), instead of `projectId`: a JSON list of `{ "name", "projectId", "scheduleOffsetMinutes", "recipients", "monthlyReportRecipients", "quarterlyReportRecipients", "descopeBaseUrl", "queryCatalogFile", "frameworkFiles", "frameworks", "anchorTenantId" }`. Each project gets its own function, management-key secret, signing key and schedules (shifted by `scheduleOffsetMinutes`, which must differ), its role reading only its own secret and writing only under `reports/<projectId>/`; one bucket and one front door over all. A project setting left out takes the top-level one.',
      unset: 'one project: `projectId`',
    }),
  projectsSummaryRecipients: recipientList().optional().meta({
    description:
      'With `projects`: who receives the cross-project summary (per project: completeness, findings, access-review sign-off of the week), sent once a week by the run that stores the last project’s week (`REPORT_SUMMARY_RECIPIENTS`). The all-projects page `reports/index.html` shows the same summary either way.',
    unset: 'no cross-project email; the all-projects page only',
  }),
};

/** What {@link checkProjectSettings} reads of the whole configuration. */
interface ProjectsView {
  projectId?: string;
  projects?: readonly ProjectEntry[];
  projectsSummaryRecipients?: readonly string[];
  source?: string;
  accessReviewCampaigns?: unknown;
  stackName: string;
}

/** Lambda function names are at most 64 characters. */
const FUNCTION_NAME_MAX = 64;

/**
 * Cross-field rules: `projectId` or `projects`, not both; names, project IDs and schedule offsets
 * unique; names short enough for the function name; what the several-project form does not
 * support yet refused by name.
 */
export function checkProjectSettings(config: ProjectsView, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const { projects } = config;
  if (!projects) {
    if (config.projectId === undefined) issue(['projectId'], 'is required (or list several in projects)');
    if (config.projectsSummaryRecipients)
      issue(['projectsSummaryRecipients'], 'goes with projects (a deployment of several projects)');
    return;
  }
  if (config.projectId !== undefined)
    issue(['projectId'], 'must not be set with projects: each project names its own projectId');
  if (config.source === 'stream')
    issue(['source'], 'must be "api" with projects: the audit stream lands for one project');
  if (config.accessReviewCampaigns !== undefined)
    issue(
      ['accessReviewCampaigns'],
      'is not supported with projects yet: the review page serves one project',
    );
  const seen = { name: new Map<string, number>(), projectId: new Map<string, number>() };
  const offsets = new Map<number, number>();
  projects.forEach((project, index) => {
    for (const key of ['name', 'projectId'] as const) {
      const first = seen[key].get(project[key]);
      if (first !== undefined)
        issue(['projects', index, key], `${project[key]} is already projects[${first}].${key}`);
      else seen[key].set(project[key], index);
    }
    const sameMinute = offsets.get(project.scheduleOffsetMinutes);
    if (sameMinute !== undefined)
      issue(
        ['projects', index, 'scheduleOffsetMinutes'],
        `${project.scheduleOffsetMinutes} is also projects[${sameMinute}].scheduleOffsetMinutes: their searches would start in the same minute; give each project its own offset`,
      );
    else offsets.set(project.scheduleOffsetMinutes, index);
    const functionName = projectFunctionName(config.stackName, project.name);
    if (functionName.length > FUNCTION_NAME_MAX)
      issue(
        ['projects', index, 'name'],
        `makes the function name ${functionName} longer than ${FUNCTION_NAME_MAX} characters: shorten it or stackName`,
      );
  });
}

/** The report function of one project of several. */
export const projectFunctionName = (stackName: string, name: string) => `${stackName}-${name}-weekly-report`;
