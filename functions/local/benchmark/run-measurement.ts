import { describeError } from '../../shared/errors.js';
import { jobSpecSchema, measureJob } from './benchmark-job.js';
import { type BenchmarkRole, isBenchmarkRole, serveMeasurement } from './child-process.js';
import { duckDbSpecSchema, measureDuckDbAggregation } from './duckdb-aggregation.js';
import { evidenceSpecSchema, measureEvidenceAggregation } from './evidence-aggregation.js';
import { measureStreamJob, streamJobSpecSchema } from './stream-benchmark-job.js';

// Entry of one measured child process: `run-measurement <role> <spec JSON>`, started by
// run-benchmark. A bundle of its own, so the job's memory holds the job's modules only (not
// s3rver, the SES stand-in or DuckDB, which is loaded by the duckdb role alone).

function serveRole(role: BenchmarkRole, spec: string | undefined): Promise<void> {
  switch (role) {
    case 'job':
      return serveMeasurement(spec, jobSpecSchema, (s) => measureJob(s, process.env));
    case 'evidence':
      return serveMeasurement(spec, evidenceSpecSchema, measureEvidenceAggregation);
    case 'duckdb':
      return serveMeasurement(spec, duckDbSpecSchema, measureDuckDbAggregation);
    case 'stream':
      return serveMeasurement(spec, streamJobSpecSchema, measureStreamJob);
  }
}

const [role, spec] = process.argv.slice(2);
if (!isBenchmarkRole(role)) {
  process.stderr.write(
    `Usage: run-measurement <job|evidence|duckdb|stream> <spec JSON> (started by run-benchmark)\n`,
  );
  process.exit(2);
}
serveRole(role, spec).then(
  // Exit as soon as the result is out: open keep-alive sockets must not hold the process.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Error: ${describeError(error, 'stack')}\n`);
    process.exit(1);
  },
);
