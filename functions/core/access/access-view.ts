import { formatCount, formatInstant, plural } from '../view/format.js';
import { ACCESS_FILES, ACCESS_SECTION } from './access-controls.js';
import type { AccessReview } from './access-review.js';
import { buildCampaignsView, type CampaignsView, NO_CAMPAIGNS } from './campaign-view.js';
import type { AccessChange } from './diff-access-snapshots.js';

/** Ready-made strings for the "Access review" section and the email; every value is escaped by `{{ }}`. */
export interface AccessReviewView {
  enabled: boolean;
  section: string;
  controls: string[];
  summary: string;
  asOf: string;
  complete: boolean;
  coverage: string;
  attestationHref: string;
  attestationPending: boolean;
  attestation: string;
  /** A reminder that an earlier review awaits sign-off; empty when none does. */
  reminder: string;
  holders: Array<{ role: string; tenant: string; privileged: string; count: string; members: string }>;
  keys: Array<{
    name: string;
    id: string;
    status: string;
    roles: string;
    expires: string;
    createdBy: string;
    permittedIps: string;
  }>;
  changes: Array<{
    kind: string;
    principal: string;
    who: string;
    role: string;
    scope: string;
    detail: string;
  }>;
  changesNote: string;
  files: { snapshot: string; roleHolders: string; accessKeys: string };
  /** Access review campaigns followed up by this run (project report only). */
  campaigns: CampaignsView;
}

/** Members listed per role in HTML; the CSV has all of them. */
const MEMBERS_SHOWN = 25;

const DISABLED: AccessReviewView = {
  enabled: false,
  section: ACCESS_SECTION,
  controls: [],
  summary: '',
  asOf: '',
  complete: true,
  coverage: '',
  attestationHref: ACCESS_FILES.attestation,
  attestationPending: false,
  attestation: '',
  reminder: '',
  holders: [],
  keys: [],
  changes: [],
  changesNote: '',
  campaigns: NO_CAMPAIGNS,
  files: {
    snapshot: ACCESS_FILES.snapshot,
    roleHolders: ACCESS_FILES.roleHolders,
    accessKeys: ACCESS_FILES.accessKeys,
  },
};

const scopeOf = (tenantId: string) => (tenantId ? `tenant ${tenantId}` : 'project-wide');

