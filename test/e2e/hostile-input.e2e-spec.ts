import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Response } from 'supertest';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { createClause } from '../support/workflow';

const PROBLEM = 'application/problem+json; charset=utf-8';
const TYPE = 'urn:vn-public-assets:problem:';

/** A 4xx problem answer, never a 500 or a dropped connection. */
function expectProblem(res: Response, status: number, code?: string): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status } });
  expect(res.headers['content-type']).toBe(PROBLEM);
  if (code) expect(res.body.type).toBe(TYPE + code);
}

/** The distinct fields a problem's errors[] names, in order. */
const fieldsOf = (res: Response): string[] => [...new Set((res.body.errors as { field: string }[]).map((e) => e.field))];

/** `{"a":[[[…]]]}` nested `depth` levels deep, written by hand (JSON.stringify would recurse). */
const deepJson = (depth: number, leaf = '1') => `{"a":${'['.repeat(depth - 1)}${leaf}${']'.repeat(depth - 1)}}`;

describe('hostile input: a 4xx problem, never a 500 or a dead process', () => {
  let t: TestApp;
  let officer: string;
  let custodian: string;
  let assetId: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.userToken('officer', '08');
    custodian = (await createAgency(t, officer)).id;
    assetId = (await createAsset(t, officer, custodian)).id;
  });
  afterAll(async () => {
    // The process is still up and answering.
    await t.http.get('/health/live').expect(200);
    await t.close();
  });

  describe('control characters and lone surrogates are refused at the edge, naming the field', () => {
    it.each([
      ['a NUL', 'Hà\u0000Giang'],
      ['a bell', 'Hà\u0007Giang'],
      ['an escape', '\u001b[31mred'],
      ['DEL', 'abc\u007f'],
      ['a lone high surrogate', 'lý do \ud800'],
      ['a lone low surrogate', '\udc00 lý do'],
      ['a reversed pair', '\udc00\ud800'],
    ])('%s in a body text field is a 400 naming it', async (_what, text) => {
      const res = await t.http.post(`/api/v1/assets/${assetId}/surplus`).set(bearer(officer)).send({ since: '2025-07-01', reason: text });
      expectProblem(res, 400, 'invalid-text');
      expect(res.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
      expect((await t.http.get(`/api/v1/assets/${assetId}`).set(bearer(officer))).body.status).toBe('in_use');
    });

    it('names the path of a nested field and of an array element', async () => {
      const nested = await t.http
        .post('/api/v1/assets')
        .set(bearer(officer))
        .send({ code: '08.X.1', name: 'n', category: 'other', currentUnit: { era: 'new', level: 'commune', code: '00691\u0000' }, custodianId: custodian });
      expectProblem(nested, 400, 'invalid-text');
      expect(nested.body.errors).toEqual([{ field: 'currentUnit.code', message: expect.any(String) }]);
      const inArray = await t.http
        .post('/api/v1/actions')
        .set(bearer(officer))
        .send({ assetId, type: 'retention', method: 'permanent', clauseIds: ['x', '\ud83d'] });
      expectProblem(inArray, 400, 'invalid-text');
      expect(inArray.body.errors).toEqual([{ field: 'clauseIds[1]', message: expect.any(String) }]);
    });

    it('refuses a control character in an object key', async () => {
      const res = await t.http.post('/api/v1/agencies').set(bearer(officer)).set('Content-Type', 'application/json').send('{"na\\u0000me":"x"}');
      expectProblem(res, 400, 'invalid-text');
    });

    it('keeps tab, CR and LF, and well-formed pairs (emoji)', async () => {
      const res = await t.http
        .post('/api/v1/agencies')
        .set(bearer(officer))
        .send({ code: '08.UBND.TAB', name: 'Tên\tcó\r\ndòng mới 🏛️', kind: 'peoples_committee', unit: { era: 'new', level: 'commune', code: '00691' } });
      expect(res.status).toBe(201);
      expect(res.body.name).toBe('Tên\tcó\r\ndòng mới 🏛️');
    });

    it.each([
      ['/api/v1/assets?q=tru%00so', 'q'],
      ['/api/v1/assets?q=%1b', 'q'],
      ['/api/v1/assets/export?format=xlsx&q=%00', 'q'],
      ['/api/v1/assets/export?format=csv&q=%00', 'q'],
      ['/api/v1/assets.geojson?q=%00', 'q'],
      ['/api/v1/units?q=h%00a', 'q'],
      ['/api/v1/agencies?q=%7f', 'q'],
      ['/api/v1/directives?q=%00', 'q'],
      ['/api/v1/land-use-plans?q=%00', 'q'],
      ['/api/v1/users?q=%00', 'q'],
      ['/api/v1/assets?cursor=%00', 'cursor'],
    ])('a control character in the query (%s) is a 400, not a dropped stream', async (url, field) => {
      const res = await t.http.get(url).set(bearer(t.adminToken));
      expectProblem(res, 400, 'invalid-text');
      expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
    });

    it('refuses a control character in a path parameter', async () => {
      const res = await t.http.get('/api/v1/units/new/commune/006%0091').set(bearer(officer));
      expectProblem(res, 400, 'invalid-text');
    });
  });

  describe('JSON nested too deep is a 400 before anything walks it', () => {
    it.each([10_000, 100_000])('%d levels (with and without an Idempotency-Key)', async (depth) => {
      const plain = await t.http.post('/api/v1/assets').set(bearer(officer)).set('Content-Type', 'application/json').send(deepJson(depth));
      expectProblem(plain, 400, 'too-deep');
      const keyed = await t.http
        .post('/api/v1/assets')
        .set(bearer(officer))
        .set('Idempotency-Key', `deep-${depth}`)
        .set('Content-Type', 'application/json')
        .send(deepJson(depth));
      expectProblem(keyed, 400, 'too-deep');
      const objects = await t.http
        .post('/api/v1/agencies')
        .set(bearer(officer))
        .set('Content-Type', 'application/json')
        .send(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
      expectProblem(objects, 400, 'too-deep');
    });

    it('allows 32 levels (then the DTO decides)', async () => {
      const res = await t.http.post('/api/v1/agencies').set(bearer(officer)).set('Content-Type', 'application/json').send(deepJson(32));
      expectProblem(res, 422, 'validation-failed');
      expectProblem(await t.http.post('/api/v1/agencies').set(bearer(officer)).set('Content-Type', 'application/json').send(deepJson(33)), 400, 'too-deep');
    });
  });

  describe('multipart without a boundary, or malformed, is a 400', () => {
    it.each(['/api/v1/documents', '/api/v1/assets/import', '/api/v1/units/import'])('%s without a boundary', async (url) => {
      const res = await t.http
        .post(url)
        .set(bearer(t.adminToken))
        .set('Content-Type', 'multipart/form-data')
        .send('--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndecision\r\n--x--\r\n');
      expectProblem(res, 400, 'invalid-multipart');
    });

    it.each([
      ['an empty boundary', 'multipart/form-data; boundary='],
      ['a boundary over 70 characters', `multipart/form-data; boundary=${'b'.repeat(71)}`],
    ])('%s', async (_what, contentType) => {
      const res = await t.http.post('/api/v1/documents').set(bearer(officer)).set('Content-Type', contentType).send('--x--\r\n');
      expectProblem(res, 400, 'invalid-multipart');
    });

    it('a body that ends in the middle of a part', async () => {
      const res = await t.http
        .post('/api/v1/documents')
        .set(bearer(officer))
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send('--xyz\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndeci');
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toBe(PROBLEM);
    });

    it.each([
      ['a.csv', ''],
      ['a.csv', '?dry_run=true'],
      ['a.pdf', ''],
      ['a.xlsx', '?dry_run=true'],
      ['noext', ''],
    ])('an asset import whose file part %s is cut short%s is a 400, not a request that never ends', async (name, query) => {
      const res = await t.http
        .post(`/api/v1/assets/import${query}`)
        .set(bearer(officer))
        .set('Content-Type', 'multipart/form-data; boundary=zz')
        .send(`--zz\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\ncode,name\r\n08.X`)
        .timeout(10_000);
      expectProblem(res, 400, 'invalid-multipart');
    });
  });

  describe('numbers', () => {
    it.each([1e-7, 1.5e-10, 5e-324, 1e21, -0.001])('an area of %d is a 422 naming it', async (landArea) => {
      const res = await t.http
        .post('/api/v1/assets')
        .set(bearer(officer))
        .set('Content-Type', 'application/json')
        .send(
          `{"code":"08.E.${String(Math.random()).slice(2, 8)}","name":"n","category":"other","currentUnit":{"era":"new","level":"commune","code":"00691"},"custodianId":"${custodian}","landArea":${landArea}}`,
        );
      expectProblem(res, 422, 'validation-failed');
      expect(fieldsOf(res)).toEqual(['landArea']);
    });

    it('an area written with an exponent but exactly 2 decimals is fine', async () => {
      const res = await t.http
        .post('/api/v1/assets')
        .set(bearer(officer))
        .set('Content-Type', 'application/json')
        .send(
          `{"code":"08.E.OK1","name":"n","category":"other","currentUnit":{"era":"new","level":"commune","code":"00691"},"custodianId":"${custodian}","landArea":1.25e2,"floorArea":1e-2}`,
        );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ landArea: 125, floorArea: 0.01 });
    });

    it.each([1e-7, 1e21, -1e21])('a latitude of %d is a 422', async (latitude) => {
      const res = await t.http
        .patch(`/api/v1/assets/${assetId}`)
        .set(bearer(officer))
        .set('If-Match', '"1"')
        .set('Content-Type', 'application/json')
        .send(`{"latitude":${latitude},"longitude":105}`);
      expectProblem(res, 422, 'validation-failed');
    });

    it.each([1e21, 9007199254740993, 1e300, -1])('money of %d is a 422', async (originalCost) => {
      const res = await t.http
        .patch(`/api/v1/assets/${assetId}`)
        .set(bearer(officer))
        .set('If-Match', '"1"')
        .set('Content-Type', 'application/json')
        .send(`{"originalCost":${originalCost}}`);
      expectProblem(res, 422, 'validation-failed');
    });

    it.each([
      '/api/v1/events/verify?from=1e21',
      '/api/v1/events/verify?to=1e21',
      '/api/v1/events/verify?from=9007199254740993',
      '/api/v1/events/verify?from=0x10',
      '/api/v1/events/verify?from=1.0',
      '/api/v1/events/verify?from=%201',
      '/api/v1/events/verify?limit=1e3',
      '/api/v1/assets?limit=1e2',
      '/api/v1/assets?limit=',
      '/api/v1/documents/verify?limit=1e21',
    ])('%s is a 400', async (url) => {
      const res = await (url.includes('documents/verify') ? t.http.post(url) : t.http.get(url)).set(bearer(t.adminToken));
      expectProblem(res, 400, 'invalid-parameter');
    });

    it('a seq far beyond the chain is still an answer', async () => {
      const res = await t.http.get('/api/v1/events/verify?from=9007199254740991').set(bearer(t.adminToken)).expect(200);
      expect(res.body).toMatchObject({ ok: true, checked: 0 });
    });
  });

  describe('dates: a real calendar day between 1900 and 2100, everywhere', () => {
    const badDates = ['0000-01-01', '0001-01-01', '1899-12-31', '2101-01-01', '9999-12-31', '2025-02-30', '2025-13-01', '2025-00-10'];

    it.each(badDates)('surplus since %s is a 422', async (since) => {
      const res = await t.http.post(`/api/v1/assets/${assetId}/surplus`).set(bearer(officer)).send({ since, reason: 'r' });
      expectProblem(res, 422, 'validation-failed');
      expect(fieldsOf(res)).toEqual(['since']);
    });

    it.each(badDates)('a directive issued on %s is a 422', async (issuedOn) => {
      const res = await t.http
        .post('/api/v1/directives')
        .set(bearer(t.adminToken))
        .send({ number: `X-${issuedOn}`, kind: 'decision', issuer: 'i', issuedOn, title: 't', validFrom: issuedOn });
      expectProblem(res, 422, 'validation-failed');
      expect(fieldsOf(res)).toEqual(expect.arrayContaining(['issuedOn', 'validFrom']));
    });

    it.each(['0000-01-01', '2025-02-30'])('the dates of an action (%s) are a 422', async (d) => {
      const res = await t.http
        .post('/api/v1/actions')
        .set(bearer(officer))
        .send({ assetId, type: 'renovation', method: 'repair', plannedStart: d, plannedEnd: d, valuationDate: d });
      expectProblem(res, 422, 'validation-failed');
      expect(fieldsOf(res).sort()).toEqual(['plannedEnd', 'plannedStart', 'valuationDate']);
    });

    it.each([
      '/api/v1/reports/status?as_of=0000-01-01',
      '/api/v1/reports/status?as_of=2025-02-30',
      '/api/v1/reports/status?known_at=0000-01-01T00:00:00Z',
      '/api/v1/reports/status/items?as_of=0000-01-01&key=surplus',
      '/api/v1/checks?from=0000-01-01',
      '/api/v1/checks?to=2025-02-30',
      '/api/v1/events?from=0000-01-01T00:00:00Z',
      '/api/v1/events?to=2025-02-30T00:00:00%2B07:00',
      '/api/v1/events?from=2025-01-01T25:00:00Z',
    ])('%s is a 400', async (url) => {
      const res = await t.http.get(url).set(bearer(t.adminToken));
      expectProblem(res, 400);
    });

    it('a report snapshot as of year 0 is refused', async () => {
      const res = await t.http
        .post('/api/v1/reports')
        .set(bearer(t.adminToken))
        .send({ scope: 'province', province: '08', asOf: '0000-01-01', formats: ['json'] });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const known = await t.http
        .post('/api/v1/reports')
        .set(bearer(t.adminToken))
        .send({ scope: 'province', province: '08', knownAt: '0000-01-01T00:00:00Z', formats: ['json'] });
      expect(known.status).toBeGreaterThanOrEqual(400);
      expect(known.status).toBeLessThan(500);
    });
  });

  describe('required fields are required on every create', () => {
    it('POST /actions without method is a 422 naming it', async () => {
      const res = await t.http
        .post('/api/v1/actions')
        .set(bearer(officer))
        .send({ assetId, type: 'retention', clauseIds: [await createClause(t)] });
      expectProblem(res, 422, 'validation-failed');
      expect(fieldsOf(res)).toEqual(['method']);
    });

    it('POST /reports/schedules without time (or scope, or period) is a 422 naming it', async () => {
      const res = await t.http
        .post('/api/v1/reports/schedules')
        .set(bearer(t.adminToken))
        .send({ scope: 'province', province: '08', period: 'weekly', weekday: 1, formats: ['json'] });
      expectProblem(res, 422, 'validation-failed');
      expect(fieldsOf(res)).toEqual(['time']);
      const none = await t.http.post('/api/v1/reports/schedules').set(bearer(t.adminToken)).send({});
      expectProblem(none, 422, 'validation-failed');
      expect(fieldsOf(none)).toEqual(expect.arrayContaining(['scope', 'period', 'time']));
    });
  });

  describe('found by the fuzzer', () => {
    it('removing an asset that has documents or an inspection on the record is a 409, not a 500', async () => {
      const withDocument = await createAsset(t, officer, custodian);
      const form = `--b1\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndecision\r\n--b1\r\nContent-Disposition: form-data; name="assetId"\r\n\r\n${withDocument.id}\r\n--b1\r\nContent-Disposition: form-data; name="file"; filename="qd.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 x\r\n--b1--\r\n`;
      await t.http.post('/api/v1/documents').set(bearer(officer)).set('Content-Type', 'multipart/form-data; boundary=b1').send(form).expect(201);
      const res = await t.http.delete(`/api/v1/assets/${withDocument.id}`).set(bearer(t.adminToken));
      expectProblem(res, 409, 'asset-not-removable');
      expect(res.body.detail).toContain('documents');

      const inspected = await createAsset(t, officer, custodian);
      await t.http
        .post('/api/v1/inspections')
        .set(bearer(t.adminToken))
        .send({ title: 'Kiểm tra', subjectType: 'asset', assetId: inspected.id, plannedStart: '2025-08-01' })
        .expect(201);
      const res2 = await t.http.delete(`/api/v1/assets/${inspected.id}`).set(bearer(t.adminToken));
      expectProblem(res2, 409, 'asset-not-removable');
      expect(res2.body.detail).toContain('inspections');
    });

    it.each(['password', 'displayName', 'role', 'disabled'])(
      'PATCH /users/{id} with %s: null is a 422 naming it (a null password was a 500)',
      async (field) => {
        const created = await t.http
          .post('/api/v1/users')
          .set(bearer(t.adminToken))
          .send({ username: `null.${field.toLowerCase()}`, displayName: 'N', password: 'a-good-long-password', role: 'viewer' })
          .expect(201);
        const res = await t.http
          .patch(`/api/v1/users/${created.body.id}`)
          .set(bearer(t.adminToken))
          .set('If-Match', '"1"')
          .send({ [field]: null });
        expectProblem(res, 422, 'validation-failed');
        expect(fieldsOf(res)).toEqual([field]);
      },
    );

    it('PATCH /assets/{id} with a required field null is a 422 from validation, an optional one clears it', async () => {
      const a = await createAsset(t, officer, custodian);
      const res = await t.http
        .patch(`/api/v1/assets/${a.id}`)
        .set(bearer(officer))
        .set('If-Match', '"1"')
        .send({ name: null, custodianId: null, currentUnit: null, category: null });
      expectProblem(res, 422, 'validation-failed');
      expect(fieldsOf(res).sort()).toEqual(['category', 'currentUnit', 'custodianId', 'name']);
      const cleared = await t.http
        .patch(`/api/v1/assets/${a.id}`)
        .set(bearer(officer))
        .set('If-Match', '"1"')
        .send({ notes: null, landArea: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ notes: null, landArea: null });
    });

    it.each([
      ['not valid UTF-8', '/api/v1/assets/%ff', 400, 'bad-request'],
      ['an encoded lone surrogate', '/api/v1/assets/%ED%A0%80', 400, 'bad-request'],
      ["a parameter over the router's length limit", `/api/v1/assets/${'x'.repeat(300)}`, 414, 'uri-too-long'],
    ])('a path %s is a problem from the router too', async (_what, url, status, code) => {
      const res = await t.http.get(url).set(bearer(officer));
      expectProblem(res, status, code);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    });
  });

  describe('headers', () => {
    /** Sends raw bytes to a listening instance and returns what comes back before the server closes. */
    const raw = async (request: string): Promise<string> => {
      const server = t.app.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', () => undefined);
      socket.write(request);
      await new Promise((resolve) => socket.on('close', resolve));
      return Buffer.concat(chunks).toString('latin1');
    };

    it.each([
      ['headers over 16 KiB', `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`, 431],
      ['a control character in a header', 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n', 400],
      ['a malformed request line', 'GET /health/live HTTP/9.9 extra\r\n\r\n', 400],
    ])("%s: the HTTP parser's refusal is a problem too", async (_what, request, status) => {
      const answer = await raw(request);
      expect(answer).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json; charset=utf-8\r\n/);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status, type: expect.stringMatching(/^urn:vn-public-assets:problem:/) });
    });

    it.each([
      ['8,000 characters', 'x'.repeat(8000)],
      ['a version past the integer range', '"99999999999999999999"'],
      ['two ETags', '"1", "2"'],
      ['a Latin-1 byte', '\u00e9'],
    ])('If-Match with %s is a 400', async (_what, value) => {
      const res = await t.http.patch(`/api/v1/assets/${assetId}`).set(bearer(officer)).set('If-Match', value).send({ name: 'x' });
      expectProblem(res, 400, 'invalid-if-match');
    });

    it.each([
      ['8,000 characters', 'x'.repeat(8000)],
      ['empty', ''],
      ['a space', ' '],
      ['a Latin-1 byte', 'cl\u00e9'],
      ['an inner space', 'a b'],
    ])('an Idempotency-Key of %s is a 400', async (_what, key) => {
      const res = await t.http
        .post('/api/v1/agencies')
        .set(bearer(officer))
        .set('Idempotency-Key', key)
        .send({ code: '08.IK.1', name: 'n', kind: 'peoples_committee', unit: { era: 'new', level: 'commune', code: '00691' } });
      expectProblem(res, 400, 'invalid-idempotency-key');
    });

    it.each([
      ['a token of 8,000 characters', 'Bearer ' + 'x'.repeat(8000)],
      ['no token', 'Bearer'],
      ['another scheme', 'Basic YWRtaW46YWRtaW4='],
      ['a malformed JWT', 'Bearer a.b.c'],
      ['Latin-1 bytes', 'Bearer \u00e9\u00e9'],
    ])('Authorization with %s is a 401', async (_what, value) => {
      const res = await t.http.get('/api/v1/auth/me').set('Authorization', value);
      expectProblem(res, 401, 'unauthorized');
    });

    it.each([
      ['8,000 characters', 'x'.repeat(8000)],
      ['a bad weight', '*;q=abc'],
      ['4,000 characters of tags', 'vi-VN-x-'.repeat(500)],
      ['a Latin-1 byte', '\u00e9'],
    ])('an Accept-Language of %s does no harm', async (_what, value) => {
      const res = await t.http.get('/api/v1/assets/import/template.xlsx').set(bearer(officer)).set('Accept-Language', value);
      expect(res.status).toBe(200);
    });

    it.each(['text/plain', 'application/xml', 'application/json; charset=latin-9', 'application/x-www-form-urlencoded'])(
      'Content-Type %s on a JSON route is a 4xx problem',
      async (type) => {
        const res = await t.http.post('/api/v1/agencies').set(bearer(officer)).set('Content-Type', type).send('name=x');
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers['content-type']).toBe(PROBLEM);
      },
    );
  });
});
