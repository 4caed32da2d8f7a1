/**
 * Names the report's own files and folders take under a period's prefix (`gaps.csv`,
 * `summary.json`, `manifest.json`, `report.html`, `delivery.json`, `collection-state.json`,
 * `evidence/`, `tenants/`, …) or will take (`queries.sql`, the run lock, the access review, the
 * signing keys). A query id names `<id>.csv` and a collection id names `evidence/<id>/`, so neither
 * may be one of these: a query called `gaps` would overwrite `gaps.csv` and be listed twice in the
 * manifest.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'access',
  'access-review',
  'attestation',
  'collection-state',
  'delivery',
  'evidence',
  'gaps',
  'index',
  'keys',
  'lock',
  'manifest',
  'queries',
  'report',
  'signature',
  'summary',
  'tenants',
]);

export const isReservedName = (name: string): boolean => RESERVED_NAMES.has(name);

/** The validation message for a reserved id, listing every reserved name. */
export const reservedNameMessage = (name: string): string =>
  `"${name}" is reserved for the report's own files (${[...RESERVED_NAMES].join(', ')}); choose another id`;
