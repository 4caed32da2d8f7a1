import { FINDING_QUERIES } from '../../../../functions/core/catalog/builtin-queries.js';
import {
  type QueryDefinition,
  queryDefinitionSchema,
} from '../../../../functions/core/catalog/query-definition.js';
import { demoCatalogQueries } from './both-dialects.js';

/** The built-in the address-spike finding reads, and a variant without countries and with a condition. */
export async function addressQueries(): Promise<QueryDefinition[]> {
  const builtin = (await demoCatalogQueries()).find((q) => q.id === FINDING_QUERIES.failedByIp);
  if (!builtin) throw new Error('failed-logins-by-ip is a built-in');
  const variant = queryDefinitionSchema.parse({
    id: 'by-address-no-geo',
    title: 'by address',
    filter: {},
    where: [{ field: 'action', notIn: ['LoginSucceeded'] }],
    aggregation: {
      kind: 'group',
      groupBy: [{ column: 'ip', field: 'remoteAddress' }],
      count: 'n',
    },
  });
  return [builtin, variant];
}
