import { parseArgs } from 'node:util';
import { createS3ReportStore } from '../adapters/s3-report-store.js';
import { createS3StreamBucket } from '../adapters/s3-stream-bucket.js';
import { campaignMailAddresses } from '../core/access/campaign-settings.js';
import { FIREHOSE_EVENTS_PREFIX } from '../core/stream/stream-layout.js';
import { ConfigError } from '../shared/errors.js';
import { createAwsClients } from '../weekly-report/wiring/build-dependencies.js';
import { type CliConfig, cliEnvironmentSchema } from '../weekly-report/wiring/config.js';
import { loadConfig } from '../weekly-report/wiring/load-config.js';
import { sourceCatalog } from '../weekly-report/wiring/source-catalog.js';
import { probeBucket } from './bucket-probe.js';
import { checkBaseUrl } from './descope-base-url.js';
import { createDescopeProbe } from './descope-probe.js';
import { checkDirectory } from './directory-check.js';
import { type DoctorLine, formatDoctorLines } from './doctor-line.js';
import { runDoctor } from './run-doctor.js';
import { probeSender, probeSendingAccount } from './sender-probe.js';
import { probeStream } from './stream-probe.js';

export const DOCTOR_USAGE = `Usage: npm run doctor [-- --local] [--source api|stream]

Checks a deployment's configuration against the real services, using the same environment as
\`npm run report\`: the Descope key and project, the API host, the audit search rate, the bucket,
the SES sender, the data keys of recent records beside the ones the catalog reads, and the
directory the access review reads (its rate, the requests a run needs, tenant roles).
Exit 0 when a weekly run should succeed, 1 when something would trip it.

  --local   run against the local stand-ins (demo data), as \`npm start\` does
  --source  check the audit search (api) or the audit stream too (stream); default REPORT_SOURCE
`;

export interface DoctorIo {
  print: (line: string) => void;
  now: () => number;
}

/** Parses `--local` / `--help`; unknown options are a configuration error. */
export function parseDoctorArgs(argv: string[]): {
  local: boolean;
  help: boolean;
  source?: 'api' | 'stream';
} {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        local: { type: 'boolean' },
        source: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.source !== undefined && values.source !== 'api' && values.source !== 'stream')
      throw new Error(`--source must be api or stream, got "${values.source}"`);
    return {
      local: values.local ?? false,
      help: values.help ?? false,
      source: values.source as 'api' | 'stream' | undefined,
    };
  } catch (error) {
    throw new ConfigError(`${error instanceof Error ? error.message : String(error)}\n${DOCTOR_USAGE}`);
  }
}

/**
 * `npm run doctor` against the environment `env`. Configuration is validated first: an invalid
 * variable is named and nothing is requested. Prints every line and returns the exit code.
 */
export async function runDoctorCli(env: Record<string, string | undefined>, io: DoctorIo): Promise<number> {
  const print = (lines: DoctorLine[]) => {
    for (const line of formatDoctorLines(lines)) io.print(line);
  };
  let config: CliConfig;
  try {
    config = await loadConfig(cliEnvironmentSchema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    print([
      { status: 'fail', text: `Configuration: ${error.message}` },
      { status: 'fail', text: 'Nothing was checked against the services' },
    ]);
    return 1;
  }
  const now = io.now();
  const baseUrl = checkBaseUrl(config.DESCOPE_PROJECT_ID, config.DESCOPE_BASE_URL);
  const clients = createAwsClients(config);
  const store = createS3ReportStore({
    client: clients.s3,
    bucket: config.REPORT_BUCKET,
    region: config.AWS_REGION,
  });
  io.print(
    `Descope audit reporter doctor: project ${config.DESCOPE_PROJECT_ID}, bucket ${config.REPORT_BUCKET}, ${config.AWS_REGION}`,
  );
  print([
    {
      status: 'ok',
      text: `Configuration: valid (${config.REPORT_QUERIES.queries.length} queries, ${config.REPORT_RECIPIENTS.length} recipient(s))`,
    },
  ]);
  const { lines, exitCode } = await runDoctor(
    {
      projectId: config.DESCOPE_PROJECT_ID,
      baseUrl,
      catalog: sourceCatalog(config),
      auditRpm: config.DESCOPE_AUDIT_RPM,
      now,
    },
    {
      descope: createDescopeProbe({
        baseUrl: baseUrl.url,
        projectId: config.DESCOPE_PROJECT_ID,
        managementKey: config.DESCOPE_MANAGEMENT_KEY,
        timeoutMs: config.DESCOPE_REQUEST_TIMEOUT_MS,
      }),
      probeBucket: () =>
        probeBucket({
          client: clients.s3,
          store,
          bucket: config.REPORT_BUCKET,
          projectId: config.DESCOPE_PROJECT_ID,
          now,
        }),
      probeSender: () => probeSender(clients.ses, config.REPORT_SENDER, config.AWS_REGION),
      probeDirectory: () =>
        checkDirectory({
          connection: {
            projectId: config.DESCOPE_PROJECT_ID,
            managementKey: config.DESCOPE_MANAGEMENT_KEY,
            baseUrl: config.DESCOPE_BASE_URL,
            timeoutMs: config.DESCOPE_REQUEST_TIMEOUT_MS,
          },
          enabled: config.ACCESS_REVIEW_ENABLED,
          read: config.ACCESS_REVIEW_DIRECTORY_READ,
          rpm: config.DESCOPE_DIRECTORY_RPM,
        }),
      probeStream:
        config.REPORT_SOURCE === 'stream'
          ? () =>
              probeStream(
                createS3StreamBucket({
                  client: clients.s3,
                  bucket: config.STREAM_BUCKET ?? config.REPORT_BUCKET,
                }),
                {
                  projectId: config.DESCOPE_PROJECT_ID,
                  pattern: config.STREAM_KEY_PATTERN,
                  discoverUnder:
                    config.STREAM_PREFIX ??
                    (config.STREAM_BUCKET === undefined || config.STREAM_BUCKET === config.REPORT_BUCKET
                      ? FIREHOSE_EVENTS_PREFIX
                      : ''),
                  masked: config.STREAM_MASK_PII,
                  now,
                },
              )
          : undefined,
      probeAccount: () =>
        probeSendingAccount(
          clients.ses,
          [
            ...config.REPORT_RECIPIENTS,
            ...Object.values(config.REPORT_QUERIES.tenants.recipients).flat(),
            ...(config.ACCESS_CAMPAIGNS && config.ACCESS_REVIEW_ENABLED
              ? campaignMailAddresses(config.ACCESS_CAMPAIGNS)
              : []),
          ],
          config.AWS_REGION,
        ),
    },
  );
  print(lines);
  return exitCode;
}
