import { readFileSync } from 'node:fs';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { defineApp } from '../../../infra/define-app.js';
import type { DescopeAuditReportStack } from '../../../infra/descope-audit-report-stack.js';
import { testTempDir } from '../../support/test-temp.js';

/** The minimum valid settings; each test adds what it is about. */
export const BASE_SETTINGS = {
  projectId: 'P2TestProject000000000000001',
  sender: 'audit-reports@example.com',
  recipients: ['auditor@example.org', 'ciso@example.org'],
} as const;

/**
 * cdk.json's context (feature flags), so tests build what `cdk synth` builds; without its demo
 * `configFile`, since each test states its own settings.
 */
const { configFile: _demoConfigFile, ...cdkJsonContext } = (
  JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

export interface Synthesized {
  readonly app: App;
  readonly stack: DescopeAuditReportStack;
  readonly template: Template;
  readonly json: Record<string, unknown>;
}

/** Options of {@link buildApp}. */
export interface BuildOptions {
  /** Directory relative paths in the settings resolve against. @default process.cwd() */
  readonly cwd?: string;
  /**
   * Run CDK's built-in CloudFormation schema validation, as `cdk synth` does. It costs seconds per
   * process, so only the validation tests turn it on. @default false
   */
  readonly cloudFormationValidation?: boolean;
}

/**
 * Builds the app as `infra/app.ts` does (cdk-nag included), without bundling the function.
 * `settings` replace `BASE_SETTINGS` key by key; pass `undefined` to drop one.
 */
export function buildApp(
  settings: Record<string, unknown> = {},
  options: BuildOptions = {},
): { app: App; stack: DescopeAuditReportStack } {
  const context = Object.fromEntries(
    Object.entries({ ...BASE_SETTINGS, ...settings }).filter(([, value]) => value !== undefined),
  );
  const app = new App({
    outdir: testTempDir('descope-audit-cdk-'),
    context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
  });
  return { app, stack: defineApp(app, options.cwd) };
}

/** Each distinct app this worker synthesized, by its settings and options. */
const synthesized = new Map<string, Synthesized>();

/**
 * Builds and synthesizes, once per distinct `settings` and `options` in a worker (a synth takes a
 * second or two; the test files of a worker share its modules): read the result, never change it.
 * A test that adds constructs builds its own app with {@link buildApp}.
 */
export function synth(settings: Record<string, unknown> = {}, options: BuildOptions = {}): Synthesized {
  // A setting given as `undefined` drops it: a different app from one that leaves it out.
  const key = JSON.stringify([settings, options], (_, value) => (value === undefined ? '(dropped)' : value));
  const known = synthesized.get(key);
  if (known) return known;
  const { app, stack } = buildApp(settings, options);
  const template = Template.fromStack(stack);
  const result = { app, stack, template, json: template.toJSON() };
  synthesized.set(key, result);
  return result;
}

/** Logical ID of a construct's CloudFormation resource (its default child, or itself). */
export function logicalId(construct: IConstruct): string {
  const element = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
  if (!CfnElement.isCfnElement(element))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).resolve(element.logicalId) as string;
}

/** The one resource of `type` in the template, with its logical ID. */
export function onlyResource(
  template: Template,
  type: string,
): { id: string; props: Record<string, unknown> } {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [id, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
  return { id, props: resource.Properties };
}

/** `{ "Fn::GetAtt": [id, attr] }` */
export const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

/** `{ "Ref": id }` */
export const ref = (id: string) => ({ Ref: id });

/** `{ "Fn::Join": ["", parts] }` */
export const join$ = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });

/** `arn:${Partition}:${service}:${Region}:${AccountId}:${rest}` as CDK renders it. */
export const arnOf = (service: string, ...rest: unknown[]) =>
  join$(
    'arn:',
    ref('AWS::Partition'),
    `:${service}:`,
    ref('AWS::Region'),
    ':',
    ref('AWS::AccountId'),
    ...rest,
  );

/** Logical ID of the construct at `path` under the stack, e.g. `idAt(s, 'Evidence', 'Bucket')`. */
export function idAt(s: Pick<Synthesized, 'stack'>, ...path: string[]): string {
  return logicalId(path.reduce<IConstruct>((node, id) => node.node.findChild(id), s.stack));
}
