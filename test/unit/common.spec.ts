import { HttpException, NotFoundException } from '@nestjs/common';
import { noneMatchHits, reprDigest, versionFromIfMatch, etagOf } from '../../src/common/etag';
import { DomainError, notFound } from '../../src/common/errors';
import { decodeCursor, encodeCursor, toPage } from '../../src/common/pagination';
import { PROBLEM_BASE } from '../../src/common/problem-codes';
import { toProblem } from '../../src/common/problem.filter';
import { toNfc } from '../../src/common/text';

describe('toNfc', () => {
  it('normalises strings deep inside plain objects and arrays', () => {
    const nfd = 'Trụ sở UBND huyện'.normalize('NFD');
    const out = toNfc({ a: nfd, b: [nfd, 3], c: { d: nfd }, e: null });
    expect(out).toEqual({ a: 'Trụ sở UBND huyện', b: ['Trụ sở UBND huyện', 3], c: { d: 'Trụ sở UBND huyện' }, e: null });
    expect(out.a).not.toBe(nfd);
  });
  it('leaves non-plain objects alone', () => {
    const d = new Date(0);
    expect(toNfc(d)).toBe(d);
  });
});

describe('cursor pagination', () => {
  it('round-trips a key', () => {
    expect(decodeCursor(encodeCursor(['new', 'commune', '00004']), ['string', 'string', 'string'])).toEqual(['new', 'commune', '00004']);
  });
  it.each(['%%%', encodeCursor(['a']), encodeCursor([1, 'b']), Buffer.from('{"a":1}').toString('base64url')])('refuses a malformed cursor %s', (c) => {
    expect(() => decodeCursor(c, ['string', 'string'])).toThrow(DomainError);
  });
  it('pages rows fetched with limit + 1', () => {
    const page = toPage(
      [1, 2, 3],
      2,
      (n) => [n],
      (n) => n * 10,
    );
    expect(page.items).toEqual([10, 20]);
    expect(decodeCursor(page.page.nextCursor!, ['number'])).toEqual([2]);
    expect(
      toPage(
        [1, 2],
        2,
        (n) => [n],
        (n) => n,
      ).page.nextCursor,
    ).toBeNull();
  });
});

describe('If-Match', () => {
  it('reads our ETags, strong or weak', () => {
    expect(versionFromIfMatch(etagOf(7))).toBe(7);
    expect(versionFromIfMatch('W/"12"')).toBe(12);
  });
  it('is 428 when missing and 400 when malformed', () => {
    expect(() => versionFromIfMatch(undefined)).toThrow(expect.objectContaining({ status: 428 }));
    expect(() => versionFromIfMatch('')).toThrow(expect.objectContaining({ status: 428 }));
    expect(() => versionFromIfMatch('7')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => versionFromIfMatch('"1", "2"')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('Repr-Digest', () => {
  it('is the SHA-256 in base64 between colons (RFC 9530)', () => {
    expect(reprDigest('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe('sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:');
  });
});

describe('If-None-Match', () => {
  const tag = '"ab12"';
  it.each([
    ['the tag', '"ab12"', true],
    ['the tag, weak', 'W/"ab12"', true],
    ['a list holding it', '"x1", W/"ab12" ,"y2"', true],
    ['*', ' * ', true],
    ['another tag', '"ab13"', false],
    ['the value without quotes', 'ab12', false],
    ['nothing', undefined, false],
    ['an empty header', ' ', false],
  ])('%s: %s', (_, header, hit) => {
    expect(noneMatchHits(header, tag)).toBe(hit);
  });
  it('compares a weak tag of ours weakly too', () => {
    expect(noneMatchHits('"ab12"', 'W/"ab12"')).toBe(true);
  });
});

describe('toProblem', () => {
  it('maps a domain error with its code, fields and extras', () => {
    const err = new DomainError(
      'stale-version',
      { vi: 'đã đổi', en: 'changed' },
      { errors: [{ field: 'x', message: { vi: 'sai', en: 'y' } }], extra: { currentVersion: 3 } },
    );
    const { problem, unexpected } = toProblem(err, 'en', '/x');
    expect(unexpected).toBe(false);
    expect(problem).toEqual({
      type: `${PROBLEM_BASE}stale-version`,
      title: 'Precondition failed',
      status: 412,
      detail: 'changed',
      instance: '/x',
      errors: [{ field: 'x', message: 'y' }],
      currentVersion: 3,
    });
    expect(toProblem(err, 'vi', '/x').problem).toEqual({
      type: `${PROBLEM_BASE}stale-version`,
      title: 'Dữ liệu đã thay đổi',
      status: 412,
      detail: 'đã đổi',
      instance: '/x',
      errors: [{ field: 'x', message: 'sai' }],
      currentVersion: 3,
    });
  });
  it('maps HTTP exceptions and Fastify errors', () => {
    expect(toProblem(new NotFoundException('Cannot GET /nope'), 'en').problem).toMatchObject({
      status: 404,
      type: `${PROBLEM_BASE}not-found`,
      detail: 'No route GET /nope',
    });
    expect(toProblem(new HttpException('slow down', 429), 'en').problem).toMatchObject({ status: 429, type: `${PROBLEM_BASE}too-many-requests` });
    expect(toProblem(Object.assign(new Error('x'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }), 'en').problem).toMatchObject({
      status: 413,
      type: `${PROBLEM_BASE}payload-too-large`,
    });
    expect(toProblem(Object.assign(new Error('x'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), 'en').problem).toMatchObject({
      status: 400,
      detail: 'The request body is not valid JSON',
    });
  });
  it('writes them in Vietnamese too, with the same type and status', () => {
    expect(toProblem(new NotFoundException('Cannot GET /nope'), 'vi').problem).toMatchObject({
      status: 404,
      type: `${PROBLEM_BASE}not-found`,
      title: 'Không tìm thấy',
      detail: 'Không có đường dẫn GET /nope',
    });
    expect(toProblem(new HttpException('slow down', 429), 'vi').problem).toMatchObject({
      status: 429,
      type: `${PROBLEM_BASE}too-many-requests`,
      title: 'Quá nhiều yêu cầu',
    });
    expect(toProblem(Object.assign(new Error('x'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), 'vi').problem).toMatchObject({
      status: 400,
      type: `${PROBLEM_BASE}bad-request`,
      detail: 'Nội dung yêu cầu không phải JSON hợp lệ',
    });
    expect(toProblem(new Error('secret'), 'vi').problem).toMatchObject({ status: 500, type: `${PROBLEM_BASE}internal-error`, title: 'Lỗi máy chủ' });
  });
  it('hides unknown errors behind a generic 500', () => {
    const { problem, unexpected } = toProblem(new Error('secret stack detail'), 'en');
    expect(unexpected).toBe(true);
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('secret');
  });
  it('keeps the not-found wording for domain 404s', () => {
    expect(toProblem(notFound('unit', 'old/district/999'), 'en').problem.detail).toBe('Unit old/district/999 does not exist or is outside your scope');
    expect(toProblem(notFound('unit', 'old/district/999'), 'vi').problem.detail).toBe(
      'Không tìm thấy đơn vị hành chính old/district/999 (không tồn tại hoặc ngoài phạm vi của bạn)',
    );
  });
});
