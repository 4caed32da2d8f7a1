import { describe, expect, it } from 'vitest';
import { describePosition, errorPosition, errorSummary } from '../../../functions/core/sql/sql-position.js';

describe('positions in a statement', () => {
  it.each([
    ['SELECT x', 0, 'line 1, column 1'],
    ['SELECT x\nFROM y', 9, 'line 2, column 1'],
    ['SELECT x\nFROM y', '14', 'line 2, column 6'],
    ['SELECT x', 2 ** 64, ''],
    ['SELECT x', 9, ''],
    ['SELECT x', -1, ''],
    ['SELECT x', undefined, ''],
    ["SELECT 'é', y", 13, 'line 1, column 13'],
    ["SELECT '😀',\ny", 15, 'line 2, column 1'],
  ])('byte offset %j in %j is %s', (text, offset, expected) => {
    expect(describePosition(text as string, offset, 'bytes')).toBe(expected);
  });

  it.each([
    ["SELECT 'é', y", 12, 'line 1, column 13'],
    ["SELECT '😀',\ny", 12, 'line 2, column 1'],
    ['SELECT x', 9, ''],
  ])('character offset %j in %j is %s', (text, offset, expected) => {
    expect(describePosition(text, offset, 'characters')).toBe(expected);
  });

  it('reads the line and column a DuckDB error points at', () => {
    const message = 'Binder Error: no such column\n\nLINE 2:        acton FROM records\n               ^';
    expect(errorPosition(message, 'SELECT action,\n       acton FROM records')).toBe('line 2, column 8');
    expect(errorSummary(message)).toBe('Binder Error: no such column');
  });

  it('finds the spot in a long line DuckDB shortened', () => {
    const line = `SELECT ${Array.from({ length: 60 }, (_, i) => `c${i}`).join(', ')} FROM records`;
    const spot = line.indexOf('c33');
    const window = line.slice(spot - 40, spot + 40);
    const message = `Binder Error: x\n\nLINE 1: ...${window}...\n${' '.repeat(8 + 3 + 40)}^`;
    expect(errorPosition(message, line)).toBe(`line 1, column ${spot + 1}`);
  });

  it('says nothing when the message has no excerpt', () => {
    expect(errorPosition('Catalog Error: x', 'SELECT 1')).toBe('');
  });
});
