import Handlebars from 'handlebars';
import digestHtmlSource from '../../../templates/day-digest.html.hbs';
import digestTextSource from '../../../templates/day-digest.txt.hbs';
import type { DayDigestView } from './day-digest-view.js';
import type { RenderedEmail } from './render-templates.js';

// Compiled once per process, `strict` as the other templates; the HTML part escapes every value.
const digestHtml = Handlebars.create().compile<DayDigestView>(digestHtmlSource, { strict: true });
const digestText = Handlebars.create().compile<DayDigestView>(digestTextSource, {
  strict: true,
  noEscape: true,
});

/** The daily review's email: the day's new findings only (see {@link DayDigestView}). */
export function renderDayDigest(view: DayDigestView): RenderedEmail {
  return { subject: view.subject, html: digestHtml(view), text: digestText(view) };
}
