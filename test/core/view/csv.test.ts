import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../../functions/core/view/csv.js';

describe('CSV', () => {
  it('writes a header, quotes every text cell, keeps counts bare and uses CRLF', () => {
    const csv = renderCsv({
      columns: ['geo', 'count', 'note'],
      rows: [
        ['DE', 3, 'a, "b"'],
        ['US', 1, 'line\nbreak'],
        ['', 0, ''],
      ],
    });
    expect(csv).toBe('"geo","count","note"\r\n"DE",3,"a, ""b"""\r\n"US",1,"line\nbreak"\r\n"",0,""\r\n');
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
    const [, [cell = ''] = []] = parse(csv) as string[][];
    expect(cell.startsWith("'")).toBe(true);
    expect(cell.replaceAll("'", '')).toBe(value);
  });

  it('keeps numbers as numbers (negative counts are not formulas)', () => {
    expect(renderCsv({ columns: ['n'], rows: [[5]] })).toBe('"n"\r\n5\r\n');
  });

  const hostile = [
    ['x;=1+1', 3, 'DE'],
    ['a,b;c', 12, '=1+1;@SUM(A1)'],
    ['"q";=2', 1, 'x";=3'],
    ['-1;+2', 0, ';=4'],
  ];
  const csv = renderCsv({ columns: ['value', 'count', 'other'], rows: hostile });

  it('reads back exactly, with formulas neutralised, when imported with "," as the separator', () => {
    const rows = parse(csv, { delimiter: ',' }) as string[][];
    expect(rows).toEqual([
      ['value', 'count', 'other'],
      ["x;'=1+1", '3', 'DE'],
      ['a,b;c', '12', "'=1+1;'@SUM(A1)"],
      ['"q";\'=2', '1', 'x";\'=3'],
      ["'-1;'+2", '0', ";'=4"],
    ]);
  });

  it('starts no cell with a formula when imported with ";" as the separator', () => {
    // A `;` locale reads the file with `;` between cells, honouring a quote only at a cell's start:
    // values after the first of a line may be split, but no piece starts a formula.
    const rows = parse(csv, { delimiter: ';', relax_quotes: true, relax_column_count: true }) as string[][];
    expect(rows[1]).toEqual([`"x;'=1+1",3,"DE"`]);
    expect(rows.flat().length).toBeGreaterThan(rows.length);
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[\s"]*[=+\-@]/);
  });

  const text = fc.string({
    unit: fc.constantFrom(
      'a',
      '1',
      ';',
      ',',
      '"',
      "'",
      '=',
      '+',
      '-',
      '@',
      '\t',
      '\r',
      '\n',
      ' ',
      '\u202e',
      '😀',
    ),
  });
  const table = fc.array(fc.tuple(text, fc.nat(), text), { maxLength: 8 });
  /** A cell a spreadsheet would run: a formula character first, past spaces and quotes. */
  const RUNS = /^[ "]*[=+\-@\t\r]/;
  const withoutPrefixes = (value: string) => value.replaceAll("'", '');

  it('keeps every generated value as text, whichever separator a spreadsheet splits on', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const csv = renderCsv({ columns: ['a', 'n', 'b'], rows });
        const comma = parse(csv, { delimiter: ',' }) as string[][];
        expect(comma).toHaveLength(rows.length + 1);
        rows.forEach(([a, n, b], i) => {
          const [x = '', m, y = ''] = comma[i + 1] ?? [];
          // Only formula-neutralising quotes were added, and no cell or inner line starts a formula.
          expect([withoutPrefixes(x), m, withoutPrefixes(y)]).toEqual([
            withoutPrefixes(a),
            String(n),
            withoutPrefixes(b),
          ]);
          for (const cell of [x, y]) {
            expect(cell).not.toMatch(RUNS);
            expect(cell).not.toMatch(/[;,\r\n][ "]*[=+\-@\t\r]/);
          }
        });
        // A quote this reader opens and never closes takes the rest of the file as text: skipped.
        const semicolon = parse(csv, {
          delimiter: ';',
          relax_quotes: true,
          relax_column_count: true,
          skip_records_with_error: true,
        }) as string[][];
        // Even a reader that trims whitespace and stray quotes finds no formula first in a cell.
        for (const cell of semicolon.flat()) expect(cell).not.toMatch(/^[\s"]*[=+\-@]/);
      }),
      { numRuns: 300 },
    );
  });
});
