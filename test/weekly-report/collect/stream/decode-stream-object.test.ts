import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  readStreamValues,
  splitConcatenated,
} from '../../../../functions/weekly-report/collect/stream/decode-stream-object.js';

const read = async (body: Buffer | string, chunk = 7) => {
  const bytes = Buffer.from(body);
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) =>
    bytes.subarray(i * chunk, (i + 1) * chunk),
  );
  const values: unknown[] = [];
  for await (const value of readStreamValues(Readable.from(chunks))) values.push(value);
  return values;
};

const a = { action: 'A', occurred: 1 };
const b = { action: 'B', occurred: 2, data: { text: 'a "}{" inside' } };

describe('the values of one stream object', () => {
  it.each([
    ['NDJSON', `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`],
    ['NDJSON with CRLF and blank lines', `${JSON.stringify(a)}\r\n\r\n${JSON.stringify(b)}`],
    ['a JSON array', JSON.stringify([a, b])],
    ['a pretty-printed array', JSON.stringify([a, b], null, 2)],
    ['objects back to back (Firehose without a delimiter)', `${JSON.stringify(a)}${JSON.stringify(b)}`],
    ['one array per line', `${JSON.stringify([a])}\n${JSON.stringify([b])}`],
  ])('reads %s, plain or gzipped (by its bytes, not its name)', async (_name, text) => {
    expect(await read(text)).toEqual([a, b]);
    expect(await read(gzipSync(text))).toEqual([a, b]);
  });

  it('reads one pretty-printed object', async () => {
    expect(await read(JSON.stringify(b, null, 2))).toEqual([b]);
  });

  it('refuses text that is not JSON, and a truncated gzip', async () => {
    await expect(read(`${JSON.stringify(a)}\n{"action": "B", "occ`)).rejects.toThrow(SyntaxError);
    const gz = gzipSync(`${JSON.stringify(a)}\n`.repeat(200));
    await expect(read(gz.subarray(0, gz.length - 30))).rejects.toMatchObject({ code: 'Z_BUF_ERROR' });
  });

  it('splits values back to back only where they are whole', () => {
    expect(splitConcatenated('{"a":1} {"b":"}{"}')).toEqual([{ a: 1 }, { b: '}{' }]);
    expect(splitConcatenated('{"a":1} x')).toBeUndefined();
    expect(splitConcatenated('{"a":1')).toBeUndefined();
  });
});
