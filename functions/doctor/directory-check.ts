import type { DescopeConnection } from '../adapters/descope-management-client.js';
import { createDescopeSdkDirectoryApi } from '../adapters/descope-sdk-directory-api.js';
import { createReliableDirectory } from '../adapters/directory-source.js';
import {
  DIRECTORY_MAX_PAGES,
  DIRECTORY_PAGE_SIZE,
} from '../weekly-report/access-review/collect-directory.js';
import { createDirectoryLimiter } from '../weekly-report/wiring/build-dependencies.js';
import { directoryLoadLines, directoryRateLine, tenantReachLine } from './directory-lines.js';
import { DOCTOR_DIRECTORY_BUDGET, probeDirectory } from './directory-probe.js';
import { createDirectoryWatch } from './directory-watch.js';
import type { DoctorLine } from './doctor-line.js';

export interface DirectoryCheckSettings {
  connection: DescopeConnection;
  /** `ACCESS_REVIEW_ENABLED`: without the access review a run reads no directory. */
  enabled: boolean;
  /** `ACCESS_REVIEW_DIRECTORY_READ`. */
  read: 'all' | 'role-holders';
  /** `DESCOPE_DIRECTORY_RPM`. */
  rpm: number;
}

/**
 * The directory as a weekly run reads it: the same SDK adapter under the same kind of limiter at
 * `DESCOPE_DIRECTORY_RPM`, but one attempt per request and no waiting on a 429 (it is reported), and
 * at most {@link DOCTOR_DIRECTORY_BUDGET} requests (fewer when the rate is lower, so it never waits).
 */
export async function checkDirectory(settings: DirectoryCheckSettings): Promise<DoctorLine[]> {
  if (!settings.enabled)
    return [{ status: 'info', text: 'Directory: not read by a weekly run (ACCESS_REVIEW_ENABLED=false)' }];
  const watch = createDirectoryWatch();
  const api = createDescopeSdkDirectoryApi({ ...settings.connection, onResponse: watch.onResponse });
  const limiter = createDirectoryLimiter({
    requestsPerMinute: settings.rpm,
    maxAttempts: 1,
    waitBudgetMs: () => 0,
  });
  const lineSettings = {
    rpm: settings.rpm,
    read: settings.read,
    pageSize: DIRECTORY_PAGE_SIZE,
    maxPages: DIRECTORY_MAX_PAGES,
  };
  try {
    const observation = await probeDirectory(
      createReliableDirectory(watch.watch(api), limiter),
      watch.traffic,
      {
        read: settings.read,
        pageSize: DIRECTORY_PAGE_SIZE,
        budget: Math.min(DOCTOR_DIRECTORY_BUDGET, settings.rpm),
      },
    );
    const tenants = tenantReachLine(observation, lineSettings);
    return [
      directoryRateLine(watch.traffic, lineSettings),
      ...directoryLoadLines(observation, lineSettings),
      ...(tenants ? [tenants] : []),
    ];
  } finally {
    await limiter.stop();
  }
}
