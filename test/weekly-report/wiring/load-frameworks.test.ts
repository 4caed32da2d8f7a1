import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultReportCatalog,
  validateReportCatalog,
} from '../../../functions/core/catalog/report-catalog.js';
import { ConfigError } from '../../../functions/shared/errors.js';
import { loadCompliance } from '../../../functions/weekly-report/wiring/load-frameworks.js';

const folder = async (files: Record<string, string>) => {
  const dir = await mkdtemp(join(tmpdir(), 'frameworks-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
};

const SOC2_OVERRIDE = `framework: soc2
name: SOC 2
title: Our SOC 2 scope
version: TSC 2017
controls:
  - id: CC6.6
    title: External threats
    evidence:
      queries: [lockouts, weekend-logins]
`;

describe('the framework files of a deployment', () => {
  it('replace a built-in by id, add new ones, may name custom queries and are narrowed by REPORT_FRAMEWORKS', async () => {
    const catalog = validateReportCatalog({
      queries: [
        {
          id: 'weekend-logins',
          title: 'w',
          filter: {},
          aggregation: { kind: 'rows', columns: [{ column: 'a', field: 'action' }] },
        },
      ],
    });
    if (!catalog.ok) throw new Error(catalog.problems.join());
    const dir = await folder({
      'soc2.yaml': SOC2_OVERRIDE,
      'acme.json': JSON.stringify({
        framework: 'acme',
        name: 'ACME',
        title: 'a',
        version: '1',
        controls: [{ id: 'A-1', title: 't' }],
      }),
      'README.md': 'not a framework file',
    });
    const compliance = await loadCompliance({
      REPORT_QUERIES: catalog.catalog,
      REPORT_FRAMEWORKS_DIR: dir,
      REPORT_FRAMEWORKS: ['acme', 'soc2', 'pci-dss'],
      REPORT_ANCHOR_TENANT_ID: 'reports',
    });
    expect(compliance.frameworks.frameworks.map((f) => [f.framework, f.controls.length])).toEqual([
      ['acme', 1],
      ['soc2', 1],
      ['pci-dss', 17],
    ]);
    expect(compliance.deployment).toEqual({ objectLock: undefined, anchored: true, cadence: 'weekly' });
  });

  it('fail before any request, naming each bad file and line', async () => {
    const dir = await folder({
      'soc2.yaml': SOC2_OVERRIDE,
      'broken.yml':
        'framework: broken\nname: B\ntitle: b\nversion: 1\ncontrols:\n  - id: B-1\n    titel: typo\n',
    });
    const load = loadCompliance({ REPORT_QUERIES: defaultReportCatalog(), REPORT_FRAMEWORKS_DIR: dir });
    await expect(load).rejects.toThrow(ConfigError);
    await expect(load).rejects.toThrow(/broken\.yml:6:5: controls\[0\]/);
    await expect(load).rejects.toThrow(
      /soc2\.yaml:9:27: controls\[0\]\.evidence\.queries\[1\]: "weekend-logins" is not a query/,
    );
    await expect(
      loadCompliance({ REPORT_QUERIES: defaultReportCatalog(), REPORT_FRAMEWORKS: ['sox'] }),
    ).rejects.toThrow(/"sox" is neither a built-in framework/);
    await expect(
      loadCompliance({ REPORT_QUERIES: defaultReportCatalog(), REPORT_FRAMEWORKS_DIR: join(dir, 'nope') }),
    ).rejects.toThrow(/REPORT_FRAMEWORKS_DIR .*nope cannot be read/);
  });
});
