import { Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import { type IRole, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { binderJobsFolder } from '../../functions/binder-printer/print-job.js';
import { CHROMIUM_EXTERNALS, chromiumCommandHooks, pinnedChromiumVersions } from './chromium-bundling.js';
import { nagReference } from './nag-reference.js';
import {
  encryptedLogGroup,
  esmBundling,
  functionRole,
  node22Function,
  repoPath,
} from './node-function-parts.js';

/** The pages the report function writes and the printer reads; the PDFs the other way round. */
export const binderPages = (projectId: string) => `${binderJobsFolder(projectId)}*/binder.html`;
export const binderPdfs = (projectId: string) => `${binderJobsFolder(projectId)}*/binder.pdf`;

/** Properties of {@link BinderPrinterFunction}. */
export interface BinderPrinterFunctionProps {
  /** Physical name (the report function is told it, and may invoke only it). */
  readonly functionName: string;
  /** The project whose binders it prints: its jobs only (`binder-jobs/<projectId>/`). */
  readonly projectId: string;
  /** The evidence bucket, where the print jobs pass (under `binder-jobs/`). */
  readonly bucket: IBucket;
  /** The bucket's key; also encrypts the log group. */
  readonly encryptionKey: IKey;
  /** @default 365 */
  readonly logRetentionDays?: number;
}

/**
 * The binder printer: Node.js 22 on x86-64, where the `@sparticuz/chromium` installed into its
 * asset runs (the report function is ARM64, and that package's arm64 build is not on npm). It
 * reads a binder page from `binder-jobs/<projectId>/<id>/binder.html` and writes the PDF beside it; nothing
 * else in the bucket, and no other AWS service but its own log group.
 */
export class BinderPrinterFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  private readonly pages: string;
  private readonly pdfs: string;

  constructor(scope: Construct, id: string, props: BinderPrinterFunctionProps) {
    super(scope, id);
    this.pages = binderPages(props.projectId);
    this.pdfs = binderPdfs(props.projectId);
    const logGroup = encryptedLogGroup(this, 'Logs', props);
    this.role = functionRole(this, props.functionName);
    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: "Prints a rollup's audit binder page to PDF with Chromium (x86-64)",
      ...node22Function('functions/binder-printer/handler.ts'),
      architecture: Architecture.X86_64,
      // Chromium wants memory; 2 GB also buys the CPU share that keeps a print in seconds.
      memorySize: 2048,
      // Chromium unpacks itself (≈ 200 MB) into /tmp on a cold start.
      ephemeralStorageSize: Size.mebibytes(1024),
      timeout: Duration.minutes(2),
      role: this.role,
      logGroup,
      environment: { BINDER_BUCKET: props.bucket.bucketName, NODE_OPTIONS: '--enable-source-maps' },
      bundling: esmBundling({
        // Chromium's binary ships inside its package; the asset installs it for linux-x64.
        externalModules: CHROMIUM_EXTERNALS,
        commandHooks: chromiumCommandHooks(pinnedChromiumVersions(repoPath('package.json'))),
      }),
    });

    const allow = (
      sid: string,
      actions: string[],
      resources: string[],
      conditions?: Record<string, unknown>,
    ) => this.role.addToPrincipalPolicy(new PolicyStatement({ sid, actions, resources, conditions }));
    allow('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [logGroup.logGroupArn]);
    allow('ReadBinderPages', ['s3:GetObject'], [props.bucket.arnForObjects(this.pages)]);
    allow('WriteBinderPdfs', ['s3:PutObject'], [props.bucket.arnForObjects(this.pdfs)]);
    allow('UseKeyThroughS3', ['kms:Decrypt', 'kms:GenerateDataKey'], [props.encryptionKey.keyArn], {
      StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` },
    });
    acknowledgeJobKeys(this.role, props.bucket, [this.pages, this.pdfs]);
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to Node.js 22 on purpose, like the report function: the bundle targets node22 and the code is tested on it.',
    });
  }

  /**
   * Lets the report function print through this one: write binder pages, read the PDFs back, and
   * invoke this function (and no other).
   */
  grantPrint(role: IRole, bucket: IBucket): void {
    const allow = (sid: string, actions: string[], resources: string[]) =>
      role.addToPrincipalPolicy(new PolicyStatement({ sid, actions, resources }));
    allow('WriteBinderPages', ['s3:PutObject'], [bucket.arnForObjects(this.pages)]);
    allow('ReadBinderPdfs', ['s3:GetObject'], [bucket.arnForObjects(this.pdfs)]);
    allow('PrintBinder', ['lambda:InvokeFunction'], [this.function.functionArn]);
    acknowledgeJobKeys(role, bucket, [this.pages, this.pdfs]);
  }
}

function acknowledgeJobKeys(role: IRole, bucket: IBucket, patterns: string[]): void {
  for (const pattern of patterns)
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagReference(bucket)}/${pattern}]`,
      reason:
        "Print jobs are named by a random ID at run time; the grant stops at that file name in the project's binder-jobs/ folder.",
    });
}
