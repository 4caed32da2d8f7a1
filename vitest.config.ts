import { readFile } from 'node:fs/promises';
import { defineConfig, type Plugin } from 'vitest/config';

/** Loads `*.hbs` templates as strings, as esbuild's text loader does for the Lambda bundle and the CLI. */
function handlebarsText(): Plugin {
  return {
    name: 'hbs-text',
    async load(id) {
      if (!id.endsWith('.hbs')) return null;
      return `export default ${JSON.stringify(await readFile(id, 'utf8'))};`;
    },
  };
}

export default defineConfig({
  plugins: [handlebarsText()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
