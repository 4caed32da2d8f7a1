import type { VerifyResult } from './verify-report.js';

/** The result for people: one line per problem naming the file, notes, then the verdict. */
export function formatVerifyResult(result: VerifyResult): string[] {
  const lines = [`Verifying ${result.location}`];
  for (const p of result.problems) lines.push(`FAIL ${p.file}: ${p.problem}`);
  for (const note of result.notes) lines.push(`note: ${note}`);
  const checked = [
    `${result.files} files`,
    `${result.tenants} tenant manifests`,
    result.signatureVerified ? `signature (key ${result.keyFingerprint})` : 'signature NOT verified',
    ...(result.chain
      ? [`chain of ${result.chain.length} periods (${result.chain.at(-1)} – ${result.chain[0]})`]
      : []),
    ...(result.anchor === null ? [] : [result.anchor ? 'Descope anchor' : 'Descope anchor NOT found']),
  ];
  lines.push(`Checked: ${checked.join(', ')}.`);
  if (result.manifestSha256) lines.push(`manifest.json SHA-256: ${result.manifestSha256}`);
  lines.push(
    result.verified
      ? 'VERIFIED: every file matches the manifest, signed by the given key.'
      : `NOT VERIFIED: ${result.problems.length} problem(s).`,
  );
  return lines;
}

/** The result for machines (`--json`). */
export const formatVerifyJson = (result: VerifyResult): string =>
  JSON.stringify({ verdict: result.verified ? 'verified' : 'not-verified', ...result }, null, 2);
