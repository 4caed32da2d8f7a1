import { createHash } from 'node:crypto';
import type { Finding } from './finding.js';

/** The subject of the summary finding `capFindings` adds (its title carries a count). */
export const MORE_OF_THE_SAME = 'more of the same';
const MORE_TITLE = /^[\d,]+ more of the same$/;

/**
 * A finding's identity from week to week: its rule and its subject (a country, an address, a role
 * and user...), never its counts or times. Titles name the subject and carry no counts, so the
 * subject is the title unless the finding says otherwise.
 */
export function fingerprintOf(rule: string, subject: string): string {
  const hash = createHash('sha256').update(`${rule}\n${subject}`).digest('hex').slice(0, 16);
  return `${rule}:${hash}`;
}

/** The fingerprint of a stored finding known only by rule and title (older summaries). */
export const fingerprintOfTitle = (rule: string, title: string) =>
  fingerprintOf(rule, MORE_TITLE.test(title) ? MORE_OF_THE_SAME : title);

export const findingFingerprint = (finding: Finding) =>
  fingerprintOf(finding.rule, finding.subject ?? finding.title);
