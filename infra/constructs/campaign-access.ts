import { Stack, Validations } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CAMPAIGNS_PREFIX } from '../../functions/core/access/campaign-files.js';
import { nagReference } from './nag-reference.js';

/**
 * Lets `role` read and create objects under `access/campaigns/` only (campaigns, decision records,
 * their seals), list that prefix, and use the bucket key through S3 for them. Written out like the
 * report function's grants: no delete, no other prefix.
 */
export function grantCampaignAccess(role: IRole, bucket: IBucket, bucketKey: IKey, sid: string): void {
  const region = Stack.of(role).region;
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: `${sid}ReadWriteCampaigns`,
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [bucket.arnForObjects(`${CAMPAIGNS_PREFIX}*`)],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: `${sid}ListCampaigns`,
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${CAMPAIGNS_PREFIX}*`] } },
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: `${sid}UseBucketKeyThroughS3`,
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [bucketKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
    }),
  );
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagReference(bucket)}/${CAMPAIGNS_PREFIX}*]`,
    reason:
      'Decision records are created under keys known only when a reviewer decides (one per item and decision); the grant stops at the access/campaigns/ prefix.',
  });
}
