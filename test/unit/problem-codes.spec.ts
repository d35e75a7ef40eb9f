import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, invalidFields, notFound, THINGS } from '../../src/common/errors';
import { LANGUAGES } from '../../src/common/language';
import { CODE_OF_STATUS, PROBLEM_BASE, PROBLEM_CODES, type ProblemCode, problemType } from '../../src/common/problem-codes';

const root = join(__dirname, '..', '..');
const codes = Object.keys(PROBLEM_CODES) as ProblemCode[];
/** Letters only Vietnamese writes (with its diacritics). */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the problem table', () => {
  it('gives every code an error status and a title in each language', () => {
    for (const code of codes) {
      const kind = PROBLEM_CODES[code];
      expect([code, kind.status >= 400 && kind.status <= 599]).toEqual([code, true]);
      for (const lang of LANGUAGES) expect([code, lang, kind[lang].trim().length > 2]).toEqual([code, lang, true]);
      expect([code, VIETNAMESE.test(kind.vi) || /^[A-Z][\w-]*(-[A-Z]\w*)* /.test(kind.vi)]).toEqual([code, true]);
      expect([code, (kind.vi as string) === kind.en]).toEqual([code, false]);
    }
  });

  it('writes its codes in lower-case kebab case, each once', () => {
    const text = readFileSync(join(root, 'src', 'common', 'problem-codes.ts'), 'utf8');
    const table = text.slice(text.indexOf('export const PROBLEM_CODES'), text.indexOf('} as const satisfies'));
    const keys = [...table.matchAll(/^ {2}'?([a-z0-9-]+)'?: \{/gm)].map((m) => m[1]);
    expect(keys).toEqual(codes);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  it('gives each code its own title in each language', () => {
    for (const lang of LANGUAGES) {
      const titles = codes.map((c) => PROBLEM_CODES[c][lang]);
      expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
    }
  });

  it('keeps the type URIs clients program against', () => {
    expect(problemType('asset-code-taken')).toBe('urn:vn-public-assets:problem:asset-code-taken');
    expect(PROBLEM_BASE).toBe('urn:vn-public-assets:problem:');
  });

  it('maps the statuses Nest and Fastify raise to codes of that status', () => {
    for (const [status, code] of Object.entries(CODE_OF_STATUS)) expect([code, PROBLEM_CODES[code!].status]).toEqual([code, Number(status)]);
  });
});

describe('DomainError', () => {
  it('takes its status and title from the table and renders each language', () => {
    const err = new DomainError('asset-code-taken', { vi: 'Đã có tài sản với mã X', en: 'An asset with code X already exists' }, { extra: { code: 'X' } });
    expect({ status: err.status, title: err.title, message: err.message }).toEqual({
      status: 409,
      title: { vi: 'Mã tài sản đã tồn tại', en: 'Asset code taken' },
      message: 'An asset with code X already exists',
    });
    expect(err.toProblem('vi', '/api/v1/assets')).toEqual({
      code: 'X',
      type: 'urn:vn-public-assets:problem:asset-code-taken',
      title: 'Mã tài sản đã tồn tại',
      status: 409,
      detail: 'Đã có tài sản với mã X',
      instance: '/api/v1/assets',
    });
    expect(err.toProblem('en')).toMatchObject({ type: 'urn:vn-public-assets:problem:asset-code-taken', title: 'Asset code taken', status: 409 });
  });

  it('never lets an extra overwrite a standard member', () => {
    const err = new DomainError('conflict', { vi: 'x', en: 'y' }, { extra: { type: 'evil', status: 200, title: 't', detail: 'd' } });
    expect(err.toProblem('en')).toMatchObject({ type: `${PROBLEM_BASE}conflict`, status: 409, title: 'Conflict', detail: 'y' });
  });

  it('answers a second status only where the table lists it', () => {
    expect(new DomainError('totp-invalid', { vi: 'x', en: 'x' }).status).toBe(401);
    expect(new DomainError('totp-invalid', { vi: 'x', en: 'x' }, { status: 422 }).status).toBe(422);
    // @ts-expect-error: a status the table does not list for the code does not compile
    expect(new DomainError('conflict', { vi: 'x', en: 'x' }, { status: 422 }).status).toBe(422);
  });

  it('renders field messages per language and leaves a plain string as it is', () => {
    const err = invalidFields([
      { field: 'a', message: { vi: 'bắt buộc', en: 'required' } },
      { field: 'b', message: 'as the import words it' },
    ]);
    expect(err.toProblem('vi')).toMatchObject({
      detail: 'Dữ liệu không hợp lệ ở trường: a, b',
      errors: [
        { field: 'a', message: 'bắt buộc' },
        { field: 'b', message: 'as the import words it' },
      ],
    });
    expect(err.toProblem('en')).toMatchObject({
      detail: 'Invalid field(s): a, b',
      errors: [
        { field: 'a', message: 'required' },
        { field: 'b', message: 'as the import words it' },
      ],
    });
  });

  it('names the record of a 404 in each language', () => {
    expect(notFound('asset', 'X', 'assetId').toProblem('vi')).toMatchObject({
      title: 'Không tìm thấy',
      detail: 'Không tìm thấy tài sản X (không tồn tại hoặc ngoài phạm vi của bạn)',
      errors: [{ field: 'assetId', message: 'không tìm thấy tài sản' }],
    });
    for (const thing of Object.keys(THINGS) as (keyof typeof THINGS)[])
      expect(notFound(thing, 1).detail.en).toMatch(/^[A-Z].* 1 does not exist or is outside your scope$/);
  });
});

describe('rules say codes, never HTTP statuses', () => {
  const ruleFiles = [...sources(join(root, 'src', 'rules')), ...sources(join(root, 'src')).filter((f) => /[-.]rules\.ts$/.test(f))];

  it('finds the rule files', () => expect(ruleFiles.length).toBeGreaterThan(5));

  it('no rule file writes a status (comments aside)', () => {
    const code = (f: string) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l))
        .join('\n');
    expect(ruleFiles.filter((f) => /\bstatus: (4|5)\d\d\b|\b(409|422)\b/.test(code(f))).map((f) => f.slice(root.length + 1))).toEqual([]);
  });

  it('no source declares the problem base URI again, or builds a type by hand', () => {
    const own = join(root, 'src', 'common', 'problem-codes.ts');
    expect(sources(join(root, 'src')).filter((f) => f !== own && /['"`]urn:vn-public-assets:problem:(['"`]|\$\{)/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});
