import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { check } = require('../../scripts/check-layers.js') as { check: (src?: string) => { problems: string[] } };

/** A throwaway src/ tree: path → content. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vpa-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, 'src', path)), { recursive: true });
    writeFileSync(join(root, 'src', path), text);
  }
  return root;
}

describe('the layering check of the lint step (scripts/check-layers.js)', () => {
  const made: string[] = [];
  const problemsOf = (files: Record<string, string>) => {
    const root = tree(files);
    made.push(root);
    return check(join(root, 'src')).problems;
  };
  afterAll(() => made.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('passes on this repository', () => {
    expect(check().problems).toEqual([]);
  });

  it('passes a tree that only imports downward', () => {
    expect(
      problemsOf({
        'schema/vocabulary.ts': 'export const A = 1;',
        'schema/a.entity.ts': "import { A } from './vocabulary';",
        'common/errors.ts': "import type { A } from '../schema/vocabulary';",
        'rules/model.ts': "import { A } from '../schema/vocabulary';\nimport '../common/errors';",
        'database/tx.ts': "import '../common/errors';",
        'assets/assets.service.ts': "import '../database/tx';\nimport '../rules/model';\nimport { x } from '../actions/actions.rules';",
        'actions/actions.rules.ts': "export const x = require('../schema/vocabulary');",
        'app.module.ts': "import './assets/assets.service';",
      }),
    ).toEqual([]);
  });

  it('fails on an import upward, whatever its form (type-only, export from, require, dynamic import)', () => {
    const problems = problemsOf({
      'schema/a.entity.ts': "import type { Row } from '../assets/assets.repository';",
      'schema/b.entity.ts': "export { Row } from '../assets/assets.repository';",
      'common/scope.ts': "const r = require('../auth/auth-user');",
      'database/tx.ts': "const m = import('../assets/assets.repository');",
      'rules/model.ts': "import '../database/tx';",
      'assets/assets.repository.ts': "import '../app.module';\nexport type Row = {};",
      'auth/auth-user.ts': '',
      'app.module.ts': '',
    });
    expect(problems).toHaveLength(6);
    expect(problems).toEqual(
      expect.arrayContaining([
        'src/schema/a.entity.ts imports src/assets/assets.repository.ts: the ground floor (src/schema) may not import from a feature',
        'src/schema/b.entity.ts imports src/assets/assets.repository.ts: the ground floor (src/schema) may not import from a feature',
        'src/common/scope.ts imports src/auth/auth-user.ts: src/common may not import from a feature',
        'src/database/tx.ts imports src/assets/assets.repository.ts: src/database may not import from a feature',
        'src/rules/model.ts imports src/database/tx.ts: src/rules may not import from src/database',
        'src/assets/assets.repository.ts imports src/app.module.ts: a feature may not import from the assembly (src/*.ts)',
      ]),
    );
  });

  it('ignores imports in comments and of packages', () => {
    expect(problemsOf({ 'schema/a.entity.ts': "// import '../assets/x';\n/* import '../assets/y'; */\nimport { Entity } from 'typeorm';" })).toEqual([]);
  });

  it('fails on a cycle between feature folders, naming an import of each direction', () => {
    const problems = problemsOf({
      'assets/assets.mapper.ts': "import { d } from '../actions/deadlines';",
      'actions/deadlines.ts': 'export const d = 1;',
      'actions/actions.dto.ts': "import '../assets/asset-rules';",
      'assets/asset-rules.ts': '',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^a cycle between the folders actions, assets:\n/);
    expect(problems[0]).toContain('src/assets/assets.mapper.ts → src/actions/deadlines.ts');
    expect(problems[0]).toContain('src/actions/actions.dto.ts → src/assets/asset-rules.ts');
  });

  it('fails on a cycle between files of one folder, and on an import of a missing file', () => {
    expect(
      problemsOf({
        'assets/a.ts': "import './b';",
        'assets/b.ts': "import './c';",
        'assets/c.ts': "import './a';\nimport './gone';",
      }),
    ).toEqual(["src/assets/c.ts: imports './gone', which does not exist", 'a cycle between the files src/assets/a.ts, src/assets/b.ts, src/assets/c.ts']);
  });
});
