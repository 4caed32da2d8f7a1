import { z } from 'zod';
import { type RemediationEntry, remediationEntrySchema } from './remediation.js';

const fileSchema = z.object({ schemaVersion: z.literal(1), entries: z.array(remediationEntrySchema) });

/** `remediation.json` of a campaign: entries by item ID (an unreadable file reads as none). */
export function parseRemediation(bytes: Uint8Array | undefined): Map<string, RemediationEntry> {
  if (!bytes) return new Map();
  try {
    const parsed = fileSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return new Map(parsed.success ? parsed.data.entries.map((e) => [e.itemId, e]) : []);
  } catch {
    return new Map();
  }
}

export function renderRemediation(entries: Iterable<RemediationEntry>): string {
  const sorted = [...entries].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  return `${JSON.stringify({ schemaVersion: 1, entries: sorted }, null, 2)}\n`;
}
