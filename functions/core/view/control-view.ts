import type { QueryDefinition } from '../catalog/query-definition.js';

/** What a control is about, in a reviewer's words. Custom controls from configuration have none. */
const CONTROL_MEANINGS = new Map<string, string>([
  ['SOC 2 CC6.2', 'User registration, provisioning and deprovisioning'],
  ['SOC 2 CC6.3', 'Role and permission changes (least privilege)'],
  ['SOC 2 CC6.6', 'Failed and anomalous logins from outside the system boundary'],
  ['SOC 2 CC7.2', 'Monitoring of privileged and impersonation activity'],
  ['PCI DSS 10.2.1.2', 'Actions taken by individuals with administrative access'],
  ['PCI DSS 10.2.1.4', 'Invalid logical access attempts'],
  ['PCI DSS 10.2.1.5', 'Changes to identification and authentication credentials'],
  ['PCI DSS 7.2.4', 'Review of user accounts and access privileges'],
  ['PCI DSS 8.2.6', 'Inactive user accounts removed or disabled within 90 days'],
  ['ISO 27001 A.5.18', 'Access rights provisioned, reviewed and removed'],
  ['ISO 27001 A.8.2', 'Privileged access rights restricted and managed'],
]);

export interface ControlView {
  control: string;
  meaning: string;
  sections: Array<{ id: string; title: string }>;
}

const KNOWN_ORDER = [...CONTROL_MEANINGS.keys()];
const rank = (control: string) => {
  const i = KNOWN_ORDER.indexOf(control);
  return i < 0 ? KNOWN_ORDER.length : i;
};

/** Each control the report evidences with its sections: SOC 2, then PCI DSS, then custom controls by name. */
export function buildControlViews(
  queries: ReadonlyArray<Pick<QueryDefinition, 'id' | 'title' | 'controls'>>,
): ControlView[] {
  const controls = new Map<string, ControlView>();
  for (const query of queries) {
    for (const control of query.controls) {
      const view = controls.get(control) ?? {
        control,
        meaning: CONTROL_MEANINGS.get(control) ?? 'Named in the report configuration',
        sections: [],
      };
      view.sections.push({ id: query.id, title: query.title });
      controls.set(control, view);
    }
  }
  return [...controls.values()].sort(
    (a, b) =>
      rank(a.control) - rank(b.control) || (a.control < b.control ? -1 : a.control > b.control ? 1 : 0),
  );
}