function holderRows(review: AccessReview): AccessReviewView['holders'] {
  const groups = new Map<string, { role: string; tenant: string; privileged: boolean; members: string[] }>();
  for (const u of review.snapshot.users) {
    for (const r of u.roles) {
      const key = JSON.stringify([r.privileged ? 0 : 1, r.tenantId, r.role]);
      const group = groups.get(key) ?? {
        role: r.role,
        tenant: r.tenantId ? `${r.tenantId}${r.tenantName ? ` (${r.tenantName})` : ''}` : 'project-wide',
        privileged: r.privileged,
        members: [],
      };
      group.members.push(
        `${u.loginIds.join(', ') || u.userId}${u.status === 'enabled' ? '' : ` [${u.status}]`}`,
      );
      groups.set(key, group);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({
      role: g.role,
      tenant: g.tenant,
      privileged: g.privileged ? 'privileged' : '',
      count: formatCount(g.members.length),
      members:
        g.members.slice(0, MEMBERS_SHOWN).join(' · ') +
        (g.members.length > MEMBERS_SHOWN
          ? ` · and ${formatCount(g.members.length - MEMBERS_SHOWN)} more (see ${ACCESS_FILES.roleHolders})`
          : ''),
    }));
}

function changeRows(review: AccessReview): AccessReviewView['changes'] {
  const events = new Map(review.grants.map((g) => [g.change, g]));
  return review.changes.map((c: AccessChange) => {
    const grant = events.get(c);
    const trail = grant
      ? grant.event
        ? `audit event: ${grant.event}`
        : grant.unmatchable
          ? `not checked: ${grant.unmatchable}`
          : 'NO audit event in this period'
      : '';
    return {
      kind: c.kind,
      principal: c.principal === 'key' ? 'access key' : 'user',
      who: `${c.label || c.id} (${c.id})`,
      role: c.role ? `${c.role}${c.privileged ? ' (privileged)' : ''}` : '',
      scope: c.kind === 'changed' ? '' : scopeOf(c.tenantId),
      detail: c.kind === 'granted' ? trail : c.detail,
    };
  });
}

function attestationText(review: AccessReview): string {
  const status = review.attestation;
  if (status.state === 'pending')
    return `No reviewer has signed off this snapshot yet. Record the decision with npm run attest -- --period ${review.snapshot.period} --reviewer EMAIL --decision approved|changes-required${review.snapshot.scope.kind === 'tenant' ? ` --tenant ${review.snapshot.scope.tenantId}` : ''}; it is stored as ${ACCESS_FILES.attestation} beside this report.`;
  if (status.state === 'unreadable')
    return `${ACCESS_FILES.attestation} exists but is not a valid attestation.`;
  const a = status.attestation;
  const match = status.matchesSnapshot
    ? 'for this snapshot (SHA-256 matches)'
    : 'for a DIFFERENT snapshot (SHA-256 differs: the report was re-run after the review; review again)';
  return `${a.decision === 'approved' ? 'Approved' : 'Changes required'} by ${a.reviewer} at ${a.attestedAt}, ${match}.${a.note ? ` Note: ${a.note}` : ''}`;
}

/** The access review's view, or a disabled one (the template shows nothing); `controls` it evidences. */
export function buildAccessView(review: AccessReview | undefined, controls: string[] = []): AccessReviewView {
  if (!review) return DISABLED;
  const { snapshot } = review;
  const users = snapshot.users.filter((u) => u.roles.some((r) => r.privileged)).length;
  const keys = snapshot.keys.filter((k) => k.roles.some((r) => r.privileged)).length;
  const { coverage } = snapshot;
  return {
    ...DISABLED,
    enabled: true,
    controls,
    summary:
      `${plural(review.privilegedPrincipals, 'privileged principal', 'privileged principals')} ` +
      `(${plural(users, 'user', 'users')}, ${plural(keys, 'access key', 'access keys')}) among ` +
      `${plural(snapshot.users.length, 'role holder', 'role holders')} and ${plural(snapshot.keys.length, 'access key', 'access keys')}.`,
    asOf: `Users and access keys as Descope listed them when this report was produced, after the period ended at ${formatInstant(snapshot.periodEnd)} (Descope cannot list them as of an earlier instant). Dormancy and key expiry are judged as of the period end.`,
    complete: coverage.complete,
    coverage: coverage.complete
      ? `Complete: ${plural(coverage.usersRead, 'user', 'users')} and ${plural(coverage.keysRead, 'access key', 'access keys')} read.`
      : `INCOMPLETE: ${coverage.notes.join('; ')}`,
    attestationPending: review.attestation.state !== 'attested',
    attestation: attestationText(review),
    reminder:
      review.previous && !review.previous.attested
        ? `The access review of ${review.previous.period} is still pending: no reviewer has signed it off (its ${ACCESS_FILES.attestation} is missing).`
        : '',
    holders: holderRows(review),
    keys: snapshot.keys
      .filter((k) => k.roles.some((r) => r.privileged))
      .map((k) => ({
        name: k.name,
        id: k.id,
        status: k.status,
        roles: k.roles.map((r) => `${r.role} (${scopeOf(r.tenantId)})`).join(', '),
        expires: k.expireTime === 0 ? 'never' : formatInstant(k.expireTime),
        createdBy: k.createdBy,
        permittedIps: k.permittedIps.join(', ') || 'any',
      })),
    changes: changeRows(review),
    campaigns: buildCampaignsView(review.campaigns),
    changesNote: [
      review.previous
        ? review.changes.length === 0
          ? `No role was granted or revoked since the ${review.previous.period} snapshot.`
          : `Compared with the ${review.previous.period} snapshot.`
        : 'No previous snapshot is stored: this snapshot is the baseline; changes are listed from the next period on.',
      ...review.historyNotes,
    ].join(' '),
  };
}
