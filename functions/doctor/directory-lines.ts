import type { UserPage } from '../adapters/directory-source.js';
import type { DirectoryObservation, Probed } from './directory-probe.js';
import type { DirectoryTraffic } from './directory-watch.js';
import { type DoctorLine, printable } from './doctor-line.js';

export interface DirectoryLineSettings {
  /** `DESCOPE_DIRECTORY_RPM`. */
  rpm: number;
  read: 'all' | 'role-holders';
  pageSize: number;
  /** Most user pages a run reads. */
  maxPages: number;
}

const ALL = 'ACCESS_REVIEW_DIRECTORY_READ=all (deploy key accessReviewDirectoryRead)';

/** User pages a run reads for `total` users: until a short page, so one more when it divides evenly. */
const pagesFor = (total: number, pageSize: number) => Math.floor(total / pageSize) + 1;

/** The time `requests` take under a strict sliding window of `rpm` a minute (the limiter's minute is 61 s). */
export function directoryMinutes(requests: number, rpm: number): string {
  const windows = Math.floor(Math.max(0, requests - 1) / rpm);
  return windows === 0
    ? 'within a minute'
    : `about ${Math.max(1, Math.round((windows * 61) / 60))} minute(s)`;
}

function failed(what: string, answer: Probed<unknown> | undefined): DoctorLine | undefined {
  if (!answer || answer.ok || 'skipped' in answer || answer.rateLimited) return undefined;
  return {
    status: 'fail',
    text: `Directory ${what} failed: ${answer.message}`,
    detail: ['a weekly run sends the same request: its access review would be incomplete'],
  };
}

/** The 429s (or none) seen by the doctor's own directory requests: the only headroom it can show. */
export function directoryRateLine(traffic: DirectoryTraffic, s: DirectoryLineSettings): DoctorLine {
  const headers = traffic.rateLimitHeaders.map((h) => `rate-limit header: ${printable(h, 120)}`);
  const limited = traffic.rateLimited;
  if (!limited) {
    return {
      status: 'ok',
      text: `Directory rate: DESCOPE_DIRECTORY_RPM=${s.rpm}; ${traffic.requests} directory request(s) by this check, no 429`,
      detail: [
        `Descope does not document the directory calls' limit: all ${traffic.requests} were answered, so it is at least that; ` +
          'how far above shows only when a run meets a 429 (it waits the Retry-After and logs it)',
        ...(headers.length > 0 ? headers : ['Descope sent no rate-limit headers']),
      ],
    };
  }
  const answered = limited.request - 1;
  const within = (limited.afterMs / 1000).toFixed(1);
  return {
    status: 'warn',
    text: `Directory rate: Descope answered 429 to this check's directory request ${limited.request} (Retry-After ${limited.retryAfterSeconds} s)`,
    detail: [
      `${answered} answered within ${within} s before it: the directory limit (undocumented: its figure and whether calls share it), or another client using it, refused request ${limited.request}`,
      answered < s.rpm
        ? `DESCOPE_DIRECTORY_RPM=${s.rpm} is above what was answered: a run would keep meeting 429s and waiting; lower it (deploy key directoryRpm) or find the other client`
        : `DESCOPE_DIRECTORY_RPM=${s.rpm}: a run waits each Retry-After`,
      ...headers,
    ],
  };
}

/** `withRoleList`: the run reads the role list first (`role-holders`). */
function estimate(label: string, page: UserPage, withRoleList: boolean, s: DirectoryLineSettings): string {
  const fixed = withRoleList ? 2 : 1;
  if (page.total === undefined) return `${label}: Descope gave no total (at least ${fixed + 1} requests)`;
  const pages = Math.min(pagesFor(page.total, s.pageSize), s.maxPages);
  const requests = fixed + pages;
  const parts = [
    ...(withRoleList ? ['role list'] : []),
    `${pages} user page(s) of ${s.pageSize}`,
    'access keys',
  ];
  return `${label}: ${page.total} user(s), ${requests} requests (${parts.join(', ')}), ${directoryMinutes(requests, s.rpm)} at ${s.rpm} a minute`;
}

