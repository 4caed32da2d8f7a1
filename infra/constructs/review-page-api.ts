import { Aws, Fn, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { encryptedLogGroup } from './node-function-parts.js';

/** The stage name: the page lives at `https://<api>.execute-api.<region>.amazonaws.com/review/`. */
export const REVIEW_STAGE = 'review';

/** Properties of {@link ReviewPageApi}. */
export interface ReviewPageApiProps {
  readonly apiName: string;
  /** Encrypts the access log group. */
  readonly encryptionKey: IKey;
  /** Steady requests per second; bursts of twice that. */
  readonly throttleRps: number;
  /** Requests per client IP in any 5 minutes before WAF blocks it. */
  readonly rateLimitPer5Minutes: number;
  /** @default 365 */
  readonly logRetentionDays?: number;
}

/**
 * The review page's public front: a regional REST API (every path to the function), throttled at
 * the stage, with JSON access logs, behind a WAF web ACL (AWS common and known-bad-inputs rules,
 * and a per-IP rate limit). API Gateway rather than a function URL: a function URL can carry
 * neither a WAF nor a request-rate throttle, and its only auth (IAM) is not what a browser has.
 */
export class ReviewPageApi extends Construct {
  readonly api: RestApi;
  /** `https://…/review/`, known at deploy time (a token). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ReviewPageApiProps) {
    super(scope, id);
    const accessLogs = encryptedLogGroup(this, 'AccessLogs', props);
    this.api = new RestApi(this, 'Api', {
      restApiName: props.apiName,
      description: 'Access review page (server-rendered; every request authenticated by its Descope session)',
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      deploy: true,
      cloudWatchRole: false,
      deployOptions: {
        stageName: REVIEW_STAGE,
        throttlingRateLimit: props.throttleRps,
        throttlingBurstLimit: props.throttleRps * 2,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        tracingEnabled: false,
      },
      // Forms post urlencoded text; nothing binary is accepted.
      binaryMediaTypes: [],
      disableExecuteApiEndpoint: false,
    });
    this.url = Fn.join('', [
      'https://',
      this.api.restApiId,
      '.execute-api.',
      Aws.REGION,
      '.',
      Aws.URL_SUFFIX,
      `/${REVIEW_STAGE}/`,
    ]);

    const webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: `${props.apiName}-waf`,
        sampledRequestsEnabled: true,
      },
      rules: [
        managedRule('AWSManagedRulesCommonRuleSet', 0, props.apiName),
        managedRule('AWSManagedRulesKnownBadInputsRuleSet', 1, props.apiName),
        {
          name: 'RateLimitPerIp',
          priority: 2,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimitPer5Minutes, aggregateKeyType: 'IP' } },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            metricName: `${props.apiName}-rate`,
            sampledRequestsEnabled: true,
          },
        },
      ],
    });
    new CfnWebACLAssociation(this, 'WebAclAssociation', {
      webAclArn: webAcl.attrArn,
      resourceArn: `arn:${Aws.PARTITION}:apigateway:${Stack.of(this).region}::/restapis/${this.api.restApiId}/stages/${this.api.deploymentStage.stageName}`,
    });
  }

  /** Routes every method and path to `handler` (the page routes itself). */
  route(handler: IFunction): void {
    const integration = new LambdaIntegration(handler, { proxy: true });
    this.api.root.addMethod('ANY', integration);
    this.api.root.addProxy({ defaultIntegration: integration, anyMethod: true });
    for (const method of this.api.methods) {
      Validations.of(method).acknowledge(
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'Authentication is the page itself: every request but the sign-in, its callback and the stylesheet validates the Descope session JWT with the Descope SDK against the project keys; an API Gateway authorizer cannot run the OIDC sign-in.',
        },
        {
          id: 'AwsSolutions-COG4',
          reason:
            'Reviewers sign in with the customer’s Descope project (OIDC, hosted flow), not a Cognito user pool.',
        },
      );
    }
    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-APIG2',
        reason:
          'A proxy to one function that validates every form and query with zod and answers 4xx; API Gateway models would duplicate it for server-rendered pages.',
      },
      {
        id: 'AwsSolutions-APIG6',
        reason:
          'Access logs are on (JSON, every request). Execution logs need the account-wide API Gateway CloudWatch role, which a stack should not set for the whole account; the function logs its own failures.',
      },
    );
  }
}

function managedRule(name: string, priority: number, prefix: string): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: {
      cloudWatchMetricsEnabled: true,
      metricName: `${prefix}-${name}`,
      sampledRequestsEnabled: true,
    },
  };
}
