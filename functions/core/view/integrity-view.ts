import type { ManifestRevision } from '../integrity/manifest.js';
import type { ReportSeal } from '../report/report-model.js';

/** The report's and the email's lines about how its files can be verified. */
export interface IntegrityView {
  /** "Signed with key <fingerprint> (ECDSA P-256, manifest.sig)" or why it is unsigned. */
  signing: string;
  /** The previous period's manifest as this one links it. */
  previous: string;
  /** What the manifest covers, and where its own hash is (never inside report.html: it covers it). */
  coverage: string;
  /** Email only (sent after storing): the stored manifest's SHA-256; empty before it is known. */
  manifest: string;
}

const NOT_SEALED: IntegrityView = {
  signing: 'This report has not been sealed.',
  previous: '',
  coverage: '',
  manifest: '',
};

/** A later revision says what it supersedes: the earlier report stays stored, sealed, beside it. */
function describeRevision(revision: ManifestRevision): string {
  const { number, supersedes } = revision;
  if (!supersedes) return `This is revision ${number} of the period; no earlier revision was sealed.`;
  return `This is revision ${number} of the period: its data differs from the sealed ${supersedes.key}${supersedes.sha256 ? ` (SHA-256 ${supersedes.sha256})` : ''}, which stays stored unchanged.`;
}

export function buildIntegrityView(seal: ReportSeal | undefined): IntegrityView {
  if (!seal) return NOT_SEALED;
  const signing = seal.signing
    ? `manifest.json is signed (ECDSA P-256 over its SHA-256, DER, in manifest.sig) by the key with fingerprint ${seal.signing.keyFingerprint}.`
    : `manifest.json is NOT signed: ${seal.unsignedReason ?? 'no signing key'}. Its hashes show accidental changes, not deliberate ones.`;
  const link = !seal.previous
    ? 'A custom period has no previous period: this manifest links to none.'
    : seal.previous.sha256
      ? `Previous week ${seal.previous.period}: manifest SHA-256 ${seal.previous.sha256}.`
      : `Previous week ${seal.previous.period}: no manifest was stored when this report was sealed.`;
  const previous = seal.revision ? `${link} ${describeRevision(seal.revision)}` : link;
  return {
    signing,
    previous,
    coverage:
      'manifest.json lists every file of this folder (this report included) with its size and SHA-256, so ' +
      "this page cannot carry the manifest's own hash: the summary email and Descope's audit trail " +
      '(ComplianceReportSealed) do. Check everything with: npm run verify -- --public-key KEY.pem <this folder>.',
    manifest: seal.manifestSha256 ? `manifest.json SHA-256: ${seal.manifestSha256}` : '',
  };
}
