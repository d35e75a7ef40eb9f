import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every problem type the code can answer with is documented in docs/problems.md. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('docs/problems.md', () => {
  const root = join(__dirname, '..', '..');
  const documented = new Set([...readFileSync(join(root, 'docs', 'problems.md'), 'utf8').matchAll(/^\| `([a-z-]+)`(?: \/ `([a-z-]+)`)?/gm)].flatMap((m) => [m[1], m[2]]).filter(Boolean));
  const used = new Set<string>();
  for (const file of sources(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:DomainError|conflict|unprocessable|badRequest|violation)\(\s*'([a-z-]+)'/g)) used.add(m[1]);
  }

  it('finds the codes in the source', () => {
    expect(used.size).toBeGreaterThan(30);
    expect(used).toContain('four-eyes');
  });

  it('documents every code the API can answer with', () => {
    expect([...used].filter((c) => !documented.has(c)).sort()).toEqual([]);
  });
});
