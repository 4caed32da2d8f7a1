import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import {
  catalogForSource,
  defaultReportCatalog,
  validateReportCatalog,
} from '../../../functions/core/catalog/report-catalog.js';

const custom = {
  id: 'data-exports',
  title: 'Data exports',
  filter: { actions: ['AcmeExportRequested'] },
  aggregation: { kind: 'rows', columns: [{ column: 'user_id', field: 'userId' }] },
};

const problemsOf = (value: unknown) => {
  const result = validateReportCatalog(value);
  return result.ok ? [] : result.problems;
};

describe('report catalog configuration', () => {
  it('defaults to every built-in query and documented settings', () => {
    const catalog = defaultReportCatalog();
    // The stream's built-ins come after the others; a search report leaves them out.
    expect(catalog.queries.map((q) => q.id)).toEqual([
      ...BUILTIN_QUERIES.map((q) => q.id),
      'successful-logins-by-method',
      'logins-without-mfa',
      'impossible-travel',
      'dormant-privileged-accounts',
    ]);
    const search = catalogForSource(catalog, 'search');
    expect(search.catalog.queries.map((q) => q.id)).toEqual(BUILTIN_QUERIES.map((q) => q.id));
    expect(search.streamOnly.map((q) => q.id)).toEqual([
      'successful-logins-by-method',
      'logins-without-mfa',
      'impossible-travel',
      'dormant-privileged-accounts',
    ]);
    expect(catalogForSource(catalog, 'stream').catalog).toBe(catalog);
    expect(catalog).toMatchObject({
      privilegedRoles: ['Tenant Admin'],
      anomalyThreshold: 3,
      anomalyMinimumCount: 20,
      tenants: { enabled: false, recipients: new Map(), maxReports: 100 },
    });
  });

  it('adds custom queries after the built-ins and leaves out disabled ones', () => {
    const result = validateReportCatalog({ disable: ['failed-logins-by-device'], queries: [custom] });
    if (!result.ok) throw new Error(result.problems.join('; '));
    const ids = result.catalog.queries.map((q) => q.id);
    expect(ids).not.toContain('failed-logins-by-device');
    expect(ids.at(-1)).toBe('data-exports');
  });

  it('lets a custom query take the id of a built-in only when that built-in is disabled', () => {
    const replacement = { ...custom, id: 'lockouts' };
    expect(problemsOf({ queries: [replacement] })).toEqual([
      'queries[0] ("lockouts") id: a built-in query has this id; disable it or choose another id',
    ]);
    expect(problemsOf({ disable: ['lockouts'], queries: [replacement] })).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['unknown top-level key', { queris: [] }, ['Unrecognized key: "queris"']],
    ['unknown disabled id', { disable: ['nope'] }, ['disable[0]: "nope" is not a built-in query id']],
    [
      'bad field path, named by query and field',
      {
        queries: [
          {
            ...custom,
            aggregation: { kind: 'group', groupBy: [{ column: 'geo', field: 'geo; drop' }], count: 'n' },
          },
        ],
      },
      ['queries[0] ("data-exports") aggregation.groupBy[0].field: a field name or data.path'],
    ],
    [
      'unknown filter field',
      { queries: [{ ...custom, filter: { action: ['x'] } }] },
      ['queries[0] ("data-exports") filter: Unrecognized key: "action"'],
    ],
    [
      'condition with both in and notIn',
      { queries: [{ ...custom, where: [{ field: 'action', in: ['a'], notIn: ['b'] }] }] },
      ['queries[0] ("data-exports") where[0]: give exactly one of "in" or "notIn"'],
    ],
    [
      'duplicate custom ids',
      { queries: [custom, custom] },
      ['queries[1] ("data-exports") id: another custom query has this id'],
    ],
    [
      'a collection name used by two different searches',
      { queries: [{ ...custom, collection: 'administration' }] },
      [
        'queries: "administration" names two searches with different filters (user-lifecycle, access-keys, scim-provisioning, scim-failures, permission-changes and data-exports); give one a different "collection"',
      ],
    ],
    [
      'recipients while tenant reports are off',
      { tenants: { recipients: { T1: ['a@example.com'] } } },
      ['tenants.recipients: set, but tenants.enabled is false, so no tenant report would be sent'],
    ],
    [
      'recipients for a tenant left out by include',
      { tenants: { enabled: true, include: ['T2'], recipients: { T1: ['a@example.com'] } } },
      ['tenants.recipients["T1"]: this tenant is not in tenants.include'],
    ],
    [
      "a query id that names one of the report's own files",
      { queries: [{ ...custom, id: 'gaps' }] },
      [
        'queries[0] ("gaps") id: "gaps" is reserved for the report\'s own files (access, access-review, attestation, collection-state, delivery, evidence, gaps, index, keys, lock, manifest, queries, report, signature, summary, tenants); choose another id',
      ],
    ],
    [
      "a collection id that names one of the report's own folders",
      { queries: [{ ...custom, collection: 'tenants' }] },
      [
        'queries[0] ("data-exports") collection: "tenants" is reserved for the report\'s own files (access, access-review, attestation, collection-state, delivery, evidence, gaps, index, keys, lock, manifest, queries, report, signature, summary, tenants); choose another id',
      ],
    ],
    ['threshold of 1 or less', { anomalyThreshold: 1 }, ['anomalyThreshold: must be more than 1']],
    [
      'unsafe tenant id',
      { tenants: { enabled: true, recipients: { '../x': ['a@example.com'] } } },
      [
        'tenants.recipients["../x"]: tenant IDs must be letters, digits, "_" and "-" only, at most 128 characters',
      ],
    ],
    [
      'bad recipient',
      { tenants: { enabled: true, recipients: { T1: ['not-an-address'] } } },
      ['tenants.recipients.T1[0]: must be an email address'],
    ],
  ])('reports %s', (_, value, problems) => {
    expect(problemsOf(value)).toEqual(problems);
  });

  it.each(['manifest', 'summary', 'report', 'delivery', 'collection-state', 'queries', 'lock', 'evidence'])(
    'refuses the reserved query id %s',
    (id) => {
      expect(problemsOf({ queries: [{ ...custom, id }] })).toEqual([
        expect.stringMatching(new RegExp(`^queries\\[0\\] \\("${id}"\\) id: "${id}" is reserved`)),
      ]);
    },
  );

  it('reads recipients of tenants named after Object.prototype members into a Map', () => {
    const recipients = JSON.parse(
      '{"__proto__":["a@example.com"],"constructor":["b@example.com"],"toString":["c@example.com"]}',
    );
    const result = validateReportCatalog({ tenants: { enabled: true, recipients } });
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect([...result.catalog.tenants.recipients]).toEqual([
      ['__proto__', ['a@example.com']],
      ['constructor', ['b@example.com']],
      ['toString', ['c@example.com']],
    ]);
    expect(result.catalog.tenants.recipients.get('hasOwnProperty')).toBeUndefined();
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ disable: ['a', 'b'], queries: [{ id: 'Bad Id' }] }).length).toBeGreaterThan(3);
  });
});

