import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withBundledFiles } from '../../infra/constructs/bundled-catalog.js';
import { testTempDir } from '../support/test-temp.js';
import { buildApp, onlyResource, synth } from './support/synth.js';

const dir = testTempDir('framework-files-');
writeFileSync(
  join(dir, 'queries.json'),
  JSON.stringify({
    queries: [
      {
        id: 'weekend-logins',
        title: 'w',
        filter: {},
        aggregation: { kind: 'rows', columns: [{ column: 'a', field: 'action' }] },
      },
    ],
  }),
);
writeFileSync(
  join(dir, 'acme.yaml'),
  'framework: acme\nname: ACME\ntitle: ACME controls\nversion: 1\ncontrols:\n  - id: A-1\n    title: Weekend logins are reviewed\n    evidence:\n      queries: [weekend-logins]\n',
);
writeFileSync(
  join(dir, 'typo.json'),
  '{\n  "framework": "typo",\n  "name": "T",\n  "title": "t",\n  "version": "1",\n  "controls": [{ "id": "T-1", "title": "t", "evidence": { "queries": ["lockout"] } }]\n}\n',
);

const environment = (template: ReturnType<typeof synth>['template']) =>
  (
    onlyResource(template, 'AWS::Lambda::Function').props.Environment as {
      Variables: Record<string, unknown>;
    }
  ).Variables;

describe('framework files in the deploy config', () => {
  it('are bundled with the function, which the environment points at, with the frameworks chosen and the Object Lock stated', () => {
    const { template } = synth(
      {
        queryCatalogFile: 'queries.json',
        frameworkFiles: ['acme.yaml'],
        frameworks: 'acme,soc2',
        retentionDays: 400,
      },
      { cwd: dir },
    );
    expect(environment(template)).toMatchObject({
      REPORT_FRAMEWORKS_DIR: '/var/task/frameworks',
      REPORT_FRAMEWORKS: 'acme,soc2',
      REPORT_OBJECT_LOCK_MODE: 'GOVERNANCE',
      REPORT_RETENTION_DAYS: '400',
    });
    const none = environment(synth().template);
    expect(none).not.toHaveProperty('REPORT_FRAMEWORKS_DIR');
    expect(none).not.toHaveProperty('REPORT_FRAMEWORKS');
  });

  it('are copied into the asset after bundling, each by its file name', () => {
    const hooks = { beforeBundling: () => [], beforeInstall: () => [], afterBundling: () => ['echo duckdb'] };
    const commands = withBundledFiles(hooks, {
      catalog: '/cfg/q.json',
      frameworks: [{ path: "/cfg/it's.yaml", name: "it's.yaml" }],
    }).afterBundling('/in', '/out');
    expect(commands).toEqual([
      'echo duckdb',
      "cp '/cfg/q.json' '/out/report-queries.json'",
      "mkdir -p '/out/frameworks'",
      `cp '/cfg/it'\\''s.yaml' '/out/frameworks/it'\\''s.yaml'`,
    ]);
    expect(withBundledFiles(hooks, {})).toBe(hooks);
  });

  it('fail the synth naming the file and line of a mistake, an unknown framework or a file that is not JSON or YAML', () => {
    expect(() => buildApp({ frameworkFiles: ['typo.json'] }, { cwd: dir })).toThrow(
      'Invalid deploy configuration: frameworkFiles: typo.json:6:71: controls[0].evidence.queries[0]: "lockout" is not a query of the catalog (built-in or custom)',
    );
    // The custom query exists only with its catalog.
    expect(() => buildApp({ frameworkFiles: ['acme.yaml'] }, { cwd: dir })).toThrow(
      /acme\.yaml:9:17: .*"weekend-logins" is not a query/,
    );
    expect(() => buildApp({ frameworks: ['soc2', 'sox'] }, { cwd: dir })).toThrow(
      /frameworks: "sox" is neither a built-in framework/,
    );
    expect(() => buildApp({ frameworkFiles: ['queries.txt'] }, { cwd: dir })).toThrow(
      /must be a \.json, \.yaml or \.yml file/,
    );
  });
});
