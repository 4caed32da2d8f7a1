import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** README.md and every Markdown file under docs/, relative to the repository. */
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name)),
];

/** Top-level folders whose paths, written in backticks, must exist. */
const REPOSITORY_ROOTS = ['functions/', 'infra/', 'test/', 'templates/', 'scripts/', 'docs/', '.ci/'];

/** The text outside fenced code blocks (links and paths there are examples, not promises). */
const prose = (markdown: string) => markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading = ''] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Inline links and images: `[text](target)` and `![alt](target "title")`. */
function linksOf(markdown: string): string[] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(([, target = '']) => target);
}

/** Problems with one document's relative links: a missing file, or a heading its target lacks. */
function brokenLinks(file: string): string[] {
  const markdown = readFileSync(join(ROOT, file), 'utf8');
  const problems: string[] = [];
  for (const target of linksOf(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [path = '', anchor] = target.split('#');
    const resolved = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURI(path));
    if (!existsSync(resolved)) {
      problems.push(`${file}: ${target} (no file ${relative(ROOT, resolved)})`);
      continue;
    }
    if (anchor === undefined || !resolved.endsWith('.md')) continue;
    if (!anchorsOf(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor))) {
      problems.push(`${file}: ${target} (no heading #${anchor} in ${relative(ROOT, resolved)})`);
    }
  }
  return problems;
}

/** Repository paths named in backticks (`functions/core/sql/`), skipping patterns and placeholders. */
function missingPaths(file: string): string[] {
  const markdown = prose(readFileSync(join(ROOT, file), 'utf8'));
  const paths = [...markdown.matchAll(/`([^`\s]+)`/g)]
    .map(([, path = '']) => path)
    .filter((path) => REPOSITORY_ROOTS.some((root) => path.startsWith(root)))
    .filter((path) => !/[<>*…{}|]/.test(path));
  return paths.filter((path) => !existsSync(join(ROOT, path))).map((path) => `${file}: \`${path}\``);
}

describe('the README and docs/', () => {
  it('are found: README.md and the pages the index promises', () => {
    expect(DOCS).toContain('README.md');
    expect(DOCS).toContain(join('docs', 'README.md'));
    expect(DOCS.length).toBeGreaterThan(5);
  });

  it('link only to files and headings that exist', () => {
    expect(DOCS.flatMap(brokenLinks)).toEqual([]);
  });

  it('name only repository paths that exist', () => {
    expect(DOCS.flatMap(missingPaths)).toEqual([]);
  });

  it('would notice a broken link, a missing heading and a missing path', () => {
    const markdown =
      '# Title\n\n[a](missing.md) [b](#no-such-heading) [c](#title) `functions/no-such-file.ts`\n';
    expect(linksOf(markdown)).toEqual(['missing.md', '#no-such-heading', '#title']);
    expect(anchorsOf(markdown)).toEqual(new Set(['title']));
    expect(anchorsOf('## `npm run doctor`: checks\n## A, b & c\n## A, b & c')).toEqual(
      new Set(['npm-run-doctor-checks', 'a-b--c', 'a-b--c-1']),
    );
  });
});
