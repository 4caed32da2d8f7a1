import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../functions/core/csv.js';

describe('CSV', () => {
  it('writes a header, quotes where needed and uses CRLF', () => {
    const csv = renderCsv({
      columns: ['geo', 'count', 'note'],
      rows: [
        ['DE', 3, 'a, "b"'],
        ['US', 1, 'line\nbreak'],
      ],
    });
    expect(csv).toBe('geo,count,note\r\nDE,3,"a, ""b"""\r\nUS,1,"line\nbreak"\r\n');
  });

  it.each([
    ['=HYPERLINK("http://evil.test","x")'],
    ['+1+cmd|/C calc!A0'],
    ['-2+3'],
    ['@SUM(A1:A2)'],
    ['\t=1+1'],
    ['\r=1+1'],
  ])('neutralises the formula %j', (value) => {
    const csv = renderCsv({ columns: ['role'], rows: [[value]] });
    const cell = csv.split('\r\n')[1] ?? '';
    // The cell must not start with a formula trigger once the CSV quoting is removed.
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
    expect(unquoted.startsWith("'")).toBe(true);
    expect(unquoted.slice(1)).toBe(value);
  });

  it('keeps numbers as numbers (negative counts are not formulas)', () => {
    expect(renderCsv({ columns: ['n'], rows: [[5]] })).toBe('n\r\n5\r\n');
  });
});
