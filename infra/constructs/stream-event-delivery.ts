import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { ArnPrincipal, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, LogStream, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FIREHOSE_ERRORS_PREFIX, FIREHOSE_EVENTS_PREFIX } from '../../functions/core/stream/stream-layout.js';
import { createFirehoseDeliveryRole } from './firehose-delivery-role.js';
import { firehoseRuleTarget } from './firehose-rule-target.js';

/** Properties of {@link StreamEventDelivery}. */
export interface StreamEventDeliveryProps {
  /** Names the bus, the delivery stream and the alarms. */
  readonly namePrefix: string;
  /** The evidence bucket: events land under `stream/events/`, failures under `stream/errors/`. */
  readonly bucket: IBucket;
  /** Encrypts the delivery stream, its objects and its error log. */
  readonly encryptionKey: IKey;
  /** The one principal allowed to put events on the bus (the Descope EventBridge connector's). */
  readonly principalArn: string;
  /** The `source` the rule forwards (the connector's `source` setting). */
  readonly eventSource: string;
  /**
   * Days Firehose's delivery-error log is kept.
   * @default 365
   */
  readonly logRetentionDays?: RetentionDays;
}

/**
 * The EventBridge path of the audit stream: an event bus only the configured principal may put
 * events on, a rule forwarding the connector's events (the whole EventBridge envelope) to Amazon
 * Data Firehose, which writes them gzipped, one event a line, to the evidence bucket under
 * `stream/events/dt=YYYY-MM-DD/` (the arrival day, UTC). What Firehose cannot deliver goes to
 * `stream/errors/`; what EventBridge cannot hand to Firehose goes to a dead-letter queue.
 */
export class StreamEventDelivery extends Construct {
  readonly bus: EventBus;
  readonly rule: Rule;
  readonly deliveryStream: CfnDeliveryStream;
  readonly deadLetterQueue: Queue;
  readonly errorLog: LogGroup;
  /** Firehose's role: the one principal that writes `stream/` of the evidence bucket. */
  readonly deliveryRole: Role;

  constructor(scope: Construct, id: string, props: StreamEventDeliveryProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: `${props.namePrefix}-descope-audit` });
    this.bus.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DescopeConnectorPutsEvents',
        principals: [new ArnPrincipal(props.principalArn)],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
      }),
    );

    this.errorLog = new LogGroup(this, 'DeliveryErrors', {
      encryptionKey: props.encryptionKey,
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const errorStream = new LogStream(this, 'DeliveryErrorStream', {
      logGroup: this.errorLog,
      logStreamName: 'S3Delivery',
    });

    this.deliveryRole = createFirehoseDeliveryRole(this, {
      bucket: props.bucket,
      encryptionKey: props.encryptionKey,
      errorLog: this.errorLog,
      errorStream,
    });
    const role = this.deliveryRole;

    this.deliveryStream = new CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: `${props.namePrefix}-descope-audit`,
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: {
        keyType: 'CUSTOMER_MANAGED_CMK',
        keyArn: props.encryptionKey.keyArn,
      },
      extendedS3DestinationConfiguration: {
        bucketArn: props.bucket.bucketArn,
        roleArn: role.roleArn,
        prefix: `${FIREHOSE_EVENTS_PREFIX}dt=!{timestamp:yyyy-MM-dd}/`,
        errorOutputPrefix: `${FIREHOSE_ERRORS_PREFIX}!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`,
        compressionFormat: 'GZIP',
        bufferingHints: { intervalInSeconds: 300, sizeInMBs: 64 },
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: props.encryptionKey.keyArn } },
        // One event a line: Firehose concatenates records without a delimiter unless told.
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'AppendDelimiterToRecord',
              parameters: [{ parameterName: 'Delimiter', parameterValue: '\\n' }],
            },
          ],
        },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: this.errorLog.logGroupName,
          logStreamName: errorStream.logStreamName,
        },
      },
    });
    this.deliveryStream.node.addDependency(role);

    this.deadLetterQueue = new Queue(this, 'UndeliveredEvents', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the rule: events EventBridge could not hand to Firehose.',
    });

    this.rule = new Rule(this, 'ForwardAuditEvents', {
      eventBus: this.bus,
      description: 'Descope audit events to Firehose, envelope and all',
      eventPattern: { source: [props.eventSource] },
    });
    this.rule.addTarget(
      firehoseRuleTarget(this, {
        deliveryStream: this.deliveryStream,
        deadLetterQueue: this.deadLetterQueue,
        rule: () => this.rule,
      }),
    );
  }
}
