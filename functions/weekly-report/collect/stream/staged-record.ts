/**
 * One stream record on its way to the evidence: its time, identity, the collections that want it
 * (a bit per collection), its action (for the completeness cross-check) and its evidence line,
 * formatted once, without the newline.
 */
export interface StagedRecord {
  occurred: number;
  key: string;
  /** Bit `i` (as `2 ** i`) set when collection `i` keeps the record. */
  collections: number;
  action: string;
  line: string;
}

/** The most collections one mask can name (exact integer bits of a double). */
export const MAX_STREAM_COLLECTIONS = 52;

export const hasCollection = (mask: number, index: number) => Math.floor(mask / 2 ** index) % 2 === 1;

/** Evidence order: time, then identity (Descope's ID orders ties), then the line (equal copies last). */
export function compareStaged(a: StagedRecord, b: StagedRecord): number {
  if (a.occurred !== b.occurred) return a.occurred - b.occurred;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.line < b.line ? -1 : a.line > b.line ? 1 : 0;
}

/** A record as one line of a run file: tab-separated, the strings that could hold a tab as JSON. */
export const formatStagedLine = (r: StagedRecord) =>
  `${r.occurred}\t${r.collections}\t${JSON.stringify(r.key)}\t${JSON.stringify(r.action)}\t${r.line}\n`;

export function parseStagedLine(text: string): StagedRecord {
  const t1 = text.indexOf('\t');
  const t2 = text.indexOf('\t', t1 + 1);
  // A key is JSON text: its closing quote is followed by the tab (an escaped tab is `\t`, never a tab).
  const t3 = text.indexOf('\t', t2 + 1);
  const t4 = text.indexOf('\t', t3 + 1);
  return {
    occurred: Number(text.slice(0, t1)),
    collections: Number(text.slice(t1 + 1, t2)),
    key: JSON.parse(text.slice(t2 + 1, t3)) as string,
    action: JSON.parse(text.slice(t3 + 1, t4)) as string,
    line: text.slice(t4 + 1),
  };
}
