import { publicKeyKey } from '../../core/integrity/signing-key.js';
import type { DeliveryOutcome } from '../publish/deliver-once.js';
import type { FinishedRun } from '../run-outcome.js';
import type { CliIo } from './cli-io.js';

/** Prints what a finished run stored, sealed, anchored and delivered, as the CLI shows it. */
export function printResult(result: FinishedRun, io: CliIo): void {
  io.print(`Stored ${result.keys.length} files at ${result.location.uri}`);
  const tenantFiles = new Map<string, number>();
  for (const key of result.keys) {
    const tenant = /^tenants\/([^/]+)\//.exec(key.slice(result.prefix.length))?.[1];
    if (tenant) tenantFiles.set(tenant, (tenantFiles.get(tenant) ?? 0) + 1);
    else io.print(`  ${key}`);
  }
  for (const [tenant, files] of tenantFiles)
    io.print(`  ${result.prefix}tenants/${tenant}/ (${files} files)`);
  io.print(
    result.complete ? 'Report is complete.' : 'Report is INCOMPLETE: see the Gaps section and summary.json.',
  );
  for (const input of result.data.unverifiedInputs ?? [])
    io.print(`Stored input FAILED VERIFICATION, not used: ${input.file}: ${input.problem}`);
  printSeal(result, io);
  for (const key of result.frontDoor) io.print(`Front door rewritten: ${key}`);
  printEmail(result.email, '', io);
  for (const tenant of result.tenants) {
    io.print(`Tenant ${tenant.tenantId}: ${tenant.prefix}${tenant.complete ? '' : ' (INCOMPLETE)'}`);
    printEmail(tenant.email, '  ', io);
  }
  for (const c of result.channels)
    io.print(
      `Channel ${c.channel} (${c.kind}, ${c.scope}): ${c.status === 'failed' || c.status === 'unconfirmed' ? c.status.toUpperCase() : c.status}, ${c.detail}`,
    );
  if (result.location.browseUrl) io.print(`Open: ${result.location.browseUrl}`);
}

function printSeal(result: FinishedRun, io: CliIo): void {
  const seal = result.data.seal;
  if (seal?.manifestSha256) io.print(`manifest.json SHA-256: ${seal.manifestSha256}`);
  io.print(
    seal?.signing
      ? `Manifest signed by key ${seal.signing.keyFingerprint} (public key stored as ${publicKeyKey(seal.signing.keyFingerprint)})`
      : `Manifest NOT signed: ${seal?.unsignedReason ?? 'no signing key'} (set REPORT_SIGNING_KEY_FILE)`,
  );
  const anchor = result.anchor;
  if (anchor.status === 'not-anchored') {
    io.print(`Not anchored in Descope's audit trail: ${anchor.reason} (set REPORT_ANCHOR_TENANT_ID)`);
  } else {
    io.print(
      anchor.status === 'written'
        ? "Anchored in Descope's audit trail (ComplianceReportSealed)"
        : "Already anchored in Descope's audit trail",
    );
  }
}

function printEmail(email: DeliveryOutcome, indent: string, io: CliIo): void {
  if (email.status === 'sent')
    io.print(`${indent}Email "${email.subject}" sent to ${email.recipients.join(', ')}`);
  else if (email.status === 'already-sent')
    io.print(`${indent}Email not sent: already sent at ${email.sentAt} (use --resend)`);
  else if (email.status === 'unconfirmed') io.print(`${indent}Email UNCONFIRMED: ${email.reason}`);
  else io.print(`${indent}Email not sent: ${email.reason}`);
}
