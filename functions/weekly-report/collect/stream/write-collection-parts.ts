import type { ManifestEntry } from '../../../core/integrity/manifest.js';
import {
  EVIDENCE_PART_RECORDS,
  evidencePartName,
  startsNewPart,
} from '../../../core/records/evidence-part-rule.js';
import type { ActionCount } from '../../../core/stream/stream-completeness.js';
import { HOUR_MS } from '../../../core/stream/stream-completeness.js';
import type { RevisionWriter } from '../../publish/revision-writer.js';
import { createEvidenceWriter, type EvidenceWriter } from '../evidence-writer.js';
import { hasCollection, type StagedRecord } from './staged-record.js';

/** One collection's parts as written, and what it kept. */
export interface WrittenCollection {
  id: string;
  parts: Array<ManifestEntry & { records: number }>;
  kept: number;
  /** Copies of its records dropped (the stream delivers at least once). */
  duplicates: number;
}

export interface WrittenStream {
  collections: WrittenCollection[];
  /** Records kept (each once, whatever number of collections keep it). */
  unique: number;
  duplicates: number;
  /** Copies sharing a record's identity and time but not its content (the first in evidence order is kept). */
  conflicting: number;
  /** De-duplicated records per action and hour inside `countWindow`, for the completeness check. */
  counts: ActionCount[];
}

/** The open part of one collection. */
interface OpenCollection {
  id: string;
  index: number;
  written: WrittenCollection;
  part?: { writer: EvidenceWriter; name: string; records: number };
  lastTime?: number;
  partRecords: number;
}

/**
 * Writes each collection's evidence parts from the merged records: one copy of each record (the
 * first of a run of equal identities at one millisecond), cut into parts by the same rule as the
 * search path, so the same events give the same files. An empty collection gets one empty part.
 */
export async function writeCollectionParts(input: {
  records: AsyncIterable<StagedRecord>;
  /** The run's revision of the period: parts go under its `evidence/<collection>/`. */
  target: RevisionWriter;
  collectionIds: readonly string[];
  countWindow: { from: number; to: number };
  partRecords?: number;
}): Promise<WrittenStream> {
  const open: OpenCollection[] = input.collectionIds.map((id, index) => ({
    id,
    index,
    written: { id, parts: [], kept: 0, duplicates: 0 },
    partRecords: input.partRecords ?? EVIDENCE_PART_RECORDS,
  }));
  const close = async (c: OpenCollection) => {
    const part = c.part ?? newPart(input, c);
    c.written.parts.push({ ...(await part.writer.close()), records: part.records });
    c.part = undefined;
  };
  const counts = new Map<string, ActionCount>();
  let previous: StagedRecord | undefined;
  let unique = 0;
  let duplicates = 0;
  let conflicting = 0;
  try {
    for await (const record of input.records) {
      if (previous && previous.occurred === record.occurred && previous.key === record.key) {
        duplicates += 1;
        if (previous.line !== record.line) conflicting += 1;
        for (const c of open) if (hasCollection(record.collections, c.index)) c.written.duplicates += 1;
        continue;
      }
      previous = record;
      unique += 1;
      if (record.occurred >= input.countWindow.from && record.occurred < input.countWindow.to) {
        const hour = Math.floor(record.occurred / HOUR_MS) * HOUR_MS;
        const k = `${hour}\u0000${record.action}`;
        const held = counts.get(k);
        if (held) held.count += 1;
        else counts.set(k, { action: record.action, start: hour, count: 1 });
      }
      for (const c of open) {
        if (!hasCollection(record.collections, c.index)) continue;
        if (c.part && startsNewPart(c.part.records, c.lastTime, record.occurred, c.partRecords))
          await close(c);
        c.part ??= newPart(input, c);
        await c.part.writer.writeLine(`${record.line}\n`);
        c.part.records += 1;
        c.written.kept += 1;
        c.lastTime = record.occurred;
      }
    }
    for (const c of open) if (c.part || c.written.parts.length === 0) await close(c);
  } catch (error) {
    await Promise.all(open.map((c) => c.part?.writer.abort()));
    throw error;
  }
  return {
    collections: open.map((c) => c.written),
    unique,
    duplicates,
    conflicting,
    counts: [...counts.values()],
  };
}

function newPart(input: { target: RevisionWriter }, c: OpenCollection) {
  const name = evidencePartName(c.id, c.written.parts.length + 1);
  return { writer: createEvidenceWriter(input.target, name), name, records: 0 };
}
