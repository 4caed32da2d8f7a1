/** The OCSF version the export is pinned to (its schemas are vendored under vendor/ocsf-schema-1.8.0/). */
export const OCSF_VERSION = '1.8.0';

/** The exported classes: OCSF name (also the file's name), uid and category. */
export const OCSF_CLASSES = {
  authentication: { uid: 3002, category: 3, name: 'Authentication' },
  account_change: { uid: 3001, category: 3, name: 'Account Change' },
  user_access: { uid: 3005, category: 3, name: 'User Access Management' },
  entity_management: { uid: 3004, category: 3, name: 'Entity Management' },
  compliance_finding: { uid: 2003, category: 2, name: 'Compliance Finding' },
} as const;

export type OcsfClass = keyof typeof OCSF_CLASSES;
export const OCSF_CLASS_NAMES = Object.keys(OCSF_CLASSES) as OcsfClass[];

/** The folder of a report holding the export, one gzipped NDJSON file per class. */
export const OCSF_FOLDER = 'ocsf/';
export const ocsfFile = (cls: OcsfClass) => `${OCSF_FOLDER}${cls}.ndjson.gz`;

/** An event of one class, ready to be written as one NDJSON line. */
export interface OcsfEvent {
  cls: OcsfClass;
  event: Record<string, unknown>;
}

/** What the export wrote for one class, for `summary.json` and the report. */
export interface OcsfFileSummary {
  file: string;
  classUid: number;
  className: string;
  events: number;
  /** Events that failed their class's schema: left out, counted, the first problem named. */
  rejected: number;
  firstProblem?: string;
}

/** The period folder's OCSF export. */
export interface OcsfExport {
  version: string;
  files: OcsfFileSummary[];
  /** Records or rows that could not be exported, and why (a gap, never silent). */
  notes: string[];
}
