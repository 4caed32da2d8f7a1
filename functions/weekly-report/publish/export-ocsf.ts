import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ReportStore } from '../../adapters/report-store.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import { listFindings } from '../../core/findings/evaluate-findings.js';
import type { ManifestEntry } from '../../core/integrity/manifest.js';
import {
  OCSF_CLASS_NAMES,
  OCSF_CLASSES,
  OCSF_VERSION,
  type OcsfClass,
  type OcsfEvent,
  type OcsfExport,
  ocsfFile,
} from '../../core/ocsf/ocsf-classes.js';
import { recordEvent } from '../../core/ocsf/ocsf-record-events.js';
import { findingEvents, roleEvents } from '../../core/ocsf/ocsf-table-events.js';
import type { OcsfValidator } from '../../core/ocsf/ocsf-validator.js';
import type { ReportData } from '../../core/report/report-model.js';
import { byteFingerprint } from '../../shared/byte-fingerprint.js';
import { readEvidence } from '../aggregate/evidence-reader.js';
import type { FileToPlace } from './revision-writer.js';

export interface ExportOcsfInput {
  store: ReportStore;
  /** The run's revision folder (the evidence parts are under it). */
  prefix: string;
  /** A local folder the files are written to before they are placed (the run's table folder). */
  directory: string;
  /** The evidence parts the run stored, as its manifest lists them. */
  evidence: readonly ManifestEntry[];
  plans: readonly CollectionPlan[];
  report: ReportData;
  /** Checks each event against its class's schema; absent: events are written unchecked. */
  validate?: OcsfValidator;
}

/** One class's file: gzip to a local file, hashed as written (placed once complete). */
function openClassFile(directory: string, cls: OcsfClass) {
  const path = join(directory, `ocsf-${cls}.ndjson.gz`);
  const gzip = createGzip();
  const { tap, seen } = byteFingerprint();
  const written = pipeline(gzip, tap, createWriteStream(path));
  // Awaited once the file is complete; until then a failure must not go unhandled.
  written.catch(() => undefined);
  return { path, gzip, seen, written, events: 0, rejected: 0, firstProblem: undefined as string | undefined };
}

/** Collections whose actions another collection may also hold: their records are de-duplicated by ID. */
function overlapping(plans: readonly CollectionPlan[]): boolean {
  const seen = new Set<string>();
  for (const plan of plans) {
    const actions = plan.filter.actions;
    if (!actions) return plans.length > 1;
    for (const a of actions) {
      if (seen.has(a)) return true;
      seen.add(a);
    }
  }
  return false;
}

/**
 * Writes the period folder's `ocsf/` export: the evidence records streamed part by part (memory
 * holds one line), mapped to their OCSF 1.8.0 classes, the role tables as User Access Management
 * events, and the report's findings and accepted risks as Compliance Findings; one gzipped NDJSON
 * file per class, written locally. An event failing its class's schema is left out and counted (a
 * gap with its first problem), never a crash. Returns the files for the run to place in its
 * revision (sealed files are written once, by the revision writer) and the export's summary.
 */
export async function exportOcsf(
  input: ExportOcsfInput,
): Promise<{ files: FileToPlace[]; summary: OcsfExport }> {
  const files = new Map(OCSF_CLASS_NAMES.map((cls) => [cls, openClassFile(input.directory, cls)] as const));
  const write = async (e: OcsfEvent) => {
    const file = files.get(e.cls);
    if (!file) return;
    const problem = input.validate?.(e);
    if (problem) {
      file.rejected += 1;
      file.firstProblem ??= problem;
      return;
    }
    file.events += 1;
    if (!file.gzip.write(`${JSON.stringify(e.event)}\n`)) await once(file.gzip, 'drain');
  };
  const byCollection = new Map<string, { key: string; bytes: number; sha256: string }[]>();
  for (const entry of input.evidence) {
    const collection = /^evidence\/([^/]+)\//.exec(entry.name)?.[1];
    if (!collection) continue;
    const parts = byCollection.get(collection) ?? [];
    parts.push({ key: `${input.prefix}${entry.name}`, bytes: entry.bytes, sha256: entry.sha256 });
    byCollection.set(collection, parts);
  }
  const dedupe = overlapping(input.plans) ? new Set<string>() : undefined;
  for (const [collection, parts] of [...byCollection].sort(([a], [b]) => (a < b ? -1 : 1))) {
    parts.sort((a, b) => (a.key < b.key ? -1 : 1));
    for await (const record of readEvidence(input.store, parts)) {
      if (dedupe && record.id) {
        if (dedupe.has(record.id)) continue;
        dedupe.add(record.id);
      }
      const event = recordEvent(record, collection);
      if (event) await write(event);
    }
  }
  const roles = roleEvents(input.report.results);
  for (const e of roles.events) await write(e);
  const accepted = input.report.risks?.accepted ?? [];
  for (const e of findingEvents(
    listFindings(input.report.findings),
    accepted,
    input.report.period,
    input.report.projectId,
    input.report.compliance.frameworks,
  ))
    await write(e);
  const placed: FileToPlace[] = [];
  const summaries: OcsfExport['files'] = [];
  for (const [cls, file] of files as Map<OcsfClass, ReturnType<typeof openClassFile>>) {
    file.gzip.end();
    await file.written;
    const { bytes, sha256 } = file.seen();
    placed.push({
      name: ocsfFile(cls),
      bytes,
      sha256,
      contentType: 'application/gzip',
      source: { path: file.path },
    });
    summaries.push({
      file: ocsfFile(cls),
      classUid: OCSF_CLASSES[cls].uid,
      className: OCSF_CLASSES[cls].name,
      events: file.events,
      rejected: file.rejected,
      firstProblem: file.firstProblem,
    });
  }
  const notes = [
    ...roles.notes,
    ...summaries
      .filter((s) => s.rejected > 0)
      .map(
        (s) =>
          `${s.file}: ${s.rejected} events failed the OCSF ${OCSF_VERSION} schema and were left out (${s.firstProblem})`,
      ),
  ];
  return { files: placed, summary: { version: OCSF_VERSION, files: summaries, notes } };
}
