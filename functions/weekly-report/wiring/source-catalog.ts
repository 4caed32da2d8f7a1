import { catalogForSource, type ReportCatalog } from '../../core/catalog/report-catalog.js';

/** The configured catalog as the configured source can answer it (the search leaves out the stream's built-ins). */
export const sourceCatalog = (config: { REPORT_QUERIES: ReportCatalog; REPORT_SOURCE: 'api' | 'stream' }) =>
  catalogForSource(config.REPORT_QUERIES, config.REPORT_SOURCE === 'stream' ? 'stream' : 'search').catalog;
