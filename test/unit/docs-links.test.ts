import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The repository is self-contained: what the README and docs/ point at is in it. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((p) =>
  p.endsWith('.md'),
);

/** `[text](target)` links that are not web addresses or in-page anchors. */
function localLinks(page: string): string[] {
  const text = readFileSync(join(ROOT, page), 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith('#'))
    .map((t) => t.split('#')[0]!);
}

/** Every file a reader or a contributor reads: the pages, the sources, the examples and the runbooks. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|md|ya?ml)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('documentation', () => {
  it('links only to files that exist in the repository', () => {
    const broken = pages.flatMap((page) =>
      localLinks(page)
        .filter((target) => !existsSync(join(ROOT, dirname(page), target)))
        .map((target) => `${page} → ${target}`),
    );
    expect(pages).toEqual(expect.arrayContaining(['docs/domain.md', 'docs/runbooks.md', 'docs/executor-webhook.md']));
    expect(broken).toEqual([]);
  });

  it('never sends readers to notes that are not in the repository', () => {
    const files = [...pages, 'firebreak.example.yml', '.env.example', ...sources('src'), ...sources('runbooks')];
    // src/sandbox/specs/README.md quotes upstream licence texts, whose "CONTRACT" is a legal word.
    const outside = files.filter((f) => /\b(CONTRACT|DOMAIN|STYLE)\.md\b/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(outside).toEqual([]);
  });
});
