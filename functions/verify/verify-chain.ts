import type { Manifest } from '../core/integrity/manifest.js';
import { sha256Hex } from '../core/integrity/manifest.js';
import { reportFolder } from '../core/integrity/manifest-chain.js';
import { parseReportFolder } from '../core/integrity/report-path.js';
import { parseIsoWeek, shiftWeek } from '../core/period/period.js';
import { addProblem, type VerifyContext } from './verify-context.js';
import { checkManifest } from './verify-manifest.js';

const ISO_WEEK = /^\d{4}-W\d{2}$/;

/**
 * Walks back from `start` through every linked manifest, checking each link's hash and each
 * manifest's signature, until a manifest links to nothing. Then lists the ISO weeks between the
 * oldest stored (or reached) week and `start` that the chain does not reach: missing weeks. Returns
 * the periods reached, `start` included.
 */
export async function verifyChain(context: VerifyContext, start: Manifest): Promise<string[]> {
  const reached = [start.period];
  let current = start;
  while (current.previous?.sha256) {
    const link = current.previous;
    const body = await context.reader.get(link.key);
    if (!body) {
      // In a bucket the folder check already named it; a download must hold every week to walk.
      if (!context.reader.complete) addProblem(context, link.key, `missing week: ${current.period} links it`);
      break;
    }
    if (sha256Hex(body) !== link.sha256) break; // likewise
    const label = link.key.slice(0, -'manifest.json'.length);
    // The linked manifest must state what its key says: the week linked, the same scope and project.
    const path = parseReportFolder(link.key);
    if (!path) break; // the link check named it
    const expected = {
      projectId: path.projectId,
      period: path.period,
      scope: path.scope,
      revision: path.revision,
    };
    const next = await checkManifest(context, label, label, expected, body);
    if (!next) break;
    reached.push(next.manifest.period);
    current = next.manifest;
  }
  if (start.scope.kind === 'project' && ISO_WEEK.test(start.period)) {
    await reportMissingWeeks(context, start, new Set(reached));
  }
  return reached;
}

async function reportMissingWeeks(context: VerifyContext, start: Manifest, reached: ReadonlySet<string>) {
  const projectFolder = `reports/${start.projectId}/`;
  const stored = new Set((await context.reader.listFolders(projectFolder)).filter((f) => ISO_WEEK.test(f)));
  const oldest = [...stored, ...reached].filter((label) => label <= start.period).sort()[0] ?? start.period;
  const end = parseIsoWeek(oldest);
  const brokenAt = [...reached].sort()[0];
  for (
    let week = shiftWeek(parseIsoWeek(start.period), -1);
    week.from >= end.from;
    week = shiftWeek(week, -1)
  ) {
    if (reached.has(week.label)) continue;
    const folder = reportFolder(start.projectId, week.label, { kind: 'project' });
    addProblem(
      context,
      folder,
      stored.has(week.label)
        ? `stored but not reached by the chain (it breaks at ${brokenAt})`
        : 'missing week: no report stored',
    );
  }
}
