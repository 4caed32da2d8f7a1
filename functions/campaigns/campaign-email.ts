import Handlebars from 'handlebars';
import htmlSource from '../../templates/campaign-email.html.hbs';
import textSource from '../../templates/campaign-email.txt.hbs';
import type { EmailMessage } from '../adapters/mailer.js';

/** A campaign email's content: plain strings, escaped in the HTML part by `{{ }}`. */
export interface CampaignEmailView {
  subject: string;
  heading: string;
  intro: string;
  lines: string[];
  link: string;
  linkText: string;
  footer: string;
}

const html = Handlebars.create().compile<CampaignEmailView>(htmlSource, { strict: true });
const text = Handlebars.create().compile<CampaignEmailView>(textSource, { strict: true, noEscape: true });

const FOOTER =
  'Sent by the Descope audit reporter. Sign in to the review page with your Descope account; decisions are signed by the service, never by a key you hold.';

/** The email (both parts) for `to`, from `from`. */
export function campaignEmail(
  from: string,
  to: string[],
  view: Omit<CampaignEmailView, 'footer'>,
): EmailMessage {
  const full = { ...view, footer: FOOTER };
  return { from, to, subject: view.subject, html: html(full), text: text(full) };
}
