import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../support/report-browser.js';

let dir: string;
let executable: string;
let notExecutable: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'find-chromium-'));
  executable = join(dir, 'chromium');
  notExecutable = join(dir, 'readme.txt');
  await writeFile(executable, '#!/bin/sh\n');
  await chmod(executable, 0o755);
  await writeFile(notExecutable, 'not a browser');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the browser the report test uses', () => {
  it('is CHROMIUM_PATH when set, ahead of a system Chromium', async () => {
    const choice = await findChromium({ CHROMIUM_PATH: executable }, ['/usr/bin/env']);
    expect(choice).toMatchObject({ source: 'CHROMIUM_PATH', executablePath: executable });
  });

  it('fails on a CHROMIUM_PATH that is not an executable instead of picking another', async () => {
    await expect(findChromium({ CHROMIUM_PATH: notExecutable }, [executable])).rejects.toThrow(
      `CHROMIUM_PATH ${notExecutable} is not an executable file`,
    );
  });

  it('is the first executable system Chromium when CHROMIUM_PATH is unset', async () => {
    const choice = await findChromium({}, [join(dir, 'missing'), notExecutable, executable]);
    expect(choice).toMatchObject({ source: 'system', executablePath: executable });
    expect(choice.args).toContain('--headless');
  });

  it('is the Chromium npm ci installed when the machine has none (on Linux; elsewhere it says so)', async () => {
    const found = findChromium({}, [join(dir, 'missing')]);
    if (process.platform !== 'linux') {
      await expect(found).rejects.toThrow(/set CHROMIUM_PATH/);
      return;
    }
    const choice = await found;
    expect(choice.source).toBe('@sparticuz/chromium');
    expect(choice.args).not.toContain('--single-process');
    await expect(findChromium({ CHROMIUM_PATH: choice.executablePath }, [])).resolves.toMatchObject({
      source: 'CHROMIUM_PATH',
    });
  });
});
