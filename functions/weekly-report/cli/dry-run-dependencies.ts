import { createDirectoryReportStore } from '../../adapters/directory-report-store.js';
import { createAwsClients, createDescopeSources } from '../wiring/build-dependencies.js';
import { createStreamEvidenceSource } from '../wiring/build-stream-source.js';
import type { DryRunConfig } from '../wiring/config.js';

/** A dry run's dependencies: the Descope clients, a folder as the store, the stream when it is the source. */
export function dryRunDependencies(
  config: DryRunConfig,
  credentials: { projectId: string; managementKey: string },
  onSearchEvent: Parameters<typeof createDescopeSources>[2],
  out: string,
  now: number,
  region = 'us-east-1',
) {
  const sources = createDescopeSources(config, credentials, onSearchEvent);
  // The stream's bucket is reached as the given environment says (credentials included).
  const s3 = createAwsClients({ ...config, AWS_REGION: region, AWS_ENDPOINT_URL_SESV2: undefined }).s3;
  return {
    ...sources,
    store: createDirectoryReportStore(out),
    evidence: createStreamEvidenceSource(config, s3, sources, now),
  };
}
