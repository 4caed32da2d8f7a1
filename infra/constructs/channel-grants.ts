import { ArnFormat, Stack } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { ChannelConfig } from '../../functions/core/routing/channel-config.js';

/** A secret named by ARN is that secret; by name, any version suffix Secrets Manager gives it. */
const secretArn = (stack: Stack, id: string) =>
  id.startsWith('arn:')
    ? id
    : stack.formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${id}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });

/** `default`, a bus name or a bus ARN, as the bus's ARN. */
const busArn = (stack: Stack, bus: string) =>
  bus.startsWith('arn:')
    ? bus
    : stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: bus });

/**
 * What the channels need, and nothing more: reading each channel's own secret (a webhook URL, a
 * signing secret) and `events:PutEvents` on each configured bus. No channel: no statement.
 */
export function grantChannels(scope: IConstruct, role: IRole, channels: readonly ChannelConfig[]): void {
  const stack = Stack.of(scope);
  const secrets = channels.flatMap((c) =>
    c.kind === 'slack' || c.kind === 'teams'
      ? [c.webhookUrlSecret]
      : c.kind === 'webhook'
        ? [c.signingSecret]
        : [],
  );
  const buses = channels.flatMap((c) => (c.kind === 'eventbridge' ? [c.eventBusName] : []));
  if (secrets.length > 0)
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadChannelSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [...new Set(secrets.map((s) => secretArn(stack, s)))],
      }),
    );
  if (buses.length > 0)
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'PutFindingEvents',
        actions: ['events:PutEvents'],
        resources: [...new Set(buses.map((b) => busArn(stack, b)))],
      }),
    );
}
