import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OCSF_CLASS_NAMES, ocsfFile } from '../../functions/core/ocsf/ocsf-classes.js';
// The check a run uses (its class schemas compiled ahead of time).
import { ocsfValidator } from '../../functions/weekly-report/publish/ocsf-validation.js';
import { demoReportFolder } from '../support/demo-run.js';

const read = (name: string) => readFile(join(demoReportFolder(), name));

describe('the OCSF export of the demo week (what npm start stores)', () => {
  it('writes every class, each event valid against its OCSF 1.8.0 schema, each file listed in the manifest', async () => {
    const validate = ocsfValidator();
    const manifest = JSON.parse((await read('manifest.json')).toString('utf8')) as {
      files: Array<{ name: string }>;
    };
    const listed = manifest.files.map((f) => f.name);
    for (const cls of OCSF_CLASS_NAMES) {
      expect(listed, cls).toContain(ocsfFile(cls));
      const events = gunzipSync(await read(ocsfFile(cls)))
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(events.length, cls).toBeGreaterThan(0);
      for (const event of events) expect(validate({ cls, event }), cls).toBeUndefined();
    }
    const summary = JSON.parse((await read('summary.json')).toString('utf8')) as {
      ocsf: { version: string; files: Array<{ rejected: number }> };
    };
    expect(summary.ocsf.version).toBe('1.8.0');
    expect(summary.ocsf.files.every((f) => f.rejected === 0)).toBe(true);
  });
});
