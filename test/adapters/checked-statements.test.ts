import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkedStatements } from '../../functions/adapters/checked-statements.js';
import { CUSTOM_SQL_LIMITS } from '../../functions/adapters/duckdb-sandbox-protocol.js';

describe('the statements a process has checked', () => {
  it('answers a statement as it was checked, under the same limits only', () => {
    const sql = `SELECT action FROM records ORDER BY 1 -- ${randomUUID()}`;
    expect(checkedStatements.get(sql, CUSTOM_SQL_LIMITS)).toBeUndefined();
    checkedStatements.remember(sql, CUSTOM_SQL_LIMITS, { ok: true, columns: ['action'] });
    expect(checkedStatements.get(sql, CUSTOM_SQL_LIMITS)).toEqual({ ok: true, columns: ['action'] });
    expect(checkedStatements.get(sql, { ...CUSTOM_SQL_LIMITS, timeMs: 1000 })).toBeUndefined();
    expect(checkedStatements.get(`${sql} `, CUSTOM_SQL_LIMITS)).toBeUndefined();
  });

  it('hands out copies, so a caller changing its answer changes no later one', () => {
    const sql = `SELECT geo FROM records ORDER BY 1 -- ${randomUUID()}`;
    checkedStatements.remember(sql, CUSTOM_SQL_LIMITS, { ok: true, columns: ['geo'] });
    const first = checkedStatements.get(sql, CUSTOM_SQL_LIMITS);
    if (first?.ok) first.columns.push('changed');
    expect(checkedStatements.get(sql, CUSTOM_SQL_LIMITS)).toEqual({ ok: true, columns: ['geo'] });
  });

  it('keeps a bounded number, starting over when full', () => {
    const first = `SELECT 1 AS one FROM records ORDER BY 1 -- ${randomUUID()}`;
    checkedStatements.remember(first, CUSTOM_SQL_LIMITS, { ok: false, problem: 'x' });
    for (let i = 0; i < 1000; i += 1)
      checkedStatements.remember(`${first} ${i}`, CUSTOM_SQL_LIMITS, { ok: false, problem: 'x' });
    expect(checkedStatements.get(first, CUSTOM_SQL_LIMITS)).toBeUndefined();
    expect(checkedStatements.get(`${first} 999`, CUSTOM_SQL_LIMITS)).toEqual({ ok: false, problem: 'x' });
  });
});
