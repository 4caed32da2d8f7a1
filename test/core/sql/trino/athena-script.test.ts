import { describe, expect, it } from 'vitest';
import { athenaScript } from '../../../../functions/core/sql/trino/athena-script.js';

describe('athena.sql', () => {
  it('lists each statement Athena ran with its query, execution and bytes, comments kept to one line', () => {
    const script = athenaScript('reports\nwg', [
      {
        queryId: 'failed-logins-by-ip',
        scope: 'project',
        executionId: 'a1b2',
        bytesScanned: 4096,
        sql: 'WITH records AS (SELECT 1)\nSELECT 1;',
      },
      { queryId: 'lockouts', scope: 'tenants', executionId: 'c3d4', bytesScanned: 10, sql: 'SELECT 2' },
    ]);
    expect(script).toBe(
      [
        '-- The statements Amazon Athena ran for this report, in workgroup reports wg.',
        '-- queries.sql beside this file computes the same tables with DuckDB over the evidence here.',
        '',
        '-- failed-logins-by-ip (project): execution a1b2, 4096 bytes scanned',
        'WITH records AS (SELECT 1)\nSELECT 1;',
        '',
        '-- lockouts (tenants): execution c3d4, 10 bytes scanned',
        'SELECT 2;',
        '',
      ].join('\n'),
    );
  });
});
