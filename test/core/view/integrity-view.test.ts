import { describe, expect, it } from 'vitest';
import { buildIntegrityView } from '../../../functions/core/view/integrity-view.js';

const fingerprint = 'f'.repeat(64);
const previousHash = 'e'.repeat(64);

describe('the integrity lines of the report and the email', () => {
  it('name the signing key and the previous week, never a hash of the page itself', () => {
    const view = buildIntegrityView({
      signing: { algorithm: 'ECDSA_P256_SHA256_DER', keyFingerprint: fingerprint },
      previous: { period: '2026-W46', key: 'reports/P/2026-W46/manifest.json', sha256: previousHash },
    });
    expect(view.signing).toContain(`fingerprint ${fingerprint}`);
    expect(view.previous).toBe(`Previous week 2026-W46: manifest SHA-256 ${previousHash}.`);
    expect(view.coverage).toContain("cannot carry the manifest's own hash");
    expect(view.manifest).toBe('');
  });

  it('say so when unsigned, when the chain starts, and for a custom period', () => {
    const unsigned = buildIntegrityView({
      signing: null,
      unsignedReason: 'no signing key was configured for this run',
      previous: { period: '2026-W46', key: 'k', sha256: null },
      manifestSha256: previousHash,
    });
    expect(unsigned.signing).toContain('is NOT signed: no signing key was configured for this run');
    expect(unsigned.previous).toContain('no manifest was stored when this report was sealed');
    expect(unsigned.manifest).toBe(`manifest.json SHA-256: ${previousHash}`);
    expect(buildIntegrityView({ signing: null, previous: null }).previous).toContain('custom period');
    expect(buildIntegrityView(undefined).signing).toBe('This report has not been sealed.');
  });
});
