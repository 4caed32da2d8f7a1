import type { VerifyResult } from './verify-report.js';

const scopeLine = (result: VerifyResult) =>
  `${result.period}, ${result.scope} scope${result.projectId ? ` of project ${result.projectId}` : ''}`;

/** The result for people: what was verified, one line per problem naming the file, notes, the verdict. */
export function formatVerifyResult(result: VerifyResult): string[] {
  const lines = [`Verifying ${scopeLine(result)} at ${result.location}`];
  for (const p of result.problems) lines.push(`FAIL ${p.file}: ${p.problem}`);
  for (const note of result.notes) lines.push(`note: ${note}`);
  for (const r of result.revisions) {
    lines.push(
      `revision ${r.revision}: ${r.sealed ? `sealed, manifest.json SHA-256 ${r.manifestSha256}, signature ${r.signatureVerified ? 'verified' : 'NOT verified'}` : 'not sealed'} (${r.location})`,
    );
  }
  const checked = [
    `${result.files} files`,
    `${result.tenants} tenant manifests`,
    result.signatureVerified
      ? `signature (key ${result.keyFingerprint})`
      : `signature NOT verified (keys given: ${result.givenKeys.join(', ') || 'none'})`,
    result.versionsChecked === null
      ? 'versions NOT checked (a folder has no version history)'
      : `versions of ${result.versionsChecked} sealed files`,
    ...(result.chain
      ? [`chain of ${result.chain.length} periods (${result.chain.at(-1)} – ${result.chain[0]})`]
      : []),
    ...(result.anchor === null ? [] : [result.anchor ? 'Descope anchor' : 'Descope anchor NOT found']),
  ];
  lines.push(`Checked: ${checked.join(', ')}.`);
  if (result.manifestSha256) lines.push(`manifest.json SHA-256: ${result.manifestSha256}`);
  lines.push(
    result.verified
      ? `VERIFIED ${scopeLine(result)}: every file matches its manifest, signed by a given key.`
      : `NOT VERIFIED ${scopeLine(result)}: ${result.problems.length} problem(s).`,
  );
  return lines;
}

/** The result for machines (`--json`): the verdict first, then every field of the result. */
export const formatVerifyJson = (result: VerifyResult): string =>
  JSON.stringify({ verdict: result.verified ? 'verified' : 'not-verified', ...result }, null, 2);
