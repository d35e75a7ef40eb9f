import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * The committed openapi.json is a contract clients generate from: openapi-typescript turns it into
 * types, and a small typed scenario (test/contract/scenario.ts: signing in, creating an asset,
 * reading a problem's fields and a page) must compile against them. A change to the API that breaks a
 * client breaks this test; so does a document a generator cannot read.
 */
const ROOT = join(__dirname, '..', '..');

describe('a client generated from openapi.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpa-client-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const compile = (scenario: string): string[] => {
    writeFileSync(join(dir, 'scenario.ts'), scenario);
    const program = ts.createProgram([join(dir, 'scenario.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      skipLibCheck: true,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  };

  beforeAll(() => {
    // openapi-typescript (and its dependencies) are ES modules, which Jest's sandbox cannot load on
    // Node 20: it runs in a plain node child, as a client's build would run it.
    const script = `import openapiTS, { astToString } from 'openapi-typescript';
import { readFileSync, writeFileSync } from 'node:fs';
const [input, output] = process.argv.slice(1);
writeFileSync(output, astToString(await openapiTS(JSON.parse(readFileSync(input, 'utf8')))));`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script, join(ROOT, 'openapi.json'), join(dir, 'api.d.ts')], { cwd: ROOT, stdio: 'pipe' });
  }, 60_000);

  it('compiles the typed scenario', () => {
    expect(compile(readFileSync(join(__dirname, '..', 'contract', 'scenario.ts'), 'utf8'))).toEqual([]);
  }, 60_000);

  it('and would not compile a client that misuses the API (so the check can fail)', () => {
    const wrong = `import type { paths } from './api';
type Login = paths['/api/v1/auth/login']['post']['requestBody']['content']['application/json'];
export const login: Login = { username: 'a', passwd: 'b' };`;
    expect(compile(wrong).join('\n')).toMatch(/passwd/);
  }, 60_000);
});
