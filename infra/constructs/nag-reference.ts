import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag writes a reference to `construct`'s resource inside a finding ID, e.g.
 * `<EvidenceBucketC67FF768.Arn>`. Acknowledging a single finding (`AwsSolutions-IAM5[Resource::…]`)
 * needs that exact text; deriving it keeps acknowledgements right when logical IDs change.
 */
export function nagReference(construct: IConstruct, attribute = 'Arn'): string {
  const resource = construct.node.defaultChild;
  if (!CfnElement.isCfnElement(resource)) {
    throw new Error(`${construct.node.path} has no CloudFormation resource to reference`);
  }
  return `<${Stack.of(construct).resolve(resource.logicalId)}.${attribute}>`;
}