/** What a run will request for the directory, from the searches' `total`, and how long that takes. */
export function directoryLoadLines(o: DirectoryObservation, s: DirectoryLineSettings): DoctorLine[] {
  const lines: DoctorLine[] = [];
  const requests = [
    ['role list', o.roleNames],
    ['user search by role names', o.holders],
    ['access-key search', o.keys],
    ['user search', o.everyone],
  ] as const;
  for (const [what, answer] of requests) {
    const line = failed(what, answer);
    // Without the role list a run reads every user: slower, never less complete.
    if (line && what === 'role list')
      lines.push({ ...line, status: 'warn', detail: ['a run then reads every user'] });
    else if (line) lines.push(line);
  }
  const everyone = o.everyone.ok ? o.everyone.value : undefined;
  const names = o.roleNames?.ok ? o.roleNames.value : undefined;
  const readsAll = s.read === 'all' || (o.roleNames !== undefined && !o.roleNames.ok);
  let main: { text: string; page?: UserPage } | undefined;
  if (readsAll && everyone)
    main = {
      text: estimate('A weekly run reads every user', everyone, s.read === 'role-holders', s),
      page: everyone,
    };
  else if (!readsAll && names?.length === 0)
    main = {
      text: 'A weekly run reads no user: the role list is empty (2 requests: role list, access keys)',
    };
  else if (!readsAll && o.holders?.ok)
    main = {
      text: estimate(`A weekly run reads the holders of ${names?.length} role(s)`, o.holders.value, true, s),
      page: o.holders.value,
    };
  if (!main) return lines;
  const noTotal = main.page !== undefined && main.page.total === undefined;
  const capped = main.page?.total !== undefined && pagesFor(main.page.total, s.pageSize) > s.maxPages;
  lines.push({
    status: capped || noTotal ? 'warn' : 'ok',
    text: main.text,
    detail: [
      o.keys.ok ? `${o.keys.value.keys.length} access key(s)` : 'access keys not read by this check',
      ...(capped
        ? [`more than ${s.maxPages} pages: the run stops there and reports the access review incomplete`]
        : []),
      ...(noTotal ? ['without a total the run cannot cross-check the users it read'] : []),
      ...(!readsAll && everyone ? [`with ${ALL}: ${estimate('every user', everyone, false, s)}`] : []),
    ],
  });
  return lines;
}

/** Whether the role filter returned a user holding roles only in tenants; a miss is a warning. */
export function tenantReachLine(o: DirectoryObservation, s: DirectoryLineSettings): DoctorLine | undefined {
  if (s.read === 'all')
    return {
      status: 'info',
      text: `Tenant roles: read with every user (${ALL}), whatever the role filter does`,
    };
  if (!o.roleNames?.ok || o.roleNames.value.length === 0) return undefined;
  const advice = `if the review lacks holders of tenant roles, set ${ALL}`;
  if (!o.everyone.ok)
    return {
      status: 'info',
      text: 'Tenant roles: not checked (no page of every user was read)',
      detail: [advice],
    };
  const reach = o.tenantReach;
  if (!reach) {
    return {
      status: 'info',
      text: `Tenant roles: not verified, none of the first ${o.everyone.value.received} user(s) holds roles only in a tenant`,
      detail: [
        "whether Descope's role filter returns users holding a role only in a tenant is unverified",
        advice,
      ],
    };
  }
  const who = `user ${printable(reach.holder.userId)}, who holds "${printable(reach.holder.role)}" only in tenant ${printable(reach.holder.tenantId)}`;
  if (reach.reach === 'reached')
    return { status: 'ok', text: `Tenant roles: the user search by role names returned ${who}` };
  if (reach.reach === 'unknown')
    return {
      status: 'info',
      text: `Tenant roles: not verified for ${who}`,
      detail: ['the filtered search had more pages than this check reads, or was not sent', advice],
    };
  const all = estimate('every user', o.everyone.value, false, s);
  return {
    status: 'warn',
    text: reach.holder.listed
      ? `Tenant roles missed: the user search by role names did not return ${who}`
      : `Tenant roles missed: "${printable(reach.holder.role)}" is not in the role list, so the role filter cannot ask for ${who}`,
    detail: [
      'a weekly run reading role holders would leave holders of tenant roles out of the access review',
      `set ${ALL}: ${all}`,
    ],
  };
}
