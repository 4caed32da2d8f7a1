import Handlebars from 'handlebars';
import binderSource from '../../../templates/binder.html.hbs';
import type { BinderView } from './binder-view.js';

// Compiled once per process, `strict` like the report's; every value is escaped by `{{ }}`.
const binder = Handlebars.create().compile<BinderView>(binderSource, { strict: true });

/** The binder's printable HTML page: no scripts, no outside resources, a CSP like the report's. */
export const renderBinderHtml = (view: BinderView): string => binder(view);
