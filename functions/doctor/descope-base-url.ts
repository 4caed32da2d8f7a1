/**
 * The API host the Descope SDK uses when no base URL is given: a project ID longer than 28
 * characters carries its region in characters 2.. (`P2abcd…`, 32 characters: region `2abc`), and
 * the host is `https://api.<region>.descope.com`; shorter IDs use `https://api.descope.com`. This is
 * the rule of `@descope/core-js-sdk` (`projectId.slice(1, -27)`), which the Go SDK shares.
 */
export function derivedBaseUrl(projectId: string): string {
  const region = projectId.slice(1, -27);
  return region ? `https://api.${region}.descope.com` : 'https://api.descope.com';
}

export interface BaseUrlCheck {
  /** The URL requests go to. */
  url: string;
  status: 'ok' | 'warn';
  detail: string;
}

/**
 * Which API the job will talk to, and whether a configured `DESCOPE_BASE_URL` on a descope.com
 * host disagrees with the region the project ID names (custom domains are taken as given).
 */
export function checkBaseUrl(projectId: string, configured: string | undefined): BaseUrlCheck {
  const derived = derivedBaseUrl(projectId);
  if (!configured) {
    const how =
      derived === 'https://api.descope.com' ? 'the default host' : "derived from the project ID's region";
    return { url: derived, status: 'ok', detail: `${derived} (${how}; DESCOPE_BASE_URL unset)` };
  }
  const url = configured.replace(/\/+$/, '');
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return { url, status: 'warn', detail: `${url} is not a URL` };
  }
  if (!/(^|\.)descope\.com$/i.test(host)) {
    return { url, status: 'ok', detail: `${url} (DESCOPE_BASE_URL: a custom domain or endpoint)` };
  }
  if (new URL(derived).hostname !== host.toLowerCase()) {
    return {
      url,
      status: 'warn',
      detail:
        `${url} (DESCOPE_BASE_URL) is not the host of this project's region, ${derived}: ` +
        `unset DESCOPE_BASE_URL or set it to ${derived}`,
    };
  }
  return { url, status: 'ok', detail: `${url} (DESCOPE_BASE_URL, the project's region)` };
}
