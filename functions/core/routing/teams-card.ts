import { type ChannelDigest, digestCounts, digestHeadline, TOP_FINDINGS } from './channel-digest.js';

/**
 * Teams renders a TextBlock's text as a subset of Markdown (emphasis, links, lists at a line's
 * start): audit values have the characters of emphasis, links and HTML escaped, and line breaks
 * removed, so they stay one line of text.
 */
export const teamsEscape = (text: string) =>
  text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]()<>~])/g, '\\$1');

/**
 * The message a Teams workflow webhook ("When a Teams webhook request is received") posts: one
 * Adaptive Card (1.4) with the period, completeness, the counts and the top findings, each finding's
 * evidence link as an action.
 */
export function teamsMessage(d: ChannelDigest): object {
  const top = d.findings.slice(0, TOP_FINDINGS);
  const more = d.findings.length - top.length;
  const body: object[] = [
    { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, text: teamsEscape(digestHeadline(d)) },
    { type: 'TextBlock', wrap: true, text: teamsEscape(digestCounts(d)) },
    ...top.map((f) => ({
      type: 'TextBlock',
      wrap: true,
      color: f.severity === 'high' ? 'Attention' : 'Warning',
      text: `${f.severity === 'high' ? 'HIGH' : 'medium'}${f.isNew ? ' (new)' : ''}: ${teamsEscape(f.title)}`,
    })),
    ...(more > 0 ? [{ type: 'TextBlock', wrap: true, text: `…and ${more} more in the report` }] : []),
  ];
  const actions = d.reportUrl.startsWith('https://')
    ? [{ type: 'Action.OpenUrl', title: 'Open the report', url: d.reportUrl }]
    : [];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions,
        },
      },
    ],
  };
}
