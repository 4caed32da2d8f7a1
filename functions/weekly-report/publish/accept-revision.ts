import type { SigningKeyInfo } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { isValidSignature } from '../../core/integrity/check-signature.js';
import { describeFile, MANIFEST_FILE, SIGNATURE_FILE, sha256Hex } from '../../core/integrity/manifest.js';
import { isMutableReportKey } from '../../core/integrity/mutable-report-keys.js';
import { REVISIONS_FOLDER } from '../../core/integrity/revision-layout.js';
import type { ReportSetPlan } from './plan-report-set.js';
import type { RevisionWriter } from './revision-writer.js';

/**
 * Whether the writer's current revision can take the planned report set without replacing a single
 * stored byte. A sealed revision only if its manifest is exactly the planned one (everything is in
 * place: nothing to write). An unsealed one (a run stopped before sealing it) if every file stored
 * there is one the plan writes with the same bytes, or a signature of a planned manifest.
 */
export async function acceptsPlan(
  store: ReportStore,
  target: RevisionWriter,
  plan: ReportSetPlan,
  key: SigningKeyInfo | undefined,
): Promise<boolean> {
  if (target.sealed) return Buffer.compare(target.sealed.body, plan.project.manifest) === 0;
  const planned = new Map<string, { bytes: number; sha256: string }>();
  const signatures = new Map<string, Buffer>();
  for (const folder of [...plan.tenants, plan.project]) {
    for (const f of folder.files) planned.set(`${folder.folder}${f.name}`, f);
    if (folder.folder !== '')
      planned.set(`${folder.folder}${MANIFEST_FILE}`, describeFile('', folder.manifest));
    signatures.set(`${folder.folder}${SIGNATURE_FILE}`, folder.manifest);
  }
  const placed = new Map(target.placed.map((p) => [p.name, p]));
  for (const stored of await store.list(target.prefix)) {
    const name = stored.key.slice(target.prefix.length);
    if (isMutableReportKey(stored.key)) continue;
    if (target.revision === 1 && name.startsWith(REVISIONS_FOLDER)) continue;
    const ours = placed.get(name);
    if (ours && ours.bytes === stored.bytes) continue;
    const file = planned.get(name);
    const signed = signatures.get(name);
    if (file) {
      if (file.bytes !== stored.bytes) return false;
      const body = await store.get(stored.key);
      if (!body || sha256Hex(body) !== file.sha256) return false;
    } else if (signed) {
      // A run stopped between signature and manifest: its signature stands if it signs these bytes.
      const signature = await store.get(stored.key);
      if (!key || !signature || !isValidSignature(signed, signature, key.publicKeyPem)) return false;
    } else {
      return false;
    }
  }
  return true;
}
