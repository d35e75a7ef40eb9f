import { bearer, createTestApp, type TestApp } from '../support/app';

/** The seeded conclusions (migrations/1764200000000-SeedDirectives.ts). */
const KL155 = 'd0000155-0000-4000-8000-000000000000';
const KL202 = 'd0000202-0000-4000-8000-000000000000';
const KL221 = 'd0000221-0000-4000-8000-000000000000';
const KL202_MOF = 'c0000202-0000-4000-8000-000000000002';
const KL202_PLANNING = 'c0000202-0000-4000-8000-000000000003';
const CD213 = 'd0000213-0000-4000-8000-000000000000';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

type Body = Record<string, unknown>;
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('directives and clauses', () => {
  let t: TestApp;
  let admin: string;
  let officer08: string;
  let officer01: string;
  let inspector08: string;
  let inspectorVn: string;
  let viewer: string;
  let seq = 0;

  const directiveBody = (over: Body = {}): Body => ({
    number: `${++seq}/QĐ-UBND`,
    kind: 'decision',
    issuer: 'Ủy ban nhân dân tỉnh Tuyên Quang',
    issuedOn: '2025-08-15',
    title: 'Quyết định phương án sắp xếp, xử lý trụ sở dôi dư sau sắp xếp đơn vị hành chính',
    provinceCode: '08',
    ...over,
  });
  const createDirective = async (token: string, over: Body = {}): Promise<{ id: string; number: string; version: number; provinceCode: string | null }> => {
    const res = await t.http.post('/api/v1/directives').set(bearer(token)).send(directiveBody(over));
    if (res.status !== 201) throw new Error(`createDirective: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const clauseBody = (over: Body = {}): Body => ({
    ref: `Điều ${++seq}`,
    summary: 'Giao đất, chuyển đổi công năng trụ sở',
    deadline: '2025-12-31',
    authorisedActionTypes: ['repurposing'],
    ...over,
  });
  const createClause = async (token: string, directiveId: string, over: Body = {}): Promise<{ id: string; ref: string; version: number }> => {
    const res = await t.http.post(`/api/v1/directives/${directiveId}/clauses`).set(bearer(token)).send(clauseBody(over));
    if (res.status !== 201) throw new Error(`createClause: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const eventsOf = (id: string) =>
    t.sql<{ entity_type: string; action: string; before: Body | null; after: Body | null }>(
      `SELECT entity_type, action, before, after FROM event WHERE entity_id = $1 ORDER BY seq`,
      [id],
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = t.adminToken;
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    inspector08 = await t.userToken('inspector', '08');
    inspectorVn = await t.userToken('inspector');
    viewer = await t.userToken('viewer');
  });
  afterAll(() => t.close());

  describe('the seeded conclusions', () => {
    it('are national party conclusions of the Politburo and Secretariat, newest first, readable by every role', async () => {
      for (const token of [admin, officer08, officer01, inspector08, inspectorVn, viewer]) {
        const res = await t.http.get('/api/v1/directives').query({ kind: 'party_conclusion' }).set(bearer(token)).expect(200);
        expect(res.body.items.map((d: { number: string }) => d.number)).toEqual(['221-KL/TW', '202-KL/TW', '155-KL/TW']);
      }
      const res = await t.http.get(`/api/v1/directives/${KL202}`).set(bearer(viewer)).expect(200);
      expect(res.body).toMatchObject({
        id: KL202,
        number: '202-KL/TW',
        kind: 'party_conclusion',
        issuer: 'Bộ Chính trị, Ban Bí thư',
        issuedOn: '2025-10-31',
        provinceCode: null,
        supersededBy: null,
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
      await t.http.get('/api/v1/directives').expect(401);
      await t.http.get(`/api/v1/directives/${KL202}`).expect(401);
    });

    it('carry the dates of their meetings', async () => {
      const dates = await Promise.all(
        [KL155, KL202, KL221].map(async (id) => (await t.http.get(`/api/v1/directives/${id}`).set(bearer(officer08)).expect(200)).body),
      );
      expect(dates.map((d) => [d.number, d.issuedOn])).toEqual([
        ['155-KL/TW', '2025-05-16'],
        ['202-KL/TW', '2025-10-31'],
        ['221-KL/TW', '2025-11-28'],
      ]);
    });

    it('carry their clauses with deadlines and the action types each authorises', async () => {
      const clausesOf = async (id: string) => {
        const res = await t.http.get(`/api/v1/directives/${id}`).set(bearer(inspector08)).expect(200);
        return Object.fromEntries(
          res.body.clauses.map((c: { ref: string; deadline: string | null; authorisedActionTypes: string[] }) => [
            c.ref,
            [c.deadline, c.authorisedActionTypes],
          ]),
        );
      };
      // As corrected by CorrectSeededDirectives: a clause that orders guidance, advice, leadership or
      // completion authorises nothing; only the planning clause authorises (reallocation, repurposing).
      expect(await clausesOf(KL155)).toEqual({ '2.6': ['2025-06-30', []], '6': [null, []], '7': [null, []] });
      expect(await clausesOf(KL202)).toEqual({
        'Thể chế': ['2025-12-15', []],
        '(2)': ['2025-12-15', []],
        'Quy hoạch': [null, ['reallocation', 'repurposing']],
        '(i)': [null, []],
        '(ii)': [null, []],
        '(iii)': [null, []],
        'Nhiệm vụ tồn đọng': ['2025-12-31', []],
        'Đơn vị sự nghiệp': ['2025-12-31', []],
      });
      expect(await clausesOf(KL221)).toEqual({ 'Trụ sở, tài sản công': [null, []], 'Phụ lục': ['2025-12-31', []], 'Trường công lập cấp xã': [null, []] });
      expect(await clausesOf(CD213)).toEqual({ 'Thứ tự ưu tiên': [null, []] });
      const dispatch = (await t.http.get(`/api/v1/directives/${CD213}`).set(bearer(viewer)).expect(200)).body;
      expect(dispatch).toMatchObject({
        number: '213/CĐ-TTg',
        kind: 'official_letter',
        issuer: 'Thủ tướng Chính phủ',
        issuedOn: '2025-11-11',
        provinceCode: null,
      });
      expect(dispatch.clauses[0]).toMatchObject({
        fullText: null,
        summary: expect.stringMatching(/^Cơ sở nhà, đất dôi dư được ưu tiên bố trí cho y tế, giáo dục, văn hóa, thể thao, công an xã/),
      });
    });

    it('summarise each clause in Vietnamese and English, and keep the fixed ids', async () => {
      const res = await t.http.get(`/api/v1/directives/${KL202}/clauses/${KL202_PLANNING}`).set(bearer(viewer)).expect(200);
      // Version 2: its wording was corrected (cơ sở sự nghiệp, public-service facilities, not vocational training).
      expect(res.body).toMatchObject({
        id: KL202_PLANNING,
        directiveId: KL202,
        directiveNumber: '202-KL/TW',
        ref: 'Quy hoạch',
        fullText: null,
        provinceDeadlines: [],
        version: 2,
      });
      expect(res.body.summary).toMatch(/quy hoạch sử dụng đất/);
      expect(res.body.summary).toMatch(/Land-use, construction and specialised plans/);
      expect(res.body.summary).toContain('cơ sở sự nghiệp');
      expect(res.body.summary).toContain('public-service facilities');
      expect(res.body.summary).not.toMatch(/đào tạo nghề|vocational/);
      expect(res.headers.etag).toBe('"2"');
    });

    it('are found by number or title without accents', async () => {
      const byNumber = await t.http.get('/api/v1/directives').query({ q: '202-kl' }).set(bearer(viewer)).expect(200);
      expect(byNumber.body.items.map((d: { number: string }) => d.number)).toEqual(['202-KL/TW']);
      const byTitle = await t.http.get('/api/v1/directives').query({ q: 'chinh quyen dia phuong 2 cap' }).set(bearer(viewer)).expect(200);
      expect(byTitle.body.items.map((d: { number: string }) => d.number)).toEqual(['221-KL/TW', '202-KL/TW']);
      const wildcard = await t.http.get('/api/v1/directives').query({ q: '%' }).set(bearer(viewer)).expect(200);
      expect(wildcard.body.items).toEqual([]);
    });
  });

  describe('create', () => {
    it('records a national directive (admin) with an ETag and an event', async () => {
      const res = await t.http
        .post('/api/v1/directives')
        .set(bearer(admin))
        .send({
          number: '03/2025/NĐ-CP',
          kind: 'decree',
          issuer: 'Chính phủ',
          issuedOn: '2025-01-10',
          title: 'Nghị định quy định về sắp xếp lại, xử lý tài sản công',
          validFrom: '2025-03-01',
          validTo: '2030-12-31',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        number: '03/2025/NĐ-CP',
        kind: 'decree',
        provinceCode: null,
        validFrom: '2025-03-01',
        validTo: '2030-12-31',
        supersededBy: null,
        clauses: [],
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
      const events = await eventsOf(res.body.id);
      expect(events).toEqual([expect.objectContaining({ entity_type: 'directive', action: 'created', before: null })]);
      expect(events[0].after).toMatchObject({ number: '03/2025/NĐ-CP', provinceCode: null, issuedOn: '2025-01-10' });
    });

    it("records a provincial decision of the officer's own province", async () => {
      const res = await t.http
        .post('/api/v1/directives')
        .set(bearer(officer08))
        .send(directiveBody({ number: '1234/QĐ-UBND' }))
        .expect(201);
      expect(res.body).toMatchObject({ number: '1234/QĐ-UBND', provinceCode: '08', kind: 'decision' });
    });

    it.each([
      [{ number: '' }, 'number'],
      [{ number: ' 1/QĐ' }, 'number'],
      [{ number: 'x'.repeat(61) }, 'number'],
      [{ number: 12 }, 'number'],
      [{ number: undefined }, 'number'],
      [{ kind: 'memo' }, 'kind'],
      [{ issuer: '' }, 'issuer'],
      [{ issuer: 'x'.repeat(301) }, 'issuer'],
      [{ issuedOn: '2025-02-30' }, 'issuedOn'],
      [{ issuedOn: '31/10/2025' }, 'issuedOn'],
      [{ issuedOn: '2999-01-01' }, 'issuedOn'],
      [{ issuedOn: undefined }, 'issuedOn'],
      [{ title: '' }, 'title'],
      [{ title: ' padded ' }, 'title'],
      [{ provinceCode: '8' }, 'provinceCode'],
      [{ provinceCode: '99' }, 'provinceCode'],
      [{ validFrom: '2025-13-01' }, 'validFrom'],
      [{ validTo: 'soon' }, 'validTo'],
      [{ validFrom: '2025-09-01', validTo: '2025-08-31' }, 'validTo'],
      [{ supersededById: 'not-a-uuid' }, 'supersededById'],
      [{ supersededById: UNKNOWN }, 'supersededById'],
      [{ version: 3 }, 'version'],
    ])('refuses %j with 422 naming %s', async (over, field) => {
      const res = await t.http.post('/api/v1/directives').set(bearer(admin)).send(directiveBody(over)).expect(422);
      expect(res.body.type).toBe('urn:vn-public-assets:problem:validation-failed');
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('refuses a number already taken with 409', async () => {
      const res = await t.http
        .post('/api/v1/directives')
        .set(bearer(admin))
        .send(directiveBody({ number: '202-KL/TW', provinceCode: null }))
        .expect(409);
      expect(res.body.type).toMatch(/directive-number-taken$/);
    });

    it('lets only admins write national directives, officers only their province, readers nothing', async () => {
      const national = await t.http
        .post('/api/v1/directives')
        .set(bearer(officer08))
        .send(directiveBody({ provinceCode: null }))
        .expect(403);
      expect(national.body.type).toMatch(/outside-scope$/);
      const other = await t.http
        .post('/api/v1/directives')
        .set(bearer(officer08))
        .send(directiveBody({ provinceCode: '01' }))
        .expect(404);
      expect(other.body.errors).toEqual([{ field: 'provinceCode', message: 'unknown province' }]);
      await t.http.post('/api/v1/directives').set(bearer(inspector08)).send(directiveBody()).expect(403);
      await t.http
        .post('/api/v1/directives')
        .set(bearer(inspectorVn))
        .send(directiveBody({ provinceCode: null }))
        .expect(403);
      await t.http
        .post('/api/v1/directives')
        .set(bearer(viewer))
        .send(directiveBody({ provinceCode: null }))
        .expect(403);
      await t.http.post('/api/v1/directives').send(directiveBody()).expect(401);
      await t.http
        .post('/api/v1/directives')
        .set(bearer(admin))
        .send(directiveBody({ provinceCode: '01' }))
        .expect(201);
    });

    it('replays a create retried with the same Idempotency-Key', async () => {
      const body = directiveBody();
      const first = await t.http.post('/api/v1/directives').set(bearer(officer08)).set('Idempotency-Key', 'directive-retry-1').send(body).expect(201);
      const again = await t.http.post('/api/v1/directives').set(bearer(officer08)).set('Idempotency-Key', 'directive-retry-1').send(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(await t.sql(`SELECT count(*)::int AS n FROM directive WHERE number = $1`, [body.number])).toEqual([{ n: 1 }]);
    });
  });

  describe('province scope', () => {
    let hanoi: { id: string };
    beforeAll(async () => {
      hanoi = await createDirective(officer01, { number: '55/QĐ-UBND-HN', provinceCode: '01', title: 'Quyết định xử lý trụ sở quận Ba Đình cũ' });
    });

    it("hides another province's decision as 404, shows it nationally and in its province", async () => {
      await t.http.get(`/api/v1/directives/${hanoi.id}`).set(bearer(officer08)).expect(404);
      await t.http.get(`/api/v1/directives/${hanoi.id}`).set(bearer(inspector08)).expect(404);
      await t.http.get(`/api/v1/directives/${hanoi.id}/clauses`).set(bearer(officer08)).expect(404);
      await t.http.get(`/api/v1/directives/${hanoi.id}`).set(bearer(officer01)).expect(200);
      await t.http.get(`/api/v1/directives/${hanoi.id}`).set(bearer(inspectorVn)).expect(200);
      await t.http.get(`/api/v1/directives/${hanoi.id}`).set(bearer(viewer)).expect(200);
      await t.http.get(`/api/v1/directives/${hanoi.id}`).set(bearer(admin)).expect(200);
      await t.http.patch(`/api/v1/directives/${hanoi.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ title: 'x' }).expect(404);
      await t.http.post(`/api/v1/directives/${hanoi.id}/clauses`).set(bearer(officer08)).send(clauseBody()).expect(404);
    });

    it("lists national directives and the caller's province only; province=XX adds that province's to the national ones", async () => {
      const numbersFor = async (token: string, query: Body = {}) =>
        (
          await t.http
            .get('/api/v1/directives')
            .query({ limit: 200, ...query })
            .set(bearer(token))
            .expect(200)
        ).body.items.map((d: { number: string; provinceCode: string | null }) => d.provinceCode);
      expect(new Set(await numbersFor(officer08))).toEqual(new Set([null, '08']));
      expect(new Set(await numbersFor(inspector08))).toEqual(new Set([null, '08']));
      expect(new Set(await numbersFor(viewer))).toEqual(new Set([null, '08', '01']));
      expect(new Set(await numbersFor(viewer, { province: '01' }))).toEqual(new Set([null, '01']));
      // Another province named in the query is outside the officer's scope, as in the path.
      const outside = await t.http.get('/api/v1/directives').query({ province: '01' }).set(bearer(officer08)).expect(404);
      expect(outside.body.errors).toEqual([{ field: 'province', message: 'unknown province' }]);
    });
  });

  describe('list', () => {
    it('pages newest first with a cursor, then by id', async () => {
      const all = (await t.http.get('/api/v1/directives').query({ limit: 200 }).set(bearer(admin)).expect(200)).body.items as {
        id: string;
        issuedOn: string;
      }[];
      const sorted = [...all].sort((a, b) => (a.issuedOn === b.issuedOn ? (a.id < b.id ? -1 : 1) : a.issuedOn > b.issuedOn ? -1 : 1));
      expect(all.map((d) => d.id)).toEqual(sorted.map((d) => d.id));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await t.http
          .get('/api/v1/directives')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(bearer(admin))
          .expect(200);
        seen.push(...res.body.items.map((d: { id: string }) => d.id));
        cursor = res.body.page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(all.map((d) => d.id));
    });

    it('filters by kind and refuses bad parameters with 400', async () => {
      const decrees = await t.http.get('/api/v1/directives').query({ kind: 'decree' }).set(bearer(admin)).expect(200);
      expect(decrees.body.items.every((d: { kind: string }) => d.kind === 'decree')).toBe(true);
      expect(decrees.body.items.length).toBeGreaterThan(0);
      await t.http.get('/api/v1/directives').query({ kind: 'memo' }).set(bearer(admin)).expect(400);
      await t.http.get('/api/v1/directives').query({ province: '8' }).set(bearer(admin)).expect(400);
      await t.http.get('/api/v1/directives').query({ limit: 201 }).set(bearer(admin)).expect(400);
      await t.http.get('/api/v1/directives').query({ cursor: 'garbage' }).set(bearer(admin)).expect(400);
      const wrongShape = Buffer.from(JSON.stringify(['2025-99-99', 'x'])).toString('base64url');
      const res = await t.http.get('/api/v1/directives').query({ cursor: wrongShape }).set(bearer(admin)).expect(400);
      expect(res.body.type).toMatch(/invalid-cursor$/);
      await t.http.get('/api/v1/directives/not-a-uuid').set(bearer(admin)).expect(400);
      await t.http.get(`/api/v1/directives/${UNKNOWN}`).set(bearer(admin)).expect(404);
    });
  });

  describe('update', () => {
    it('needs If-Match: 428 without, 412 when stale (nothing changes), then changes with an event of the changed fields', async () => {
      const d = await createDirective(officer08);
      await t.http.patch(`/api/v1/directives/${d.id}`).set(bearer(officer08)).send({ title: 'Mới' }).expect(428);
      const stale = await t.http.patch(`/api/v1/directives/${d.id}`).set(bearer(officer08)).set('If-Match', '"7"').send({ title: 'Mới' }).expect(412);
      expect(stale.body.currentVersion).toBe(1);
      await t.http.patch(`/api/v1/directives/${d.id}`).set(bearer(officer08)).set('If-Match', 'nonsense').send({ title: 'Mới' }).expect(400);
      const res = await t.http
        .patch(`/api/v1/directives/${d.id}`)
        .set(bearer(officer08))
        .set('If-Match', '"1"')
        .send({ title: 'Quyết định sửa đổi', kind: 'official_letter', issuer: 'UBND tỉnh', issuedOn: '2025-08-20', validFrom: '2025-09-01', validTo: null })
        .expect(200);
      expect(res.body).toMatchObject({
        title: 'Quyết định sửa đổi',
        kind: 'official_letter',
        issuer: 'UBND tỉnh',
        issuedOn: '2025-08-20',
        validFrom: '2025-09-01',
        validTo: null,
        version: 2,
        clauses: [],
      });
      expect(res.headers.etag).toBe('"2"');
      const events = await eventsOf(d.id);
      expect(events.map((e) => e.action)).toEqual(['created', 'updated']);
      expect(events[1].after).toEqual({
        title: 'Quyết định sửa đổi',
        kind: 'official_letter',
        issuer: 'UBND tỉnh',
        issuedOn: '2025-08-20',
        validFrom: '2025-09-01',
      });
      await t.http.patch(`/api/v1/directives/${d.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ title: 'Again' }).expect(412);
      expect((await t.http.get(`/api/v1/directives/${d.id}`).set(bearer(officer08))).body.title).toBe('Quyết định sửa đổi');
    });

    it.each([
      [{ number: '9/QĐ' }, 'number'],
      [{ provinceCode: '01' }, 'provinceCode'],
      [{ title: null }, 'title'],
      [{ issuer: null }, 'issuer'],
      [{ kind: 'memo' }, 'kind'],
      [{ issuedOn: '2999-01-01' }, 'issuedOn'],
      [{ issuedOn: null }, 'issuedOn'],
      [{ validFrom: '2026-01-01', validTo: '2025-12-31' }, 'validTo'],
      [{ supersededById: 'x' }, 'supersededById'],
      [{ supersededById: UNKNOWN }, 'supersededById'],
    ])('refuses %j with 422 naming %s', async (over, field) => {
      const d = await createDirective(admin, { validFrom: '2025-09-01' });
      const res = await t.http.patch(`/api/v1/directives/${d.id}`).set(bearer(admin)).set('If-Match', '"1"').send(over).expect(422);
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('checks validity against the stored dates', async () => {
      const d = await createDirective(admin, { validFrom: '2025-09-01' });
      const res = await t.http.patch(`/api/v1/directives/${d.id}`).set(bearer(admin)).set('If-Match', '"1"').send({ validTo: '2025-08-01' }).expect(422);
      expect(fieldsOf(res.body)).toEqual(['validTo']);
    });

    it('names a superseding directive: not itself, not in a loop, national only by national; null clears it', async () => {
      const old = await createDirective(officer08, { number: '10/QĐ-UBND-OLD' });
      const next = await createDirective(officer08, { number: '20/QĐ-UBND-NEW' });
      const self = await t.http
        .patch(`/api/v1/directives/${old.id}`)
        .set(bearer(officer08))
        .set('If-Match', '"1"')
        .send({ supersededById: old.id })
        .expect(422);
      expect(fieldsOf(self.body)).toEqual(['supersededById']);
      const res = await t.http
        .patch(`/api/v1/directives/${old.id}`)
        .set(bearer(officer08))
        .set('If-Match', '"1"')
        .send({ supersededById: next.id })
        .expect(200);
      expect(res.body.supersededBy).toEqual({ id: next.id, number: '20/QĐ-UBND-NEW', title: expect.any(String) });
      const loop = await t.http
        .patch(`/api/v1/directives/${next.id}`)
        .set(bearer(officer08))
        .set('If-Match', '"1"')
        .send({ supersededById: old.id })
        .expect(422);
      expect(fieldsOf(loop.body)).toEqual(['supersededById']);
      await t.http.patch(`/api/v1/directives/${old.id}`).set(bearer(officer08)).set('If-Match', '"2"').send({ supersededById: KL202 }).expect(200);
      const hanoi = await createDirective(admin, { provinceCode: '01' });
      await t.http.patch(`/api/v1/directives/${old.id}`).set(bearer(admin)).set('If-Match', '"3"').send({ supersededById: hanoi.id }).expect(422);
      const national = await createDirective(admin, { provinceCode: null });
      await t.http.patch(`/api/v1/directives/${national.id}`).set(bearer(admin)).set('If-Match', '"1"').send({ supersededById: next.id }).expect(422);
      await t.http.patch(`/api/v1/directives/${national.id}`).set(bearer(admin)).set('If-Match', '"1"').send({ supersededById: KL155 }).expect(200);
      const cleared = await t.http
        .patch(`/api/v1/directives/${old.id}`)
        .set(bearer(officer08))
        .set('If-Match', '"3"')
        .send({ supersededById: null })
        .expect(200);
      expect(cleared.body.supersededBy).toBeNull();
    });

    it('lets admins alone change national directives, officers only their province, readers nothing', async () => {
      const d = await createDirective(admin, { provinceCode: null });
      const res = await t.http.patch(`/api/v1/directives/${d.id}`).set(bearer(officer08)).set('If-Match', '"1"').send({ title: 'x' }).expect(403);
      expect(res.body.type).toMatch(/outside-scope$/);
      await t.http.patch(`/api/v1/directives/${KL202}`).set(bearer(officer01)).set('If-Match', '"1"').send({ title: 'x' }).expect(403);
      await t.http.patch(`/api/v1/directives/${d.id}`).set(bearer(inspectorVn)).set('If-Match', '"1"').send({ title: 'x' }).expect(403);
      await t.http.patch(`/api/v1/directives/${d.id}`).set(bearer(viewer)).set('If-Match', '"1"').send({ title: 'x' }).expect(403);
      await t.http.patch(`/api/v1/directives/${d.id}`).set('If-Match', '"1"').send({ title: 'x' }).expect(401);
      const p = await createDirective(officer08);
      await t.http.patch(`/api/v1/directives/${p.id}`).set(bearer(officer01)).set('If-Match', '"1"').send({ title: 'x' }).expect(404);
      await t.http.patch(`/api/v1/directives/${p.id}`).set(bearer(inspector08)).set('If-Match', '"1"').send({ title: 'x' }).expect(403);
      await t.http.patch(`/api/v1/directives/${p.id}`).set(bearer(admin)).set('If-Match', '"1"').send({ title: 'Sửa bởi quản trị' }).expect(200);
      await t.http.patch(`/api/v1/directives/${p.id}`).set(bearer(officer08)).set('If-Match', '"2"').send({ title: 'Sửa bởi Sở Tài chính' }).expect(200);
      expect((await t.http.get(`/api/v1/directives/${d.id}`).set(bearer(admin))).body.version).toBe(1);
    });
  });

  describe('clauses', () => {
    it('adds a clause with an ETag and an event; types come back in one canonical order', async () => {
      const d = await createDirective(admin, { provinceCode: null, issuedOn: '2025-06-01' });
      const res = await t.http
        .post(`/api/v1/directives/${d.id}/clauses`)
        .set(bearer(admin))
        .send({
          ref: 'khoản 14 Điều 1',
          summary: 'Bán trụ sở dôi dư',
          fullText: 'Toàn văn khoản 14',
          deadline: '2025-12-31',
          authorisedActionTypes: ['disposal', 'retention'],
        })
        .expect(201);
      expect(res.body).toMatchObject({
        directiveId: d.id,
        directiveNumber: d.number,
        ref: 'khoản 14 Điều 1',
        fullText: 'Toàn văn khoản 14',
        deadline: '2025-12-31',
        authorisedActionTypes: ['retention', 'disposal'],
        provinceDeadlines: [],
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
      const events = await eventsOf(res.body.id);
      expect(events).toEqual([expect.objectContaining({ entity_type: 'directive_clause', action: 'created' })]);
      expect(events[0].after).toMatchObject({ directiveId: d.id, ref: 'khoản 14 Điều 1', authorisedActionTypes: ['retention', 'disposal'] });
      const bare = await t.http.post(`/api/v1/directives/${d.id}/clauses`).set(bearer(admin)).send({ ref: '2', summary: 'Thống kê' }).expect(201);
      expect(bare.body).toMatchObject({ fullText: null, deadline: null, authorisedActionTypes: [] });
      const detail = await t.http.get(`/api/v1/directives/${d.id}`).set(bearer(viewer)).expect(200);
      expect(detail.body.clauses.map((c: { ref: string }) => c.ref)).toEqual(['2', 'khoản 14 Điều 1']);
    });

    it.each([
      [{ ref: '' }, 'ref'],
      [{ ref: 'x'.repeat(61) }, 'ref'],
      [{ ref: undefined }, 'ref'],
      [{ summary: '' }, 'summary'],
      [{ summary: undefined }, 'summary'],
      [{ fullText: 12 }, 'fullText'],
      [{ deadline: '2025-12-32' }, 'deadline'],
      [{ deadline: '2025-08-14' }, 'deadline'],
      [{ authorisedActionTypes: ['sale'] }, 'authorisedActionTypes'],
      [{ authorisedActionTypes: ['disposal', 'disposal'] }, 'authorisedActionTypes'],
      [{ authorisedActionTypes: 'disposal' }, 'authorisedActionTypes'],
      [{ authorisedActionTypes: null }, 'authorisedActionTypes'],
      [{ authorisedMethods: ['teleport'] }, 'authorisedMethods'],
      [{ authorisedMethods: ['change_of_function', 'change_of_function'] }, 'authorisedMethods'],
      [{ authorisedMethods: 'change_of_function' }, 'authorisedMethods'],
      [{ authorisedMethods: ['sale'] }, 'authorisedMethods'], // a method of a type the clause does not authorise (repurposing)
      [{ directiveId: KL202 }, 'directiveId'],
    ])('refuses %j with 422 naming %s', async (over, field) => {
      const d = await createDirective(officer08, { issuedOn: '2025-08-15' });
      const res = await t.http.post(`/api/v1/directives/${d.id}/clauses`).set(bearer(officer08)).send(clauseBody(over)).expect(422);
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('records the methods a clause authorises where its text lists them, of its own types only, kept through updates', async () => {
      const d = await createDirective(admin, { provinceCode: null, issuedOn: '2025-06-01' });
      const res = await t.http
        .post(`/api/v1/directives/${d.id}/clauses`)
        .set(bearer(admin))
        .send({ ref: '3', summary: 'Điều chuyển trụ sở dôi dư', authorisedActionTypes: ['reallocation'], authorisedMethods: ['assignment', 'transfer'] })
        .expect(201);
      expect(res.body).toMatchObject({ authorisedActionTypes: ['reallocation'], authorisedMethods: ['transfer', 'assignment'] });
      expect((await eventsOf(res.body.id))[0].after).toMatchObject({ authorisedMethods: ['transfer', 'assignment'] });
      const bare = await t.http
        .post(`/api/v1/directives/${d.id}/clauses`)
        .set(bearer(admin))
        .send({ ref: '4', summary: 'Bán', authorisedActionTypes: ['disposal'] });
      expect(bare.body.authorisedMethods).toEqual([]); // every method of its types
      const url = `/api/v1/directives/${d.id}/clauses/${res.body.id}`;
      // Narrowing the types is checked against the methods kept: a transfer is not a method of a disposal.
      const stray = await t.http
        .patch(url)
        .set(bearer(admin))
        .set('If-Match', '"1"')
        .send({ authorisedActionTypes: ['disposal'] })
        .expect(422);
      expect(stray.body.errors).toEqual([
        { field: 'authorisedMethods', message: 'transfer, assignment: not a method of the action types the clause authorises (disposal)' },
      ]);
      const vi = await t.http
        .patch(url)
        .set(bearer(admin))
        .set('If-Match', '"1"')
        .set('Accept-Language', 'vi')
        .send({ authorisedMethods: ['sale'] })
        .expect(422);
      expect(vi.body.errors).toEqual([
        { field: 'authorisedMethods', message: 'sale không phải hình thức của loại phương án mà điều khoản cho phép (reallocation)' },
      ]);
      const changed = await t.http
        .patch(url)
        .set(bearer(admin))
        .set('If-Match', '"1"')
        .send({ authorisedActionTypes: ['reallocation', 'disposal'], authorisedMethods: ['transfer', 'liquidation'] })
        .expect(200);
      expect(changed.body).toMatchObject({ authorisedActionTypes: ['reallocation', 'disposal'], authorisedMethods: ['transfer', 'liquidation'], version: 2 });
      const cleared = await t.http.patch(url).set(bearer(admin)).set('If-Match', '"2"').send({ authorisedMethods: [] }).expect(200);
      expect(cleared.body.authorisedMethods).toEqual([]);
      expect(await t.sql(`SELECT authorised_methods FROM directive_clause WHERE id = $1`, [res.body.id])).toEqual([{ authorised_methods: [] }]);
    });

    it('refuses a ref already used in the directive with 409, not one used in another', async () => {
      const res = await t.http
        .post(`/api/v1/directives/${KL155}/clauses`)
        .set(bearer(admin))
        .send(clauseBody({ ref: '2.6' }))
        .expect(409);
      expect(res.body.type).toMatch(/clause-ref-taken$/);
      const d = await createDirective(admin);
      await t.http
        .post(`/api/v1/directives/${d.id}/clauses`)
        .set(bearer(admin))
        .send(clauseBody({ ref: '2.6' }))
        .expect(201);
    });

    it('follows the directive: admins for national ones, officers of the province for theirs, readers never', async () => {
      const national = await t.http.post(`/api/v1/directives/${KL202}/clauses`).set(bearer(officer08)).send(clauseBody()).expect(403);
      expect(national.body.type).toMatch(/outside-scope$/);
      await t.http.post(`/api/v1/directives/${KL202}/clauses`).set(bearer(inspectorVn)).send(clauseBody()).expect(403);
      await t.http.post(`/api/v1/directives/${KL202}/clauses`).set(bearer(viewer)).send(clauseBody()).expect(403);
      await t.http.post(`/api/v1/directives/${KL202}/clauses`).send(clauseBody()).expect(401);
      const p = await createDirective(officer08);
      await createClause(officer08, p.id);
      await createClause(admin, p.id);
      await t.http.post(`/api/v1/directives/${p.id}/clauses`).set(bearer(officer01)).send(clauseBody()).expect(404);
      await t.http.post(`/api/v1/directives/${p.id}/clauses`).set(bearer(inspector08)).send(clauseBody()).expect(403);
      await t.http.post(`/api/v1/directives/${UNKNOWN}/clauses`).set(bearer(admin)).send(clauseBody()).expect(404);
    });

    it("lists a directive's clauses by ref, paged", async () => {
      const first = await t.http.get(`/api/v1/directives/${KL202}/clauses`).query({ limit: 4 }).set(bearer(officer01)).expect(200);
      expect(first.body.items).toHaveLength(4);
      const rest = await t.http
        .get(`/api/v1/directives/${KL202}/clauses`)
        .query({ limit: 4, cursor: first.body.page.nextCursor })
        .set(bearer(officer01))
        .expect(200);
      expect(rest.body.page.nextCursor).toBeNull();
      const refs = [...first.body.items, ...rest.body.items].map((c: { ref: string }) => c.ref);
      expect(new Set(refs)).toEqual(new Set(['Thể chế', '(2)', 'Quy hoạch', '(i)', '(ii)', '(iii)', 'Nhiệm vụ tồn đọng', 'Đơn vị sự nghiệp']));
      expect(refs).toHaveLength(8);
      await t.http.get(`/api/v1/directives/${KL202}/clauses/${UNKNOWN}`).set(bearer(admin)).expect(404);
      await t.http.get(`/api/v1/directives/${KL155}/clauses/${KL202_MOF}`).set(bearer(admin)).expect(404);
      await t.http.get(`/api/v1/directives/${KL202}/clauses/nope`).set(bearer(admin)).expect(400);
    });

    it('updates a clause with If-Match: 428, 412, 409 on a taken ref, then the change with an event', async () => {
      const d = await createDirective(officer08);
      const a = await createClause(officer08, d.id, { ref: '1' });
      const c = await createClause(officer08, d.id, { ref: '2' });
      const url = `/api/v1/directives/${d.id}/clauses/${c.id}`;
      await t.http.patch(url).set(bearer(officer08)).send({ summary: 'x' }).expect(428);
      await t.http.patch(url).set(bearer(officer08)).set('If-Match', '"5"').send({ summary: 'x' }).expect(412);
      const taken = await t.http.patch(url).set(bearer(officer08)).set('If-Match', '"1"').send({ ref: '1' }).expect(409);
      expect(taken.body.type).toMatch(/clause-ref-taken$/);
      await t.http.patch(url).set(bearer(officer08)).set('If-Match', '"1"').send({ ref: null }).expect(422);
      await t.http
        .patch(url)
        .set(bearer(officer08))
        .set('If-Match', '"1"')
        .send({ authorisedActionTypes: ['sale'] })
        .expect(422);
      await t.http.patch(url).set(bearer(officer08)).set('If-Match', '"1"').send({ deadline: '2025-01-01' }).expect(422);
      const res = await t.http
        .patch(url)
        .set(bearer(officer08))
        .set('If-Match', '"1"')
        .send({ ref: '2a', summary: 'Chuyển giao trụ sở', fullText: 'Toàn văn', deadline: null, authorisedActionTypes: ['repurposing', 'reallocation'] })
        .expect(200);
      expect(res.body).toMatchObject({
        ref: '2a',
        summary: 'Chuyển giao trụ sở',
        fullText: 'Toàn văn',
        deadline: null,
        authorisedActionTypes: ['reallocation', 'repurposing'],
        version: 2,
      });
      expect(res.headers.etag).toBe('"2"');
      const events = await eventsOf(c.id);
      expect(events.map((e) => [e.entity_type, e.action])).toEqual([
        ['directive_clause', 'created'],
        ['directive_clause', 'updated'],
      ]);
      expect(events[1].before).toEqual({
        ref: '2',
        summary: 'Giao đất, chuyển đổi công năng trụ sở',
        fullText: null,
        deadline: '2025-12-31',
        authorisedActionTypes: ['repurposing'],
      });
      expect(events[1].after).toEqual({
        ref: '2a',
        summary: 'Chuyển giao trụ sở',
        fullText: 'Toàn văn',
        deadline: null,
        authorisedActionTypes: ['reallocation', 'repurposing'],
      });
      await t.http.patch(`/api/v1/directives/${d.id}/clauses/${a.id}`).set(bearer(officer01)).set('If-Match', '"1"').send({ summary: 'x' }).expect(404);
      await t.http.patch(`/api/v1/directives/${d.id}/clauses/${a.id}`).set(bearer(inspector08)).set('If-Match', '"1"').send({ summary: 'x' }).expect(403);
      await t.http.patch(`/api/v1/directives/${KL202}/clauses/${KL202_MOF}`).set(bearer(officer08)).set('If-Match', '"1"').send({ summary: 'x' }).expect(403);
      await t.http.patch(`/api/v1/directives/${KL155}/clauses/${KL202_MOF}`).set(bearer(admin)).set('If-Match', '"1"').send({ summary: 'x' }).expect(404);
    });
  });

  describe('province deadlines', () => {
    const url = (province: string, clause = KL202_MOF, directive = KL202) => `/api/v1/directives/${directive}/clauses/${clause}/province-deadlines/${province}`;

    it('lets an officer set an earlier deadline for their province, seen in their province and nationally, with an event', async () => {
      const res = await t.http.put(url('08')).set(bearer(officer08)).send({ deadline: '2025-12-01' }).expect(200);
      expect(res.body).toEqual({ clauseId: KL202_MOF, provinceCode: '08', deadline: '2025-12-01' });
      await t.http.put(url('01')).set(bearer(admin)).send({ deadline: '2025-12-10' }).expect(200);
      const mine = await t.http.get(`/api/v1/directives/${KL202}/clauses/${KL202_MOF}`).set(bearer(officer08)).expect(200);
      expect(mine.body.provinceDeadlines).toEqual([{ provinceCode: '08', deadline: '2025-12-01' }]);
      const theirs = await t.http.get(`/api/v1/directives/${KL202}`).set(bearer(officer01)).expect(200);
      expect(theirs.body.clauses.find((c: { id: string }) => c.id === KL202_MOF).provinceDeadlines).toEqual([{ provinceCode: '01', deadline: '2025-12-10' }]);
      const all = await t.http.get(`/api/v1/directives/${KL202}/clauses/${KL202_MOF}`).set(bearer(viewer)).expect(200);
      expect(all.body.provinceDeadlines).toEqual([
        { provinceCode: '01', deadline: '2025-12-10' },
        { provinceCode: '08', deadline: '2025-12-01' },
      ]);
      // Setting a province's deadline leaves the clause's version (2: corrected once by CorrectSeededDirectives).
      expect(all.body.version).toBe(2);
      await t.http.put(url('08')).set(bearer(officer08)).send({ deadline: '2025-11-30' }).expect(200);
      const events = (await eventsOf(KL202_MOF)).filter((e) => e.action === 'province-deadline-set');
      expect(events.map((e) => [e.before, e.after])).toEqual([
        [null, { provinceCode: '08', deadline: '2025-12-01' }],
        [null, { provinceCode: '01', deadline: '2025-12-10' }],
        [
          { provinceCode: '08', deadline: '2025-12-01' },
          { provinceCode: '08', deadline: '2025-11-30' },
        ],
      ]);
    });

    it("must be earlier than the clause's deadline: the same day or later is 422", async () => {
      for (const deadline of ['2025-12-15', '2025-12-20']) {
        const res = await t.http.put(url('08')).set(bearer(officer08)).send({ deadline }).expect(422);
        expect(fieldsOf(res.body)).toEqual(['deadline']);
      }
      await t.http.put(url('08')).set(bearer(officer08)).send({ deadline: '2025-10-01' }).expect(422);
      await t.http.put(url('08')).set(bearer(officer08)).send({ deadline: '1 Dec 2025' }).expect(422);
      await t.http.put(url('08')).set(bearer(officer08)).send({}).expect(422);
      const planning = await t.http.put(url('08', KL202_PLANNING)).set(bearer(officer08)).send({ deadline: '2026-06-30' }).expect(200);
      expect(planning.body.deadline).toBe('2026-06-30');
    });

    it("keeps the clause's deadline later than every province's", async () => {
      const d = await createDirective(admin, { provinceCode: null });
      const c = await createClause(admin, d.id, { deadline: '2025-12-31' });
      await t.http
        .put(url('08', c.id, d.id))
        .set(bearer(officer08))
        .send({ deadline: '2025-11-15' })
        .expect(200);
      const res = await t.http
        .patch(`/api/v1/directives/${d.id}/clauses/${c.id}`)
        .set(bearer(admin))
        .set('If-Match', '"1"')
        .send({ deadline: '2025-11-15' })
        .expect(422);
      expect(res.body.errors[0]).toMatchObject({ field: 'deadline', message: expect.stringContaining('08: 2025-11-15') });
      await t.http.patch(`/api/v1/directives/${d.id}/clauses/${c.id}`).set(bearer(admin)).set('If-Match', '"1"').send({ deadline: '2025-11-16' }).expect(200);
      await t.http.patch(`/api/v1/directives/${d.id}/clauses/${c.id}`).set(bearer(admin)).set('If-Match', '"2"').send({ deadline: null }).expect(200);
    });

    it('is written by officers of that province and admins only', async () => {
      const other = await t.http.put(url('01')).set(bearer(officer08)).send({ deadline: '2025-12-01' }).expect(404);
      expect(other.body.type).toMatch(/not-found$/);
      await t.http.delete(url('01')).set(bearer(officer08)).expect(404);
      await t.http.put(url('08')).set(bearer(inspector08)).send({ deadline: '2025-12-01' }).expect(403);
      await t.http.put(url('08')).set(bearer(viewer)).send({ deadline: '2025-12-01' }).expect(403);
      await t.http.put(url('08')).send({ deadline: '2025-12-01' }).expect(401);
      await t.http.put(url('99')).set(bearer(admin)).send({ deadline: '2025-12-01' }).expect(404);
      await t.http.put(url('8')).set(bearer(admin)).send({ deadline: '2025-12-01' }).expect(400);
      await t.http.put(url('08', UNKNOWN)).set(bearer(admin)).send({ deadline: '2025-12-01' }).expect(404);
    });

    it("belongs to the directive's own province for a provincial decision, hidden elsewhere", async () => {
      const p = await createDirective(officer08);
      const c = await createClause(officer08, p.id, { deadline: '2025-12-31' });
      await t.http
        .put(url('08', c.id, p.id))
        .set(bearer(officer08))
        .send({ deadline: '2025-12-01' })
        .expect(200);
      const res = await t.http
        .put(url('01', c.id, p.id))
        .set(bearer(admin))
        .send({ deadline: '2025-12-01' })
        .expect(422);
      expect(fieldsOf(res.body)).toEqual(['province']);
      await t.http
        .put(url('01', c.id, p.id))
        .set(bearer(officer01))
        .send({ deadline: '2025-12-01' })
        .expect(404);
    });

    it('is removed with DELETE (204, with an event); removing it again is 404', async () => {
      await t.http.delete(url('01')).set(bearer(officer01)).expect(204);
      await t.http.delete(url('01')).set(bearer(officer01)).expect(404);
      const events = (await eventsOf(KL202_MOF)).filter((e) => e.action === 'province-deadline-removed');
      expect(events).toEqual([
        expect.objectContaining({ entity_type: 'directive_clause', before: { provinceCode: '01', deadline: '2025-12-10' }, after: null }),
      ]);
      const all = await t.http.get(`/api/v1/directives/${KL202}/clauses/${KL202_MOF}`).set(bearer(admin)).expect(200);
      expect(all.body.provinceDeadlines).toEqual([{ provinceCode: '08', deadline: '2025-11-30' }]);
    });
  });
});
