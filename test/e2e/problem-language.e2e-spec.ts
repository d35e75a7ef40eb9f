import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { HttpDrain } from '../../src/health/lifecycle';
import { ADMIN, bearer, createTestApp, PASSWORD, type TestApp } from '../support/app';

/**
 * Problems follow Accept-Language, Vietnamese when it names no language the API speaks (the API's
 * own default: this app runs without DEFAULT_LANGUAGE, unlike the other suites, which ask for
 * English). The type and status never change with the language.
 */
describe("problems in the caller's language", () => {
  let t: TestApp;
  let viewer: string;
  let officerId: string;
  const PROBLEM = 'urn:vn-public-assets:problem:';

  beforeAll(async () => {
    t = await createTestApp({ env: { DEFAULT_LANGUAGE: '' } });
    viewer = await t.userToken('viewer');
    const created = await t.http
      .post('/api/v1/users')
      .set(bearer(t.adminToken))
      .send({ username: 'lang.officer', displayName: 'Cán bộ', password: PASSWORD, role: 'officer', provinceCode: '08' });
    expect(created.status).toBe(201);
    officerId = created.body.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  /** The same request without Accept-Language, with `en`, and with `vi-VN`. */
  async function inEachLanguage(send: (lang?: string) => Promise<Response>): Promise<{ none: Response; en: Response; vi: Response }> {
    const [none, en, vi] = [await send(), await send('en'), await send('vi-VN')];
    for (const r of [none, en, vi]) expect(r.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect([en.body.type, en.status]).toEqual([none.body.type, none.status]);
    expect([vi.body.type, vi.status]).toEqual([none.body.type, none.status]);
    expect([none.headers['content-language'], en.headers['content-language'], vi.headers['content-language']]).toEqual(['vi', 'en', 'vi']);
    expect(none.headers.vary).toMatch(/accept-language/i);
    expect(vi.body).toEqual({ ...none.body, requestId: vi.body.requestId, instance: vi.body.instance });
    return { none, en, vi };
  }

  const withLang = (req: import('supertest').Test, lang?: string) => (lang ? req.set('Accept-Language', lang) : req);

  it('404 not-found: Vietnamese by default, English when asked', async () => {
    const id = randomUUID();
    const { none, en } = await inEachLanguage((lang) => withLang(t.http.get(`/api/v1/assets/${id}`).set(bearer(viewer)), lang));
    expect(none.body).toMatchObject({
      type: `${PROBLEM}not-found`,
      status: 404,
      title: 'Không tìm thấy',
      detail: `Không tìm thấy tài sản ${id} (không tồn tại hoặc ngoài phạm vi của bạn)`,
    });
    expect(en.body).toMatchObject({
      type: `${PROBLEM}not-found`,
      status: 404,
      title: 'Not found',
      detail: `Asset ${id} does not exist or is outside your scope`,
    });
  });

  it("404 for an unknown route, and 400 for a body that is not JSON (the framework's own refusals)", async () => {
    const route = await inEachLanguage((lang) => withLang(t.http.get('/api/v1/nothing-here'), lang));
    expect(route.none.body).toMatchObject({ type: `${PROBLEM}not-found`, title: 'Không tìm thấy', detail: 'Không có đường dẫn GET /api/v1/nothing-here' });
    expect(route.en.body).toMatchObject({ title: 'Not found', detail: 'No route GET /api/v1/nothing-here' });
    const json = await inEachLanguage((lang) =>
      withLang(t.http.post('/api/v1/users').set(bearer(t.adminToken)).set('Content-Type', 'application/json').send('{"username":'), lang),
    );
    expect(json.none.body).toMatchObject({
      type: `${PROBLEM}bad-request`,
      status: 400,
      title: 'Yêu cầu không hợp lệ',
      detail: 'Nội dung yêu cầu không phải JSON hợp lệ',
    });
    expect(json.en.body).toMatchObject({ title: 'Bad request', detail: 'The request body is not valid JSON' });
    const deep = JSON.stringify({ a: JSON.parse('['.repeat(40) + ']'.repeat(40)) });
    const edge = await inEachLanguage((lang) =>
      withLang(t.http.post('/api/v1/users').set(bearer(t.adminToken)).set('Content-Type', 'application/json').send(deep), lang),
    );
    expect(edge.none.body).toMatchObject({
      type: `${PROBLEM}too-deep`,
      status: 400,
      title: 'Dữ liệu JSON lồng quá sâu',
      detail: 'JSON trong nội dung yêu cầu lồng sâu quá 32 cấp',
    });
    expect(edge.en.body).toMatchObject({ title: 'JSON nested too deep', detail: 'The JSON in the request body is nested deeper than 32 levels' });
  });

  it('409 username-taken (a pre-check and a constraint answer alike)', async () => {
    const body = { username: ADMIN.username, displayName: 'X', password: PASSWORD, role: 'viewer' };
    const { none, en } = await inEachLanguage((lang) => withLang(t.http.post('/api/v1/users').set(bearer(t.adminToken)).send(body), lang));
    expect(none.body).toMatchObject({
      type: `${PROBLEM}username-taken`,
      status: 409,
      title: 'Tên đăng nhập đã được dùng',
      detail: `Tên đăng nhập ${ADMIN.username} đã được dùng`,
    });
    expect(en.body).toMatchObject({ title: 'Username taken', detail: `Username ${ADMIN.username} is already taken` });
  });

  it('412 stale-version and 428 if-match-required', async () => {
    const stale = await inEachLanguage((lang) =>
      withLang(t.http.patch(`/api/v1/users/${officerId}`).set(bearer(t.adminToken)).set('If-Match', '"99"').send({ displayName: 'Y' }), lang),
    );
    expect(stale.none.body).toMatchObject({ type: `${PROBLEM}stale-version`, status: 412, title: 'Dữ liệu đã thay đổi', currentVersion: 1 });
    expect(stale.none.body.detail).toMatch(/^Dữ liệu đã thay đổi từ khi bạn đọc \(phiên bản hiện tại 1\)/);
    expect(stale.en.body).toMatchObject({
      title: 'Precondition failed',
      detail: expect.stringMatching(/^The resource changed since you read it/),
      currentVersion: 1,
    });
    const missing = await inEachLanguage((lang) =>
      withLang(t.http.patch(`/api/v1/users/${officerId}`).set(bearer(t.adminToken)).send({ displayName: 'Y' }), lang),
    );
    expect(missing.none.body).toMatchObject({ type: `${PROBLEM}if-match-required`, status: 428, title: 'Thiếu If-Match' });
  });

  it('422 with errors[]: the field keeps its name, its message is translated', async () => {
    const body = { username: 'lang.officer2', displayName: 'X', password: PASSWORD, role: 'officer' };
    const { none, en } = await inEachLanguage((lang) => withLang(t.http.post('/api/v1/users').set(bearer(t.adminToken)).send(body), lang));
    expect(none.body).toMatchObject({
      type: `${PROBLEM}validation-failed`,
      status: 422,
      title: 'Dữ liệu không hợp lệ',
      errors: [{ field: 'provinceCode', message: 'bắt buộc đối với cán bộ' }],
    });
    expect(en.body).toMatchObject({ title: 'Validation failed', errors: [{ field: 'provinceCode', message: 'required for officers' }] });
  });

  it("422 from the validation pipe: each constraint's message in the caller's language", async () => {
    const body = { username: 'Not Valid', displayName: 'X', password: 'short', role: 'king', extra: 1 };
    const { none, en } = await inEachLanguage((lang) => withLang(t.http.post('/api/v1/users').set(bearer(t.adminToken)).send(body), lang));
    expect(none.body).toMatchObject({
      type: `${PROBLEM}validation-failed`,
      status: 422,
      title: 'Dữ liệu không hợp lệ',
      detail: 'Dữ liệu không hợp lệ ở trường: extra, username, password, role',
    });
    expect(none.body.errors).toEqual([
      { field: 'extra', message: 'không được gửi trường extra' },
      { field: 'username', message: 'username phải gồm 3-64 ký tự a-z, 0-9, ".", "_" hoặc "-"' },
      { field: 'password', message: 'password phải dài từ 10 đến 128 ký tự' },
      { field: 'role', message: 'role phải là một trong các giá trị: admin, officer, inspector, viewer' },
    ]);
    expect(en.body).toMatchObject({ title: 'Validation failed', detail: 'Invalid field(s): extra, username, password, role' });
    expect(en.body.errors).toEqual([
      { field: 'extra', message: 'property extra should not exist' },
      { field: 'username', message: 'username must be 3-64 characters of a-z, 0-9, ".", "_" or "-"' },
      { field: 'password', message: 'password must be longer than or equal to 10 characters' },
      { field: 'role', message: 'role must be one of the following values: admin, officer, inspector, viewer' },
    ]);
  });

  it('400 for a bad query parameter', async () => {
    const { none, en } = await inEachLanguage((lang) => withLang(t.http.get('/api/v1/assets?limit=500&province=8').set(bearer(viewer)), lang));
    expect(none.body).toMatchObject({
      type: `${PROBLEM}invalid-parameter`,
      status: 400,
      title: 'Tham số không hợp lệ',
      detail: 'Tham số truy vấn không hợp lệ: province, limit',
      errors: [
        { field: 'province', message: 'province phải là mã tỉnh gồm 2 chữ số' },
        { field: 'limit', message: 'limit không được lớn hơn 200' },
      ],
    });
    expect(en.body).toMatchObject({
      title: 'Invalid parameter',
      detail: 'Invalid query parameter(s): province, limit',
      errors: [
        { field: 'province', message: 'province must be a 2-digit code' },
        { field: 'limit', message: 'limit must not be greater than 200' },
      ],
    });
  });

  it('401 unauthorized and 403 forbidden', async () => {
    const anonymous = await inEachLanguage((lang) => withLang(t.http.get('/api/v1/auth/me'), lang));
    expect(anonymous.none.body).toMatchObject({
      type: `${PROBLEM}unauthorized`,
      status: 401,
      title: 'Chưa xác thực',
      detail: expect.stringMatching(/^Hãy đăng nhập/),
    });
    expect(anonymous.en.body).toMatchObject({ title: 'Unauthorized', detail: expect.stringMatching(/^Sign in/) });
    const forbidden = await inEachLanguage((lang) => withLang(t.http.get('/api/v1/users').set(bearer(viewer)), lang));
    expect(forbidden.none.body).toMatchObject({
      type: `${PROBLEM}forbidden`,
      status: 403,
      title: 'Không có quyền',
      detail: 'Việc này cần một trong các vai trò: admin (vai trò của bạn: viewer)',
    });
    expect(forbidden.en.body).toMatchObject({ title: 'Forbidden', detail: 'This needs one of the roles: admin (you are viewer)' });
  });

  it('reads weights, picks among the languages it speaks, and falls back to Vietnamese', async () => {
    const ask = (lang: string) => t.http.get('/api/v1/auth/me').set('Accept-Language', lang);
    expect((await ask('fr-FR, en;q=0.5')).headers['content-language']).toBe('en');
    expect((await ask('en;q=0.4, vi;q=0.9')).body.title).toBe('Chưa xác thực');
    expect((await ask('fr, de')).body.title).toBe('Chưa xác thực');
    expect((await ask('EN-us')).body.title).toBe('Unauthorized');
  });

  // Last: the server drains and answers nothing else after it.
  it('503 service-unavailable while the server shuts down', async () => {
    t.app.get(HttpDrain).startDraining();
    const { none, en } = await inEachLanguage((lang) => withLang(t.http.get('/api/v1/auth/me').set(bearer(viewer)), lang));
    expect(none.body).toMatchObject({
      type: `${PROBLEM}service-unavailable`,
      status: 503,
      title: 'Dịch vụ tạm thời không sẵn sàng',
      detail: expect.stringMatching(/^Máy chủ đang dừng/),
    });
    expect(en.body).toMatchObject({ title: 'Service unavailable', detail: 'The server is shutting down; retry (another instance will answer)' });
    expect(none.headers['retry-after']).toBe('1');
  });
});
