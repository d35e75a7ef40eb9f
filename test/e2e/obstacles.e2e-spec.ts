import { addDays, todayInVietnam } from '../../src/common/dates';
import { OBSTACLE_KINDS } from '../../src/schema/vocabulary';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { createClause } from '../support/workflow';

const PROBLEM = 'urn:vn-public-assets:problem:';
const UNKNOWN = '7b0c1f36-9a55-4c2e-9d51-3f0e3f0a8b11';

/** Obstacles and recommendations (Conclusion 221): recorded by a province, answered from a ministry or the centre. */
describe('obstacles and recommendations (/obstacles)', () => {
  let t: TestApp;
  let officer08: string;
  let officer01: string;
  let inspector08: string;
  let inspector01: string;
  let inspector: string;
  let viewer: string;
  let asset08: string;
  let asset08b: string;
  let asset01: string;
  let action08: string;

  const body = (over: Record<string, unknown> = {}) => ({
    assetId: asset08,
    kind: 'land_records',
    addressee: 'ministry_of_agriculture_and_environment',
    description: 'Trụ sở UBND huyện cũ chưa có giấy chứng nhận quyền sử dụng đất; không đủ hồ sơ để bán đấu giá',
    recommendation: 'Đề nghị hướng dẫn thủ tục cấp giấy chứng nhận cho cơ sở nhà, đất dôi dư',
    raisedOn: '2025-11-03',
    ...over,
  });
  const create = (token: string, b: Record<string, unknown>) => t.http.post('/api/v1/obstacles').set(bearer(token)).send(b);
  const created = async (over: Record<string, unknown> = {}, token = officer08) => {
    const res = await create(token, body(over));
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  };
  const answer = (token: string, id: string, etag: string, b: Record<string, unknown>) =>
    t.http.post(`/api/v1/obstacles/${id}/answer`).set(bearer(token)).set('If-Match', etag).send(b);
  const ANSWER = {
    answeredBy: 'Bộ Nông nghiệp và Môi trường (Cục Quản lý đất đai)',
    answeredOn: '2025-11-28',
    answer: 'Thực hiện theo khoản 3 Điều 137 Luật Đất đai 2024',
    reference: '5678/BNNMT-QLĐĐ',
  };
  const eventsOf = (id: string) =>
    t.sql<{ action: string; actor_id: string | null; after: Record<string, unknown> | null }>(
      `SELECT action, actor_id, after FROM event WHERE entity_type = 'obstacle' AND entity_id = $1 ORDER BY seq`,
      [id],
    );

  beforeAll(async () => {
    t = await createTestApp({ env: { DB_POOL_MAX: '4' } });
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    inspector08 = await t.userToken('inspector', '08');
    inspector01 = await t.userToken('inspector', '01');
    inspector = await t.userToken('inspector', null);
    viewer = await t.userToken('viewer');
    const custodian08 = (await createAgency(t, officer08)).id;
    asset08 = (await createAsset(t, officer08, custodian08)).id;
    asset08b = (await createAsset(t, officer08, custodian08)).id;
    const custodian01 = (
      await createAgency(t, officer01, {
        code: `01.UBND.${Date.now()}`,
        name: 'Ủy ban nhân dân phường Ba Đình',
        unit: { era: 'new', level: 'commune', code: '00004' },
      })
    ).id;
    asset01 = (
      await createAsset(t, officer01, custodian01, {
        code: `01.TSC.${Date.now()}`,
        currentUnit: { era: 'new', level: 'commune', code: '00004' },
        originUnit: { era: 'old', level: 'commune', code: '00001' },
      })
    ).id;
    await t.http.post(`/api/v1/assets/${asset08}/surplus`).set(bearer(officer08)).send({ since: '2025-07-01', reason: 'Huyện bị giải thể' }).expect(200);
    const clause = await createClause(t);
    const draft = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08))
      .send({ assetId: asset08, type: 'retention', method: 'permanent', newUse: 'working_office', clauseIds: [clause] });
    if (draft.status !== 201) throw new Error(`action: ${draft.status} ${JSON.stringify(draft.body)}`);
    action08 = draft.body.id;
  });
  afterAll(() => t.close());

  describe('the happy path', () => {
    let id: string;

    it('records an obstacle on a facility (201, ETag), with its event in the same transaction', async () => {
      const res = await create(officer08, body()).expect(201);
      id = res.body.id;
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        provinceCode: '08',
        asset: { id: asset08, code: expect.any(String), name: 'Trụ sở UBND thành phố Hà Giang (cũ)' },
        actionId: null,
        kind: 'land_records',
        addressee: 'ministry_of_agriculture_and_environment',
        description: body().description,
        recommendation: body().recommendation,
        raisedOn: '2025-11-03',
        status: 'open',
        answer: null,
        version: 1,
      });
      const events = await eventsOf(id);
      expect(events).toEqual([
        {
          action: 'created',
          actor_id: res.body.createdBy,
          after: expect.objectContaining({ kind: 'land_records', status: 'open', assetId: asset08, provinceCode: '08' }),
        },
      ]);
      const got = await t.http.get(`/api/v1/obstacles/${id}`).set(bearer(inspector08)).expect(200);
      expect(got.body).toEqual(res.body);
      expect(got.headers.etag).toBe('"1"');
    });

    it('records one on an action: its asset comes with it; the date raised defaults to today', async () => {
      const res = await create(officer08, {
        kind: 'competence',
        addressee: 'ministry_of_finance',
        description: 'Chưa rõ thẩm quyền quyết định giữ lại trụ sở làm việc',
        actionId: action08,
      }).expect(201);
      expect(res.body).toMatchObject({ asset: { id: asset08 }, actionId: action08, raisedOn: todayInVietnam(), recommendation: null });
      // Both ids may be given when they agree.
      await create(officer08, body({ actionId: action08, kind: 'procedure', addressee: 'government' })).expect(201);
    });

    it('changes it with If-Match while it awaits its answer (an event of what changed)', async () => {
      const res = await t.http
        .patch(`/api/v1/obstacles/${id}`)
        .set(bearer(officer08))
        .set('If-Match', '"1"')
        .send({ addressee: 'ministry_of_finance', recommendation: null })
        .expect(200);
      expect(res.body).toMatchObject({ addressee: 'ministry_of_finance', recommendation: null, kind: 'land_records', version: 2 });
      expect(res.headers.etag).toBe('"2"');
      const [, updated] = await eventsOf(id);
      expect(updated.action).toBe('updated');
    });

    it('records the answer (who, when, what, its number): answered, an event, and final', async () => {
      const res = await answer(officer08, id, '"2"', ANSWER).expect(200);
      expect(res.body).toMatchObject({
        status: 'answered',
        version: 3,
        answer: { answeredBy: ANSWER.answeredBy, answeredOn: '2025-11-28', answer: ANSWER.answer, reference: ANSWER.reference, recordedAt: expect.any(String) },
      });
      expect(res.headers.etag).toBe('"3"');
      expect((await eventsOf(id)).map((e) => e.action)).toEqual(['created', 'updated', 'answered']);
      const edit = await t.http.patch(`/api/v1/obstacles/${id}`).set(bearer(officer08)).set('If-Match', '"3"').send({ description: 'Sửa lại' }).expect(409);
      expect(edit.body.type).toBe(`${PROBLEM}obstacle-answered`);
      const again = await answer(officer08, id, '"3"', ANSWER).expect(409);
      expect(again.body.type).toBe(`${PROBLEM}obstacle-answered`);
      expect((await t.http.get(`/api/v1/obstacles/${id}`).set(bearer(officer08)).expect(200)).body.version).toBe(3);
    });

    it('lists newest first with filters and cursor pages', async () => {
      const all = await t.http.get('/api/v1/obstacles').set(bearer(officer08)).expect(200);
      expect(all.body.items.length).toBeGreaterThanOrEqual(3);
      const times = all.body.items.map((o: { createdAt: string }) => o.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
      const answered = await t.http.get('/api/v1/obstacles?status=answered').set(bearer(officer08)).expect(200);
      expect(answered.body.items.map((o: { id: string }) => o.id)).toEqual([id]);
      const open = await t.http.get('/api/v1/obstacles?status=open').set(bearer(officer08)).expect(200);
      expect(open.body.items.every((o: { status: string }) => o.status === 'open')).toBe(true);
      expect(
        (await t.http.get('/api/v1/obstacles?kind=competence').set(bearer(officer08)).expect(200)).body.items.map((o: { kind: string }) => o.kind),
      ).toEqual(['competence']);
      expect((await t.http.get('/api/v1/obstacles?addressee=government').set(bearer(officer08)).expect(200)).body.items).toHaveLength(1);
      expect((await t.http.get(`/api/v1/obstacles?actionId=${action08}`).set(bearer(officer08)).expect(200)).body.items).toHaveLength(2);
      expect((await t.http.get(`/api/v1/obstacles?assetId=${asset08b}`).set(bearer(officer08)).expect(200)).body.items).toEqual([]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; page: { nextCursor: string | null } } } = await t.http
          .get(`/api/v1/obstacles?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(officer08))
          .expect(200);
        seen.push(...page.body.items.map((o) => o.id));
        cursor = page.body.page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.items.map((o: { id: string }) => o.id));
    });

    it('is created once per Idempotency-Key: a retry replays the first answer; another body with the key is 422', async () => {
      const key = `obstacle-${Date.now()}`;
      const b = body({ assetId: asset08b, kind: 'valuation', addressee: 'ministry_of_finance' });
      const first = await t.http.post('/api/v1/obstacles').set(bearer(officer08)).set('Idempotency-Key', key).send(b).expect(201);
      const again = await t.http.post('/api/v1/obstacles').set(bearer(officer08)).set('Idempotency-Key', key).send(b).expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(await t.sql(`SELECT count(*)::int AS n FROM obstacle WHERE asset_id = $1`, [asset08b])).toEqual([{ n: 1 }]);
      expect((await eventsOf(first.body.id)).map((e) => e.action)).toEqual(['created']);
      const other = await t.http
        .post('/api/v1/obstacles')
        .set(bearer(officer08))
        .set('Idempotency-Key', key)
        .send({ ...b, kind: 'funding' })
        .expect(422);
      expect(other.body.type).toBe(`${PROBLEM}idempotency-key-reused`);
    });

    it('keeps the facility it is recorded on from being removed', async () => {
      const res = await t.http.delete(`/api/v1/assets/${asset08b}`).set(bearer(t.adminToken)).set('Accept-Language', 'en').expect(409);
      expect(res.body.type).toBe(`${PROBLEM}asset-not-removable`);
      expect(res.body.detail).toContain('has obstacles on the record');
    });
  });

  describe('bad input', () => {
    const tomorrow = addDays(todayInVietnam(), 1);

    it.each([
      ['no kind', { kind: undefined }, 'kind'],
      ['an unknown kind', { kind: 'weather' }, 'kind'],
      ['no addressee', { addressee: undefined }, 'addressee'],
      ['an addressee that is not a ministry or the centre', { addressee: 'province' }, 'addressee'],
      ['no description', { description: undefined }, 'description'],
      ['an empty description', { description: '' }, 'description'],
      ['a description over 4,000 characters', { description: 'x'.repeat(4001) }, 'description'],
      ['an empty recommendation', { recommendation: '' }, 'recommendation'],
      ['an assetId that is not a uuid', { assetId: '42' }, 'assetId'],
      ['an actionId that is not a uuid', { actionId: 'x' }, 'actionId'],
      ['a raisedOn not on the calendar', { raisedOn: '2025-02-30' }, 'raisedOn'],
      ['a raisedOn in the future', { raisedOn: tomorrow }, 'raisedOn'],
      ['neither an asset nor an action', { assetId: undefined }, 'assetId'],
      ['an unknown field', { status: 'answered' }, 'status'],
      ['a null assetId', { assetId: null }, 'assetId'],
      ['a null raisedOn', { raisedOn: null }, 'raisedOn'],
    ])('create refuses %s (422 naming %s)', async (_what, over, field) => {
      const res = await create(officer08, body(over)).expect(422);
      expect(res.body.type).toBe(`${PROBLEM}validation-failed`);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('create refuses an action that is not on the asset given (422 action-not-on-asset)', async () => {
      const res = await create(officer08, body({ assetId: asset08b, actionId: action08 })).expect(422);
      expect(res.body.type).toBe(`${PROBLEM}action-not-on-asset`);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['actionId']);
    });

    it.each([
      ['asset', { assetId: UNKNOWN }, 'assetId'],
      ['action', { assetId: undefined, actionId: UNKNOWN }, 'actionId'],
    ])('create refuses an unknown %s (404 naming the field)', async (_what, over, field) => {
      const res = await create(officer08, body(over)).expect(404);
      expect(res.body.type).toBe(`${PROBLEM}not-found`);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });

    it('refuses changes without If-Match (428), with a malformed one (400), a stale one (412); nothing changes', async () => {
      const { id } = await created();
      const patch = () => t.http.patch(`/api/v1/obstacles/${id}`).set(bearer(officer08));
      expect((await patch().send({ kind: 'funding' }).expect(428)).body.type).toBe(`${PROBLEM}if-match-required`);
      expect((await patch().set('If-Match', '1').send({ kind: 'funding' }).expect(400)).body.type).toBe(`${PROBLEM}invalid-if-match`);
      const stale = await patch().set('If-Match', '"7"').send({ kind: 'funding' }).expect(412);
      expect(stale.body).toMatchObject({ type: `${PROBLEM}stale-version`, currentVersion: 1 });
      expect((await answer(officer08, id, '"2"', ANSWER).expect(412)).body.type).toBe(`${PROBLEM}stale-version`);
      expect((await t.http.post(`/api/v1/obstacles/${id}/answer`).set(bearer(officer08)).send(ANSWER).expect(428)).body.type).toBe(
        `${PROBLEM}if-match-required`,
      );
      expect((await t.http.get(`/api/v1/obstacles/${id}`).set(bearer(officer08)).expect(200)).body).toMatchObject({
        kind: 'land_records',
        version: 1,
        status: 'open',
      });
      expect((await eventsOf(id)).map((e) => e.action)).toEqual(['created']);
    });

    it.each([
      ['an empty description', { description: '' }, 'description'],
      ['an unknown kind', { kind: 'weather' }, 'kind'],
      ['a raisedOn in the future', { raisedOn: addDays(todayInVietnam(), 1) }, 'raisedOn'],
      ['a null kind', { kind: null }, 'kind'],
      ['a null description', { description: null }, 'description'],
    ])('a change refuses %s (422 naming %s)', async (_what, change, field) => {
      const { id } = await created();
      const res = await t.http.patch(`/api/v1/obstacles/${id}`).set(bearer(officer08)).set('If-Match', '"1"').send(change).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it.each([
      ['no answeredBy', { answeredBy: undefined }, 'answeredBy'],
      ['no answer', { answer: undefined }, 'answer'],
      ['no answeredOn', { answeredOn: undefined }, 'answeredOn'],
      ['an answeredOn before the obstacle was raised', { answeredOn: '2025-11-02' }, 'answeredOn'],
      ['an answeredOn in the future', { answeredOn: addDays(todayInVietnam(), 1) }, 'answeredOn'],
      ['a reference over 100 characters', { reference: 'x'.repeat(101) }, 'reference'],
      ['a null reference', { reference: null }, 'reference'],
    ])('an answer refuses %s (422 naming %s); the obstacle stays open', async (_what, over, field) => {
      const { id } = await created();
      const res = await answer(officer08, id, '"1"', { ...ANSWER, ...over }).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await t.http.get(`/api/v1/obstacles/${id}`).set(bearer(officer08)).expect(200)).body).toMatchObject({ status: 'open', version: 1 });
    });

    it.each([
      ['?status=closed', 'status'],
      ['?kind=weather', 'kind'],
      ['?addressee=nobody', 'addressee'],
      ['?assetId=42', 'assetId'],
      ['?province=8', 'province'],
      ['?limit=201', 'limit'],
      ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['?since=2025-01-01', 'since'],
    ])('the list refuses %s (400 naming %s)', async (query, field) => {
      const res = await t.http.get(`/api/v1/obstacles${query}`).set(bearer(officer08)).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('an id that is not a uuid is 400; an unknown one 404', async () => {
      await t.http.get('/api/v1/obstacles/42').set(bearer(officer08)).expect(400);
      expect((await t.http.get(`/api/v1/obstacles/${UNKNOWN}`).set(bearer(officer08)).expect(404)).body.type).toBe(`${PROBLEM}not-found`);
      await t.http.patch(`/api/v1/obstacles/${UNKNOWN}`).set(bearer(officer08)).set('If-Match', '"1"').send({ kind: 'funding' }).expect(404);
      await answer(officer08, UNKNOWN, '"1"', ANSWER).expect(404);
    });
  });

  describe('roles and the province wall', () => {
    let id08: string;
    let id01: string;

    beforeAll(async () => {
      id08 = (await created()).id;
      id01 = (await created({ assetId: asset01, kind: 'planning', addressee: 'ministry_of_construction' }, officer01)).id;
    });

    it('read-only roles read in their scope but never write (403)', async () => {
      for (const token of [inspector08, inspector, viewer]) {
        await t.http.get(`/api/v1/obstacles/${id08}`).set(bearer(token)).expect(200);
        const post = await create(token, body()).expect(403);
        expect(post.body.type).toBe(`${PROBLEM}forbidden`);
        await t.http.patch(`/api/v1/obstacles/${id08}`).set(bearer(token)).set('If-Match', '"1"').send({ kind: 'funding' }).expect(403);
        await answer(token, id08, '"1"', ANSWER).expect(403);
      }
      await t.http.get('/api/v1/obstacles').expect(401);
    });

    it("another province's obstacle does not exist for an officer or inspector (404), whatever they do", async () => {
      for (const token of [officer01, inspector01]) {
        expect((await t.http.get(`/api/v1/obstacles/${id08}`).set(bearer(token)).expect(404)).body.type).toBe(`${PROBLEM}not-found`);
        const listed = await t.http.get('/api/v1/obstacles').set(bearer(token)).expect(200);
        expect(listed.body.items.map((o: { id: string }) => o.id)).toEqual([id01]);
        expect((await t.http.get('/api/v1/obstacles?province=08').set(bearer(token)).expect(404)).body.errors[0].field).toBe('province');
      }
      await t.http.patch(`/api/v1/obstacles/${id08}`).set(bearer(officer01)).set('If-Match', '"1"').send({ kind: 'funding' }).expect(404);
      await answer(officer01, id08, '"1"', ANSWER).expect(404);
      const onTheirs = await create(officer01, body()).expect(404);
      expect(onTheirs.body.errors.map((e: { field: string }) => e.field)).toEqual(['assetId']);
      const onTheirAction = await create(officer01, body({ assetId: undefined, actionId: action08 })).expect(404);
      expect(onTheirAction.body.errors.map((e: { field: string }) => e.field)).toEqual(['actionId']);
      expect((await t.http.get(`/api/v1/obstacles/${id08}`).set(bearer(officer08)).expect(200)).body.version).toBe(1);
    });

    it('national readers and admins see every province; an admin records in any', async () => {
      for (const token of [inspector, viewer, t.adminToken]) {
        const ids = (await t.http.get('/api/v1/obstacles?limit=200').set(bearer(token)).expect(200)).body.items.map((o: { id: string }) => o.id);
        expect(ids).toEqual(expect.arrayContaining([id08, id01]));
        expect((await t.http.get('/api/v1/obstacles?province=01').set(bearer(token)).expect(200)).body.items.map((o: { id: string }) => o.id)).toEqual([id01]);
      }
      const byAdmin = await create(t.adminToken, body({ assetId: asset01, kind: 'other', addressee: 'central_organization_committee' })).expect(201);
      expect(byAdmin.body.provinceCode).toBe('01');
    });
  });

  describe('concurrency', () => {
    it('two answers at once with the same ETag: one wins (200), the other is 412; one answer and one event are stored', async () => {
      const { id } = await created();
      const other = { ...ANSWER, answeredBy: 'Bộ Tài chính', answer: 'Một câu trả lời khác' };
      const [a, b] = await Promise.all([answer(officer08, id, '"1"', ANSWER), answer(t.adminToken, id, '"1"', other)]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const winner = a.status === 200 ? a : b;
      const loser = a.status === 200 ? b : a;
      expect(loser.body).toMatchObject({ type: `${PROBLEM}stale-version`, currentVersion: 2 });
      const stored = (await t.http.get(`/api/v1/obstacles/${id}`).set(bearer(officer08)).expect(200)).body;
      expect(stored).toMatchObject({ status: 'answered', version: 2, answer: winner.body.answer });
      expect((await eventsOf(id)).map((e) => e.action)).toEqual(['created', 'answered']);
    });

    it('two changes at once with the same ETag: one wins, the other is 412', async () => {
      const { id } = await created();
      const patch = (token: string, kind: string) => t.http.patch(`/api/v1/obstacles/${id}`).set(bearer(token)).set('If-Match', '"1"').send({ kind });
      const [a, b] = await Promise.all([patch(officer08, 'funding'), patch(t.adminToken, 'valuation')]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const stored = (await t.http.get(`/api/v1/obstacles/${id}`).set(bearer(officer08)).expect(200)).body;
      expect(stored.kind).toBe((a.status === 200 ? a : b).body.kind);
      expect(stored.version).toBe(2);
    });
  });
});

/** The status report lists the obstacles open on its date, as known at its time, by kind. */
describe('open obstacles in the status report', () => {
  let t: TestApp;
  let officer08: string;
  let officer01: string;
  let asset08: string;
  let asset01: string;
  let knownBefore: string;
  const ids: Record<string, string> = {};

  type Cell = { key: string; kind: string; facilities: number; drillable: boolean };
  const report = async (token: string, query: Record<string, string>) => {
    const res = await t.http.get('/api/v1/reports/status').query(query).set(bearer(token)).expect(200);
    return res.body as { columns: { key: string; label: string; group: string }[]; rows: { provinceCode: string | null; cells: Cell[] }[] };
  };
  /** The obstacle cells of a row: { key: count } for the non-zero ones. */
  const open = (body: Awaited<ReturnType<typeof report>>, province: string | null) =>
    Object.fromEntries(
      body.rows
        .find((r) => r.provinceCode === province)!
        .cells.filter((c) => c.key.startsWith('obstacles:open') && c.facilities > 0)
        .map((c) => [c.key, c.facilities]),
    );
  const raise = async (token: string, assetId: string, kind: string, raisedOn: string) => {
    const res = await t.http
      .post('/api/v1/obstacles')
      .set(bearer(token))
      .send({ assetId, kind, addressee: 'ministry_of_finance', description: `Khó khăn ${kind}`, raisedOn })
      .expect(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    asset08 = (await createAsset(t, officer08, (await createAgency(t, officer08)).id)).id;
    const agency01 = (await createAgency(t, officer01, { code: `01.UBND.R${Date.now()}`, unit: { era: 'new', level: 'commune', code: '00004' } })).id;
    asset01 = (
      await createAsset(t, officer01, agency01, {
        code: `01.TSC.R${Date.now()}`,
        currentUnit: { era: 'new', level: 'commune', code: '00004' },
        originUnit: { era: 'old', level: 'commune', code: '00001' },
      })
    ).id;
    ids.valuation = await raise(officer08, asset08, 'valuation', '2025-11-03');
    ids.landA = await raise(officer08, asset08, 'land_records', '2025-11-10');
    ids.landB = await raise(officer08, asset08, 'land_records', '2025-11-20');
    ids.funding01 = await raise(officer01, asset01, 'funding', '2025-11-05');
    await new Promise((r) => setTimeout(r, 20));
    knownBefore = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    // After knownBefore: one is answered (dated 28 November), another changes kind.
    await t.http
      .post(`/api/v1/obstacles/${ids.valuation}/answer`)
      .set(bearer(officer08))
      .set('If-Match', '"1"')
      .send({ answeredBy: 'Bộ Tài chính', answeredOn: '2025-11-28', answer: 'Áp dụng Nghị định 186/2025/NĐ-CP' })
      .expect(200);
    await t.http.patch(`/api/v1/obstacles/${ids.landB}`).set(bearer(officer08)).set('If-Match', '"1"').send({ kind: 'planning' }).expect(200);
  });
  afterAll(() => t.close());

  it('has a column for all open obstacles and one per kind, labelled, counts not facilities, never drilled into', async () => {
    const body = await report(officer08, { scope: 'province', province: '08', as_of: '2025-12-15' });
    const cols = body.columns.filter((c) => c.key.startsWith('obstacles:open'));
    expect(cols.map((c) => c.key)).toEqual(['obstacles:open', ...OBSTACLE_KINDS.map((k) => `obstacles:open:${k}`)]);
    expect(cols[0]).toEqual({
      key: 'obstacles:open',
      kind: 'count',
      label: 'Tổng số khó khăn, vướng mắc chưa được trả lời',
      group: 'Khó khăn, vướng mắc chưa được trả lời, theo loại',
    });
    expect(cols.find((c) => c.key === 'obstacles:open:land_records')!.label).toBe('Hồ sơ pháp lý về nhà, đất');
    const cell = body.rows[0].cells.find((c) => c.key === 'obstacles:open')!;
    expect(cell).toMatchObject({ kind: 'count', drillable: false });
    const drill = await t.http
      .get('/api/v1/reports/status/items')
      .query({ scope: 'province', province: '08', as_of: '2025-12-15', key: 'obstacles:open' })
      .set(bearer(officer08))
      .expect(400);
    expect(drill.body.errors[0].field).toBe('key');
  });

  it('counts those raised by the date and not answered by it, by their kind now', async () => {
    expect(open(await report(officer08, { scope: 'province', province: '08', as_of: '2025-12-15' }), '08')).toEqual({
      'obstacles:open': 2,
      'obstacles:open:land_records': 1,
      'obstacles:open:planning': 1,
    });
    // Before the answer's date the valuation obstacle was still open; before 10 November only it had been raised.
    expect(open(await report(officer08, { scope: 'province', province: '08', as_of: '2025-11-27' }), '08')).toEqual({
      'obstacles:open': 3,
      'obstacles:open:valuation': 1,
      'obstacles:open:land_records': 1,
      'obstacles:open:planning': 1,
    });
    expect(open(await report(officer08, { scope: 'province', province: '08', as_of: '2025-11-09' }), '08')).toEqual({
      'obstacles:open': 1,
      'obstacles:open:valuation': 1,
    });
    expect(open(await report(officer08, { scope: 'province', province: '08', as_of: '2025-11-02' }), '08')).toEqual({});
  });

  it('as known at an earlier time: the answer not yet recorded, the kind as it then was', async () => {
    expect(open(await report(officer08, { scope: 'province', province: '08', as_of: '2025-12-15', known_at: knownBefore }), '08')).toEqual({
      'obstacles:open': 3,
      'obstacles:open:valuation': 1,
      'obstacles:open:land_records': 2,
    });
  });

  it('nationally: a row per province and the total', async () => {
    const body = await report(t.adminToken, { scope: 'national', as_of: '2025-12-15' });
    expect(open(body, '08')).toEqual({ 'obstacles:open': 2, 'obstacles:open:land_records': 1, 'obstacles:open:planning': 1 });
    expect(open(body, '01')).toEqual({ 'obstacles:open': 1, 'obstacles:open:funding': 1 });
    expect(open(body, null)).toEqual({ 'obstacles:open': 3, 'obstacles:open:land_records': 1, 'obstacles:open:planning': 1, 'obstacles:open:funding': 1 });
  });
});
