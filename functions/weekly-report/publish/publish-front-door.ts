import type { ReportReader } from '../../adapters/report-reader.js';
import type { ReportStore } from '../../adapters/report-store.js';
import {
  frontDoorKey,
  OVERVIEW_KEY,
  projectStateKey,
  tenantFrontDoorKey,
} from '../../core/front-door/front-door-keys.js';
import { buildProjectFrontDoor, buildTenantFrontDoor } from '../../core/front-door/front-door-view.js';
import { buildOverview } from '../../core/front-door/overview-view.js';
import { assessPeriods, type PeriodEntry } from '../../core/front-door/period-entry.js';
import { type ProjectState, projectState, projectStateSchema } from '../../core/front-door/project-state.js';
import { renderFrontDoor, renderOverview } from '../../core/front-door/render-front-door.js';
import { REPORTS_PREFIX } from '../../core/report/report-prefix.js';
import { ReportStorageError } from '../../shared/errors.js';
import type { DeliveryOutcome } from './deliver-once.js';
import { type ProjectsSummarySettings, sendProjectsSummary } from './projects-summary.js';
import { readKeys, readPeriods, signOffOf } from './read-front-door-inputs.js';
import { replaceRecord } from './replace-record.js';

export interface FrontDoorInput {
  projectId: string;
  /** How people call the project (the deployment's name for it). @default the project ID */
  name?: string;
  /** Tenants whose own front door this run rewrites (those it reported). */
  tenantIds: readonly string[];
  /** Every project of the deployment, so the overview names one that stored nothing. @default this one */
  projects?: readonly string[];
  now: number;
}

export interface PublishedFrontDoor {
  keys: string[];
  state: ProjectState;
  entries: PeriodEntry[];
  /** The cross-project summary email, when configured and every project has stored the week. */
  summary?: DeliveryOutcome;
}

const PROJECT_ID = /^[A-Za-z0-9]{8,}$/;
const HTML = 'text/html; charset=utf-8';

/** Every project's state in the bucket, for the overview (an unreadable one is left out). */
export async function readProjectStates(reader: ReportReader): Promise<ProjectState[]> {
  const projects = (await reader.listFolders(REPORTS_PREFIX)).filter((p) => PROJECT_ID.test(p));
  const states: ProjectState[] = [];
  for (const projectId of projects) {
    const body = await reader.get(projectStateKey(projectId));
    if (!body) continue;
    try {
      const parsed = projectStateSchema.safeParse(JSON.parse(Buffer.from(body).toString('utf8')));
      if (parsed.success && parsed.data.projectId === projectId) states.push(parsed.data);
    } catch {
      // A state that is not JSON is skipped; the project's own run rewrites it.
    }
  }
  return states;
}

/**
 * The front door's pages are mutable records (`isMutableReportKey`), replaced with `If-Match`. Two
 * runs finishing together (two projects, or a week and a rollup) both write the overview: what is
 * written never depends on the replaced bytes, so a lost race simply writes again.
 */
async function rewritePage(store: ReportStore, key: string, body: string, type: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await replaceRecord(store, key, body, type);
      return;
    } catch (error) {
      if (!(error instanceof ReportStorageError) || attempt >= 3) throw error;
    }
  }
}

/**
 * Rewrites the front doors after a run has stored its folder: the project's `index.html` (every
 * stored period, its completeness, findings and manifest state), each reported tenant's own, the
 * project's `index.json`, and the overview of every project in the bucket (`reports/index.html`).
 * These are the only report objects rewritten in place.
 */
export async function publishFrontDoor(
  input: FrontDoorInput,
  deps: { store: ReportStore; reader: ReportReader; summary?: ProjectsSummarySettings },
): Promise<PublishedFrontDoor> {
  const { projectId, now } = input;
  const periods = await readPeriods(deps.reader, projectId);
  const entries = assessPeriods(periods, await readKeys(deps.reader, periods));
  const keys: string[] = [];
  const put = async (key: string, body: string, type: string) => {
    await rewritePage(deps.store, key, body, type);
    keys.push(key);
  };
  await put(frontDoorKey(projectId), renderFrontDoor(buildProjectFrontDoor(projectId, entries, now)), HTML);
  for (const tenantId of input.tenantIds) {
    await put(
      tenantFrontDoorKey(projectId, tenantId),
      renderFrontDoor(buildTenantFrontDoor(projectId, tenantId, entries, now)),
      HTML,
    );
  }
  const state = projectState({
    projectId,
    name: input.name ?? projectId,
    now,
    entries,
    signOff: await signOffOf(deps.reader, projectId, entries),
  });
  await put(projectStateKey(projectId), `${JSON.stringify(state, null, 2)}\n`, 'application/json');
  const states = await readProjectStates(deps.reader);
  const expected = input.projects ?? [projectId];
  await put(OVERVIEW_KEY, renderOverview(buildOverview(states, expected, now)), HTML);
  const summary = deps.summary
    ? await sendProjectsSummary({ states, expected, now }, deps.summary, deps.store)
    : undefined;
  return { keys, state, entries, summary };
}

/** What a run needs to rewrite the front door. */
export interface FrontDoorSettings {
  reader: ReportReader;
  /** The deployment's name for the project. @default the project ID */
  name?: string;
  /** Every project of the deployment. @default this one */
  projects?: readonly string[];
  /** Mails the cross-project summary once every project has stored the week. @default none */
  summary?: ProjectsSummarySettings;
}

/** {@link publishFrontDoor} when the run has a reader; the keys rewritten (none without one). */
export async function rewriteFrontDoor(
  settings: FrontDoorSettings | undefined,
  store: ReportStore,
  input: Omit<FrontDoorInput, 'name' | 'projects'>,
): Promise<string[]> {
  if (!settings) return [];
  const published = await publishFrontDoor(
    { ...input, name: settings.name, projects: settings.projects },
    { store, reader: settings.reader, summary: settings.summary },
  );
  return published.keys;
}
