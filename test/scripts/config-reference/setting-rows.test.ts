import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { settingRows } from '../../../scripts/config-reference/setting-rows.js';

describe('reading a setting from its zod schema', () => {
  it('finds a default set before a transform, an optional setting and a required one', () => {
    const rows = settingRows(
      z.object({
        RPM: z
          .string()
          .default('10')
          .transform(Number)
          .meta({ description: 'Requests a minute.', examples: ['5'] }),
        KEY_FILE: z.string().optional().meta({ description: 'A key.', unset: 'unsigned' }),
        BUCKET: z.string().meta({ description: 'The bucket.' }),
        LIST: z.array(z.string()).default(['a', 'b']).meta({ description: 'A list.' }),
      }),
    );
    expect(rows).toEqual([
      {
        name: 'RPM',
        description: 'Requests a minute.',
        required: false,
        defaultValue: '10',
        examples: ['5'],
      },
      { name: 'KEY_FILE', description: 'A key.', required: false, unset: 'unsigned', examples: [] },
      { name: 'BUCKET', description: 'The bucket.', required: true, examples: [] },
      { name: 'LIST', description: 'A list.', required: false, defaultValue: 'a,b', examples: [] },
    ]);
  });

  it('refuses a setting without a description, naming it', () => {
    const schema = z.object({ DOCUMENTED: z.string().meta({ description: 'Yes.' }), FORGOTTEN: z.string() });
    expect(() => settingRows(schema)).toThrow('FORGOTTEN has no .meta({ description })');
  });
});
