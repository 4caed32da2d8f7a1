import { generateDemoAuditData } from './demo-audit-data.js';
import { createDescopeApiStandIn } from './descope-api-stand-in.js';
import { parseStandInProcessOptions } from './stand-in-process-options.js';
import { generateSyntheticFailedLogins } from './synthetic-failed-logins.js';

// Runs the stand-in as its own process (for the benchmark): prints one JSON line when listening,
// exits on SIGTERM or SIGINT. Options: see stand-in-process-options.ts.
const options = parseStandInProcessOptions(process.argv.slice(2), process.env);
const clock = options.now === undefined ? Date.now : () => options.now ?? Date.now();
const records = options.synthetic
  ? generateSyntheticFailedLogins({
      count: options.synthetic.count,
      window: options.synthetic.window,
      seed: options.seed,
      projectId: options.projectId,
      distinct: options.synthetic.distinct,
      tenantPerRecord: options.synthetic.tenantPerRecord,
    })
  : generateDemoAuditData({ now: clock(), projectId: options.projectId });

const standIn = await createDescopeApiStandIn({
  projectId: options.projectId,
  managementKey: options.managementKey,
  records,
  now: clock,
  port: options.port,
  rateLimit: { requests: options.rateLimitRequests, windowMs: options.rateLimitWindowMs },
  maxResultWindow: options.maxResultWindow,
  retentionDays: options.retentionDays,
  quirks: {
    ...(options.totalCap !== undefined ? { totalCap: options.totalCap } : {}),
    ...(options.pageSizeCap !== undefined ? { pageSizeCap: options.pageSizeCap } : {}),
    omitIds: options.omitIds === 'true',
    omitEmptyFields: options.omitEmptyFields === 'true',
    ignoreOldestFirst: options.ignoreOldestFirst === 'true',
  },
});

const stop = () => {
  standIn.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

process.stdout.write(
  `${JSON.stringify({
    url: standIn.url,
    projectId: options.projectId,
    records: records.length,
    ...(options.synthetic ? { window: options.synthetic.window } : {}),
  })}\n`,
);
