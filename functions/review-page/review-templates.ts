import Handlebars from 'handlebars';
import campaignSource from '../../templates/review/campaign.html.hbs';
import footerSource from '../../templates/review/footer.hbs';
import headerSource from '../../templates/review/header.hbs';
import homeSource from '../../templates/review/home.html.hbs';
import itemSource from '../../templates/review/item.hbs';
import noticeSource from '../../templates/review/notice.html.hbs';
import stylesheetSource from '../../templates/review/stylesheet.css.hbs';
import type { CampaignView, PageFrame } from './review-views.js';

// Compiled once per process, `strict` so a field missing from a view model fails in tests. Every
// value goes through `{{ }}` (escaped): campaign items are Descope data, justifications are typed
// by reviewers.
const html = Handlebars.create();
html.registerPartial('header', headerSource);
html.registerPartial('footer', footerSource);
html.registerPartial('item', itemSource);
const compile = <T>(source: string) => html.compile<T>(source, { strict: true });

export interface NoticeView {
  frame: PageFrame;
  heading: string;
  text: string;
  signInHref: string;
}

export interface HomeView {
  frame: PageFrame;
  campaigns: Array<{
    id: string;
    href: string;
    scope: string;
    due: string;
    decide: number;
    approve: number;
    state: string;
  }>;
}

export const renderNotice = compile<NoticeView>(noticeSource);
export const renderHome = compile<HomeView>(homeSource);
export const renderCampaign = compile<{ frame: PageFrame; campaign: CampaignView }>(campaignSource);

/** The page's only stylesheet, served from the page itself (`style-src 'self'`). */
export const STYLESHEET = stylesheetSource;
