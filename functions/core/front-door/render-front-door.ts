import Handlebars from 'handlebars';
import frontDoorSource from '../../../templates/front-door.html.hbs';
import overviewSource from '../../../templates/overview.html.hbs';
import overviewTextSource from '../../../templates/overview.txt.hbs';
import type { FrontDoorView } from './front-door-view.js';
import type { OverviewView } from './overview-view.js';

// Compiled once per process, `strict` like the report's; every value is escaped by `{{ }}`.
const html = Handlebars.create();
const text = Handlebars.create();
const frontDoor = html.compile<FrontDoorView>(frontDoorSource, { strict: true });
const overview = html.compile<OverviewView>(overviewSource, { strict: true });
const overviewText = text.compile<OverviewView>(overviewTextSource, { strict: true, noEscape: true });

export const renderFrontDoor = (view: FrontDoorView): string => frontDoor(view);
export const renderOverview = (view: OverviewView): string => overview(view);
export const renderOverviewText = (view: OverviewView): string => overviewText(view);
