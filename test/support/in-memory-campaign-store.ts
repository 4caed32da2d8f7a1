import { createCampaignStore } from '../../functions/adapters/campaign-store.js';
import { inMemoryReportStore } from './in-memory-report-store.js';

/** The campaign store over the in-memory report store, listing its keys. */
export function inMemoryCampaignStore() {
  const memory = inMemoryReportStore();
  const store = createCampaignStore(memory.store, {
    list: async (prefix) =>
      [...memory.objects.entries()]
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, body]) => ({ key, bytes: body.length }))
        .sort((a, b) => (a.key < b.key ? -1 : 1)),
  });
  return { ...memory, campaigns: store };
}
