import Handlebars from 'handlebars';
import emailHtmlSource from '../../../templates/email.html.hbs';
import emailTextSource from '../../../templates/email.txt.hbs';
import accessReviewSectionSource from '../../../templates/report/access-review-section.html.hbs';
import controlsSectionSource from '../../../templates/report/controls-section.html.hbs';
import coverageSectionSource from '../../../templates/report/coverage-section.html.hbs';
import querySectionSource from '../../../templates/report/query-section.html.hbs';
import reportStyleSource from '../../../templates/report/report-style.css.hbs';
import reportHtmlSource from '../../../templates/report.html.hbs';
import type { ReportView } from './report-view.js';

// Compiled once per process. `strict` turns a field missing from the view model into an error
// instead of an empty cell. HTML templates escape every `{{value}}`; the text part is not HTML.
const html = Handlebars.create();
const text = Handlebars.create();
// The report page's parts, each a partial at the start of its own line so it lands verbatim.
html.registerPartial('reportStyle', reportStyleSource);
html.registerPartial('controlsSection', controlsSectionSource);
html.registerPartial('coverageSection', coverageSectionSource);
html.registerPartial('accessReviewSection', accessReviewSectionSource);
html.registerPartial('querySection', querySectionSource);
const reportHtml = html.compile<ReportView>(reportHtmlSource, { strict: true });
const emailHtml = html.compile<ReportView>(emailHtmlSource, { strict: true });
const emailText = text.compile<ReportView>(emailTextSource, { strict: true, noEscape: true });

export const renderReportHtml = (view: ReportView): string => reportHtml(view);

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function renderEmail(view: ReportView): RenderedEmail {
  return {
    subject: view.subject,
    html: emailHtml(view),
    text: emailText(view),
  };
}
