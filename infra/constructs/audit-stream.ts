import { Aws, CfnOutput, Validations } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FIREHOSE_EVENTS_PREFIX } from '../../functions/core/stream/stream-layout.js';
import { nagReference } from './nag-reference.js';
import { StreamAlarms } from './stream-alarms.js';
import { StreamEventDelivery } from './stream-event-delivery.js';
import { StreamLandingBucket } from './stream-landing-bucket.js';

/** Properties of {@link AuditStream}. */
export interface AuditStreamProps {
  readonly namePrefix: string;
  /** `eventbridge` (bus → Firehose → the evidence bucket) or `s3-connector` (a landing bucket). */
  readonly path: 'eventbridge' | 's3-connector';
  readonly principalArn: string;
  /** Required for the S3 connector. */
  readonly externalId?: string;
  readonly eventSource: string;
  readonly evidenceBucket: Bucket;
  readonly accessLogBucket: Bucket;
  readonly encryptionKey: IKey;
  readonly objectLockMode: 'GOVERNANCE' | 'COMPLIANCE';
  readonly retentionDays: number;
  readonly logRetentionDays: RetentionDays;
}

/**
 * Descope's audit stream landing in this account, by the path the deploy configuration chooses,
 * and the job's read-only access to it. Built before the function (which is told where to read)
 * and given the alarm topic after it.
 */
export class AuditStream extends Construct {
  /** The EventBridge path: bus, rule, Firehose. */
  readonly delivery?: StreamEventDelivery;
  /** The S3-connector path: its own bucket and the role the connector assumes. */
  readonly landing?: StreamLandingBucket;
  private readonly props: AuditStreamProps;

  constructor(scope: Construct, id: string, props: AuditStreamProps) {
    super(scope, id);
    this.props = props;
    if (props.path === 'eventbridge') {
      this.delivery = new StreamEventDelivery(this, 'Delivery', {
        namePrefix: props.namePrefix,
        bucket: props.evidenceBucket,
        encryptionKey: props.encryptionKey,
        principalArn: props.principalArn,
        eventSource: props.eventSource,
        logRetentionDays: props.logRetentionDays,
      });
      new CfnOutput(this, 'EventBusArn', {
        description:
          "The event bus for Descope's EventBridge connector (its event_bus_name is this bus's name)",
        value: this.delivery.bus.eventBusArn,
      });
      new CfnOutput(this, 'EventSource', {
        description: "Set the EventBridge connector's source to this: the rule forwards only it",
        value: props.eventSource,
      });
    } else {
      if (!props.externalId) throw new Error('The S3 connector path needs an external ID');
      this.landing = new StreamLandingBucket(this, 'Landing', {
        namePrefix: props.namePrefix,
        principalArn: props.principalArn,
        externalId: props.externalId,
        accessLogBucket: props.accessLogBucket,
        objectLockMode: props.objectLockMode,
        retentionDays: props.retentionDays,
      });
      new CfnOutput(this, 'LandingBucketName', {
        description: "The S3 connector's bucket setting",
        value: this.landing.bucket.bucketName,
      });
      new CfnOutput(this, 'ConnectorRoleArn', {
        description: "The S3 connector's role_arn (with the external ID from the deploy configuration)",
        value: this.landing.connectorRole.roleArn,
      });
    }
  }

  /** `STREAM_BUCKET` for the function: the landing bucket, or none (the evidence bucket's `stream/events/`). */
  get streamBucketName(): string | undefined {
    return this.landing?.bucket.bucketName;
  }

  /** The job reads the stream and never writes it: list and get, and decrypt through S3. */
  grantRead(role: IRole): void {
    const landing = this.landing;
    const bucket = landing?.bucket ?? this.props.evidenceBucket;
    const key = landing?.key ?? this.props.encryptionKey;
    const prefix = landing ? '' : FIREHOSE_EVENTS_PREFIX;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadAuditStream',
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects(`${prefix}*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ListAuditStream',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: landing ? undefined : { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    );
    if (landing)
      role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'DecryptAuditStream',
          actions: ['kms:Decrypt'],
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
        }),
      );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagReference(bucket)}/${prefix}*]`,
      reason:
        "The audit stream is read object by object under its prefix (stream/events/, or the landing bucket): object names are the connector's or Firehose's.",
    });
  }

  /** The stream's alarms on the stack's topic (the EventBridge path; S3 writes have no metric to watch). */
  addAlarms(topic: ITopic, noEventHours: number): StreamAlarms | undefined {
    if (!this.delivery) return undefined;
    return new StreamAlarms(this, 'Alarms', {
      namePrefix: this.props.namePrefix,
      deliveryStreamName: this.delivery.deliveryStream.ref,
      deadLetterQueue: this.delivery.deadLetterQueue,
      topic,
      noEventHours,
    });
  }
}