describe('custom SQL queries in the catalog', () => {
  const sqlQuery = {
    id: 'failures-by-reason',
    title: 'Failed logins by reason',
    sql: 'SELECT action, count(*) AS n FROM records GROUP BY 1 ORDER BY 2 DESC, 1;\n  ',
  };

  it('reads a SQL query with every event of the period as its default filter', () => {
    const result = validateReportCatalog({ queries: [sqlQuery] });
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.catalog.queries.at(-1)).toEqual({
      id: 'failures-by-reason',
      title: 'Failed logins by reason',
      description: '',
      controls: [],
      filter: {},
      where: [],
      htmlRowLimit: 25,
      aggregation: {
        kind: 'sql',
        sql: 'SELECT action, count(*) AS n FROM records GROUP BY 1 ORDER BY 2 DESC, 1',
        // Written for DuckDB unless it says Athena too (docs/athena.md).
        engines: ['duckdb'],
      },
    });
  });

  it('keeps a SQL query with the filter of another query in that query’s collection', () => {
    const filter = { actions: ['LoginFailed'] };
    const result = validateReportCatalog({
      queries: [
        { ...custom, filter },
        { ...sqlQuery, filter, collection: 'data-exports' },
      ],
    });
    expect(result.ok).toBe(true);
  });

  it.each([
    [{ ...sqlQuery, sql: ' ;; ' }, 'queries[0] ("failures-by-reason") sql: must hold a SELECT statement'],
    [{ ...sqlQuery, where: [] }, 'queries[0] ("failures-by-reason") Unrecognized key: "where"'],
    [
      { ...sqlQuery, aggregation: custom.aggregation },
      'queries[0] ("failures-by-reason") Unrecognized key: "aggregation"',
    ],
    [
      { ...sqlQuery, sql: 42 },
      'queries[0] ("failures-by-reason") sql: Invalid input: expected string, received number',
    ],
  ])('refuses a malformed SQL query (%#)', (query, problem) => {
    expect(problemsOf({ queries: [query] })).toEqual([problem]);
  });
});
