import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { startOfIsoWeek } from '../../functions/core/period/period.js';
import { parseStandInProcessOptions } from '../../functions/local/descope-api/stand-in-process-options.js';

const NOW = '2026-01-14T10:00:00Z';

describe('the stand-in as its own process', () => {
  it('prints its URL as one JSON line, serves the dataset and exits on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'functions/local/descope-api/main.ts',
        '--dataset',
        'synthetic:20000',
        '--now',
        NOW,
      ],
      { env: { ...process.env, DESCOPE_MANAGEMENT_KEY: 'env-key' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const info = JSON.parse(line) as {
        url: string;
        projectId: string;
        records: number;
        window: { from: number; to: number };
      };
      const lastWeek = startOfIsoWeek(Date.parse(NOW)) - 7 * 86_400_000;
      expect(info).toMatchObject({
        records: 20_000,
        window: { from: lastWeek, to: lastWeek + 7 * 86_400_000 },
      });
      const response = await fetch(`${info.url}/v1/mgmt/audit/search`, {
        method: 'POST',
        headers: { authorization: `Bearer ${info.projectId}:env-key` },
        body: JSON.stringify({ from: info.window.from, to: info.window.to - 1, size: 1 }),
      });
      expect(await response.json()).toMatchObject({ total: 20_000 });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('names a bad setting', () => {
    expect(() => parseStandInProcessOptions(['--dataset', 'synthetic:lots'], {})).toThrow(/dataset/);
    expect(() => parseStandInProcessOptions([], { DESCOPE_STANDIN_PORT: '-1' })).toThrow(/port/);
    expect(
      parseStandInProcessOptions(['--rate-limit-requests', '3'], { DESCOPE_STANDIN_SEED: '9' }),
    ).toMatchObject({
      rateLimitRequests: 3,
      seed: 9,
      dataset: 'demo',
      maxResultWindow: 10_000,
    });
  });
});
