import { describe, expect, it } from 'vitest';
import { linesOf } from '../../functions/shared/text-lines.js';

async function* chunks(...parts: string[]) {
  yield* parts;
}
const collect = async (parts: string[]) => {
  const lines: string[] = [];
  for await (const line of linesOf(chunks(...parts))) lines.push(line);
  return lines;
};

describe('linesOf', () => {
  it('splits on \\n wherever the chunks fall, a line spanning many chunks', async () => {
    expect(await collect(['{"a"', ':1}\n{"b":', '2', '}\n', '{"c":3}'])).toEqual([
      '{"a":1}',
      '{"b":2}',
      '{"c":3}',
    ]);
  });

  it('keeps empty lines and a last line without \\n, and yields nothing for nothing', async () => {
    expect(await collect(['x\n\ny\n'])).toEqual(['x', '', 'y']);
    expect(await collect(['x\r\n', 'y'])).toEqual(['x\r', 'y']);
    expect(await collect([])).toEqual([]);
  });
});
