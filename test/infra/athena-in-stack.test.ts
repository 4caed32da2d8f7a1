import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { testTempDir } from '../support/test-temp.js';
import { buildApp } from './support/synth.js';

const STREAM = {
  source: 'stream',
  streamPrincipalArn: 'arn:aws:iam::123456789012:role/descope-connector',
};

/** The stream stack as a deployment asks for it, with `engine` set. */
function stackWithEngine(engine: 'athena' | 'duckdb'): Template {
  return Template.fromStack(buildApp({ ...STREAM, engine }).stack);
}

describe('the Athena engine in the stack', () => {
  it('adds the workgroup and tells the function its engine, workgroup and database', () => {
    const template = stackWithEngine('athena');
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          REPORT_ENGINE: 'athena',
          ATHENA_WORKGROUP: Match.stringLikeRegexp('-reports$'),
          ATHENA_DATABASE: Match.stringLikeRegexp('_audit$'),
          ATHENA_TABLE: 'stream_events',
          ATHENA_BYTES_SCANNED_CUTOFF: Match.anyValue(),
          ATHENA_THRESHOLD_BYTES: Match.anyValue(),
        }),
      },
    });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('athena:StartQueryExecution');
  });

  it('creates nothing of Athena and sets no engine with duckdb', () => {
    const template = stackWithEngine('duckdb');
    template.resourceCountIs('AWS::Athena::WorkGroup', 0);
    const functions = JSON.stringify(template.findResources('AWS::Lambda::Function'));
    expect(functions).not.toContain('REPORT_ENGINE');
  });

  it('synthesises engine auto with tenant reports on without a warning: their census and tables run on Athena too', () => {
    const directory = testTempDir('athena-catalog-');
    const catalog = join(directory, 'catalog.json');
    writeFileSync(catalog, JSON.stringify({ tenants: { enabled: true } }));
    const stack = buildApp({ ...STREAM, engine: 'auto', queryCatalogFile: catalog }).stack;
    Template.fromStack(stack).resourceCountIs('AWS::Athena::WorkGroup', 1);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('[Tt]enant')).length).toBe(0);
  });
});
