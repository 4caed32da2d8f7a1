/**
 * Where the revisions of one period are. A period is sealed once, in its own folder
 * (`reports/<project>/<period>/`, revision 1). Sealed files are never replaced, so a run whose data
 * differs from the sealed report seals a complete new report beside it, in
 * `reports/<project>/<period>/revisions/<n>/` (n = 2, 3, …): the same layout as the first, its
 * manifest stating its number and the SHA-256 of the manifest it supersedes.
 */
export const REVISIONS_FOLDER = 'revisions/';

/** The folder of revision `revision` of the period folder `periodPrefix` (ending in `/`). */
export const revisionPrefix = (periodPrefix: string, revision: number): string =>
  revision <= 1 ? periodPrefix : `${periodPrefix}${REVISIONS_FOLDER}${revision}/`;

const REVISION_NAME = /^revisions\/([1-9][0-9]{0,5})\//;

/**
 * The revision a name relative to the period folder belongs to (`revisions/3/report.html` → 3), or
 * `undefined` for revision 1's own files. A name under `revisions/` that is no revision's (say
 * `revisions/x`) is `null`: not part of any revision.
 */
export function revisionOfName(name: string): number | null | undefined {
  if (!name.startsWith(REVISIONS_FOLDER)) return undefined;
  const match = REVISION_NAME.exec(name);
  const n = match ? Number(match[1]) : Number.NaN;
  return n >= 2 ? n : null;
}

/** The revision numbers present among `names` (relative to the period folder), ascending; 1 first. */
export function revisionsIn(names: Iterable<string>): number[] {
  const found = new Set<number>([1]);
  for (const name of names) {
    const n = revisionOfName(name);
    if (typeof n === 'number') found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}
