import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_CODES, type ProblemCode } from '../../src/common/problem-codes';

/** Every problem code of the table (src/common/problem-codes.ts) is documented in docs/problems.md, with its statuses, and nothing else is. */
describe('docs/problems.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'problems.md'), 'utf8');
  // `| \`a\` / \`b\` | 409 | when |` (a row may document several codes of the same statuses)
  const rows = [...doc.matchAll(/^\| `([a-z-]+)`((?: \/ `[a-z-]+`)*) \| ([\d /]+) \|/gm)].map((m) => ({
    codes: [m[1], ...[...m[2].matchAll(/`([a-z-]+)`/g)].map((x) => x[1])],
    statuses: m[3].split('/').map((s) => Number(s.trim())),
  }));
  const documented = new Map(rows.flatMap((r) => r.codes.map((c) => [c, r.statuses] as const)));
  const codes = Object.keys(PROBLEM_CODES) as ProblemCode[];

  it('finds the table rows', () => {
    expect(rows.length).toBeGreaterThan(60);
    expect(documented.get('four-eyes')).toEqual([409]);
  });

  it('documents every code of the table', () => {
    expect(codes.filter((c) => !documented.has(c)).sort()).toEqual([]);
  });

  it('documents no code the table does not have', () => {
    expect([...documented.keys()].filter((c) => !(c in PROBLEM_CODES)).sort()).toEqual([]);
  });

  it('gives each code the statuses of the table', () => {
    const wrong = codes.filter((c) => {
      const kind: { status: number; alsoStatus?: readonly number[] } = PROBLEM_CODES[c];
      return JSON.stringify(documented.get(c)) !== JSON.stringify([kind.status, ...(kind.alsoStatus ?? [])]);
    });
    expect(wrong.map((c) => `${c}: ${JSON.stringify(documented.get(c))}`)).toEqual([]);
  });

  it('documents each code once', () => {
    const all = rows.flatMap((r) => r.codes);
    expect(all.filter((c, i) => all.indexOf(c) !== i)).toEqual([]);
  });
});
