import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { TenantChoice } from '../../core/report/tenant-selection.js';
import type { CollectedEvidence } from './aggregate-evidence-input.js';
import {
  type CollectionPassSettings,
  dropCollection,
  type LoadedCollection,
  loadCollection,
} from './collection-pass.js';
import { openTenantCensus, type TenantCensus } from './tenant-census.js';

/** Adds counts a census computed elsewhere (Athena's), as tenant IDs and their records, in step. */
export type AddCensusCounts = (tenants: string[], records: string[]) => Promise<void>;

/** The collections Athena counted: never loaded here; their census is read from Athena's results. */
export interface CensusElsewhere {
  collections: ReadonlySet<string>;
  addCensus: (add: AddCensusCounts) => Promise<void>;
}

/** The week's tenant choice and, with `keep`, the collections loaded while counting (to compute next). */
export interface WeekTenants {
  loaded: Map<string, LoadedCollection>;
  census: TenantCensus;
}

/**
 * Counts every collection's tenants into one census and chooses the reported tenants for the whole
 * week. DuckDB's collections are loaded (and, with `keep`, stay loaded for their tables; otherwise
 * dropped once counted); Athena's add the counts of their census statements. The same counts give
 * the same choice, whichever engine counted each collection (tenant-census.ts ranks them).
 */
export async function chooseWeekTenants(
  input: {
    plans: readonly CollectionPlan[];
    evidenceOf: (plan: CollectionPlan) => CollectedEvidence;
    workDirectory?: string;
    /** Receives the not-reported CSV; without it, the census's own folder (removed afterwards). */
    tableDirectory?: string;
    elsewhere?: CensusElsewhere;
    keep: boolean;
  },
  settings: CollectionPassSettings,
  choice: TenantChoice,
): Promise<WeekTenants> {
  const directory = await mkdtemp(join(input.workDirectory ?? tmpdir(), 'tenant-census-'));
  const loaded = new Map<string, LoadedCollection>();
  try {
    const census = await openTenantCensus(directory);
    try {
      for (const plan of input.plans) {
        if (input.elsewhere?.collections.has(plan.id)) continue;
        const one = await loadCollection(settings, plan, input.evidenceOf(plan).parts, census.add);
        if (input.keep) loaded.set(plan.id, one);
        else await dropCollection(one);
      }
      await input.elsewhere?.addCensus(census.addCounts);
      return { loaded, census: await census.choose(choice, input.tableDirectory ?? directory) };
    } finally {
      census.close();
    }
  } catch (error) {
    await Promise.all([...loaded.values()].map(dropCollection));
    throw error;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
