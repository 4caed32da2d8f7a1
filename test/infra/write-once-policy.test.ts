import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  isWriteAllowed,
  MUTABLE_CAMPAIGN_FILES,
  MUTABLE_REPORT_FILES,
  mutableKeyPatterns,
} from '../../functions/core/integrity/mutable-report-keys.js';
import { idAt, type Synthesized, synth } from './support/synth.js';

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

/** A resource as a plain string: the bucket's ARN token becomes `arn:bucket`. */
const flatten = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(flatten).join(join[0]);
  const att = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (att) return att[0].includes('DeliveryRole') ? 'arn:firehose-role' : 'arn:bucket';
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
};
const list = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(flatten);
/** S3 policy wildcards: `*` any run of characters (slashes too), `?` one. */
const matches = (pattern: string, arn: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(arn);

/**
 * Evaluates the bucket policy's Deny statements for a PutObject of `key` (a whole-object write:
 * s3:ObjectCreationOperation true) carrying these headers, by `principal`, as S3 would.
 */
function deniedByPolicy(
  statements: Statement[],
  key: string,
  headers: { ifNoneMatch: boolean; ifMatch: boolean },
  principal = 'arn:aws:iam::123456789012:role/someone',
) {
  const arn = `arn:bucket/${key}`;
  return statements.some((st) => {
    if (st.Effect !== 'Deny' || !list(st.Action).includes('s3:PutObject')) return false;
    const inScope = st.NotResource
      ? !list(st.NotResource).some((p) => matches(p, arn))
      : list(st.Resource).some((p) => matches(p, arn));
    if (!inScope) return false;
    const present = { 's3:if-none-match': headers.ifNoneMatch, 's3:if-match': headers.ifMatch };
    const nulls = Object.entries(st.Condition?.Null ?? {}).every(
      ([k, v]) => (v === 'true') === !present[k as keyof typeof present],
    );
    const creation = st.Condition?.Bool?.['s3:ObjectCreationOperation'];
    const notArn = st.Condition?.ArnNotEquals?.['aws:PrincipalArn'];
    const otherPrincipal = notArn === undefined || flatten(notArn) !== principal;
    return nulls && (creation === undefined || creation === 'true') && otherPrincipal;
  });
}

/** The evidence bucket policy's statements. */
function bucketStatements(s: Synthesized): Statement[] {
  const bucketId = idAt(s, 'Evidence', 'Bucket');
  const policy = Object.values(s.template.findResources('AWS::S3::BucketPolicy')).find(
    (r) => (r as { Properties: { Bucket: { Ref: string } } }).Properties.Bucket.Ref === bucketId,
  ) as { Properties: { PolicyDocument: { Statement: Statement[] } } };
  return policy.Properties.PolicyDocument.Statement;
}

describe('the evidence bucket policy: sealed evidence is written once', () => {
  let s: Synthesized;
  let statements: Statement[];

  beforeAll(() => {
    s = synth();
    statements = bucketStatements(s);
  });

  it('denies every principal a PutObject without If-None-Match, except If-Match on the mutable records', () => {
    const sealed = statements.find((st) => st.Sid === 'SealedEvidenceIsWrittenOnce');
    expect(sealed).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      Condition: { Null: { 's3:if-none-match': 'true' }, Bool: { 's3:ObjectCreationOperation': 'true' } },
    });
    expect(list(sealed?.NotResource).sort()).toEqual(
      mutableKeyPatterns()
        .map((p) => `arn:bucket/${p}`)
        .sort(),
    );
    const mutable = statements.find((st) => st.Sid === 'MutableRecordsAreReplacedConditionally');
    expect(mutable).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      Condition: {
        Null: { 's3:if-none-match': 'true', 's3:if-match': 'true' },
        Bool: { 's3:ObjectCreationOperation': 'true' },
      },
    });
    expect(statements.find((st) => st.Sid === 'EvidenceIsNeverDeleted')).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:DeleteObject',
    });
  });

  it('refuses and accepts exactly the writes the S3 stand-in refuses and accepts', () => {
    const names = fc.constantFrom(
      ...MUTABLE_REPORT_FILES,
      'index.html',
      'index.json',
      ...MUTABLE_CAMPAIGN_FILES,
      'campaign.json',
      'decisions/0123456789abcdef/001.json',
      'seal.json',
      'report.html',
      'manifest.json',
      'manifest.sig',
      'evidence/login-failures/part-0001.ndjson.gz',
      'access/snapshot.json',
      'delivery.json.bak',
      'run-lock.json/x',
    );
    const keys = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(
            'reports/P/2026-W47/',
            'reports/P/2026-W47/tenants/T1/',
            'reports/',
            'access/campaigns/2026-Q4/',
            'access/campaigns/',
            'other/',
          ),
          names,
        )
        .map(([folder, name]) => `${folder}${name}`),
      fc.string({ unit: fc.constantFrom('a', '/', '.', 'reports/', 'run-lock.json', 'delivery.json') }),
    );
    fc.assert(
      fc.property(keys, fc.boolean(), fc.boolean(), (key, ifNoneMatch, ifMatch) => {
        const headers = { ifNoneMatch, ifMatch };
        expect(!deniedByPolicy(statements, key, headers), key).toBe(isWriteAllowed(key, headers));
      }),
      { numRuns: 500 },
    );
  });
});

describe('the evidence bucket policy with the audit stream landing in it (EventBridge → Firehose)', () => {
  let statements: Statement[];
  beforeAll(() => {
    statements = bucketStatements(
      synth({ source: 'stream', streamPrincipalArn: 'arn:aws:iam::123456789012:role/descope-connector' }),
    );
  });

  it('lets Firehose alone write stream/ without If-None-Match, and keeps reports/ write-once for it too', () => {
    const none = { ifNoneMatch: false, ifMatch: false };
    const key = 'stream/events/dt=2026-03-02/DescopeAuditStream-1-2026-03-02-10-00-00-abc.gz';
    expect(deniedByPolicy(statements, key, none, 'arn:firehose-role')).toBe(false);
    expect(deniedByPolicy(statements, 'stream/errors/x', none, 'arn:firehose-role')).toBe(false);
    expect(deniedByPolicy(statements, key, none)).toBe(true);
    expect(deniedByPolicy(statements, key, { ifNoneMatch: true, ifMatch: false })).toBe(false);
    expect(deniedByPolicy(statements, 'reports/P/2026-W10/report.html', none, 'arn:firehose-role')).toBe(
      true,
    );
    expect(deniedByPolicy(statements, 'streams/x', none, 'arn:firehose-role')).toBe(true);
  });

  it('agrees with the S3 stand-in, which plays Firehose for the local stream', () => {
    const keys = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('stream/', 'stream/events/dt=2026-03-02/', 'reports/P/2026-W47/', 'streams/'),
          fc.constantFrom('a.gz', 'run-lock.json', 'x'),
        )
        .map(([folder, name]) => `${folder}${name}`),
      fc.string({ unit: fc.constantFrom('a', '/', 'stream/', 'reports/', 'run-lock.json') }),
    );
    fc.assert(
      fc.property(keys, fc.boolean(), fc.boolean(), (key, ifNoneMatch, ifMatch) => {
        const headers = { ifNoneMatch, ifMatch };
        expect(!deniedByPolicy(statements, key, headers, 'arn:firehose-role'), key).toBe(
          isWriteAllowed(key, headers, { streamDelivery: true }),
        );
        expect(!deniedByPolicy(statements, key, headers), key).toBe(isWriteAllowed(key, headers));
      }),
      { numRuns: 500 },
    );
  });
});
