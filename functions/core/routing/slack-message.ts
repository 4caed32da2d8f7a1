import { type ChannelDigest, digestCounts, digestHeadline, TOP_FINDINGS } from './channel-digest.js';

/** Slack's limit on a section block's text. */
const SECTION_TEXT_MAX = 3000;

/** Slack mrkdwn treats `&`, `<` and `>` as markup: audit values are escaped so they stay text. */
export const slackEscape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A link in mrkdwn; a URL carrying `|` or `>` would break out of the link, so none is made. */
const link = (url: string, label: string) =>
  url && !/[|<>\s]/.test(url) ? `<${url}|${slackEscape(label)}>` : slackEscape(label);

/**
 * The Block Kit message of a digest: a header (period, scope, completeness), the counts of new,
 * still open and resolved findings, the top findings with links, and a link to the report.
 */
export function slackMessage(d: ChannelDigest): { text: string; blocks: object[] } {
  const headline = digestHeadline(d);
  const top = d.findings.slice(0, TOP_FINDINGS);
  const lines = top.map(
    (f) =>
      `• *${f.severity === 'high' ? 'HIGH' : 'medium'}*${f.isNew ? ' (new)' : ''} ${link(f.link, f.title)}`,
  );
  const more = d.findings.length - top.length;
  if (more > 0) lines.push(`…and ${more} more in the report`);
  return {
    text: `${headline}: ${digestCounts(d)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(headline, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: slackEscape(digestCounts(d)) } },
      ...(lines.length > 0
        ? [{ type: 'section', text: { type: 'mrkdwn', text: clip(lines.join('\n'), SECTION_TEXT_MAX) } }]
        : []),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: clip(link(d.reportUrl, d.location), SECTION_TEXT_MAX) }],
      },
    ],
  };
}
