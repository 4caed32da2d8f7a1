import { z } from 'zod';
import { url } from './environment-values.js';

/** The AWS region of the bucket and of SES. */
export const awsRegionVariables = {
  AWS_REGION: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1')
    .meta({
      description: 'AWS region of the bucket and of SES (Lambda sets it itself).',
      examples: ['eu-west-1'],
    }),
};

/** AWS-compatible endpoints: the local stand-ins in place of AWS. */
export const awsEndpointVariables = {
  AWS_ENDPOINT_URL_S3: url.optional().meta({
    description: 'S3-compatible endpoint (the local stand-in); links in the email then point there.',
    unset: 'AWS',
  }),
  AWS_ENDPOINT_URL_SESV2: url.optional().meta({
    description: 'SES v2-compatible endpoint (the local stand-in).',
    unset: 'AWS',
  }),
  AWS_ENDPOINT_URL_EVENTBRIDGE: url.optional().meta({
    description: 'EventBridge-compatible endpoint (the local stand-in), read by the SDK client.',
    unset: 'AWS',
  }),
  AWS_ENDPOINT_URL_SECRETS_MANAGER: url.optional().meta({
    description:
      'Secrets Manager-compatible endpoint (the local stand-in), read by the SDK client (the Descope secret, the channels’ secrets).',
    unset: 'AWS',
  }),
};

/** The Lambda endpoint a run invokes to continue itself; the Lambda only. */
export const lambdaEndpointVariables = {
  AWS_ENDPOINT_URL_LAMBDA: url.optional().meta({
    description: 'Lambda-compatible endpoint (the local stand-in) the run invokes to continue itself.',
    unset: 'AWS',
  }),
};
