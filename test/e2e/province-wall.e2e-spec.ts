import { bearer, createTestApp, type TestApp } from '../support/app';
import { assetBody, createAgency, createAsset } from '../support/factories';
import { attachDocument, createClause } from '../support/workflow';

/**
 * One province's officers never write into another's books, and see nothing of it: anything of
 * another province is 404 in the path, the query and the body, and a hand-over to another province
 * is refused (422 cross-province-handover) until the receiving province can accept it.
 */
describe('the province wall', () => {
  let t: TestApp;
  let officer08a: string;
  let officer08b: string;
  let officer01: string;
  let custodian08: string;
  let agency01: string;
  let clause: string;

  const surplusAsset = async () => {
    const a = await createAsset(t, officer08a, custodian08);
    await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officer08a)).send({ since: '2025-07-01', reason: 'District abolished' }).expect(200);
    return a.id;
  };
  const approveBody = { decisionNo: '1234/QĐ-UBND', decisionDate: '2025-11-10', decisionAuthority: 'Ủy ban nhân dân tỉnh Tuyên Quang' };

  beforeAll(async () => {
    t = await createTestApp();
    officer08a = await t.userToken('officer', '08');
    officer08b = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    custodian08 = (await createAgency(t, officer08a)).id;
    agency01 = (await createAgency(t, officer01, { code: '01.UBND.BADINH', unit: { era: 'new', level: 'commune', code: '00004' } })).id;
    clause = await createClause(t);
  });
  afterAll(() => t.close());

  it('refuses a reallocation to an agency or a unit of another province (422 naming the field), writing nothing', async () => {
    const id = await surplusAsset();
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM action`);
    const toAgency = await t.http.post('/api/v1/actions').set(bearer(officer08a))
      .send({ assetId: id, type: 'reallocation', method: 'transfer', clauseIds: [clause], receivingAgencyId: agency01 }).expect(422);
    expect(toAgency.body).toMatchObject({ type: expect.stringMatching(/cross-province-handover$/), errors: [{ field: 'receivingAgencyId', message: 'of another province (01)' }] });
    const toUnit = await t.http.post('/api/v1/actions').set(bearer(officer08a))
      .send({ assetId: id, type: 'reallocation', method: 'transfer', clauseIds: [clause], receivingAgencyId: custodian08, receivingUnit: { era: 'new', level: 'commune', code: '00004' } }).expect(422);
    expect(toUnit.body).toMatchObject({ type: expect.stringMatching(/cross-province-handover$/), errors: [{ field: 'receivingUnit', message: 'of another province (01)' }] });
    expect(await t.sql(`SELECT count(*)::int AS n FROM action`)).toEqual(before);

    // The same refusal when a draft is edited to point there.
    const draft = (await t.http.post('/api/v1/actions').set(bearer(officer08a)).send({ assetId: id, type: 'reallocation', method: 'transfer', clauseIds: [clause], receivingAgencyId: custodian08 }).expect(201)).body;
    const edit = await t.http.patch(`/api/v1/actions/${draft.id}`).set(bearer(officer08a)).set('If-Match', `"${draft.version}"`).send({ receivingAgencyId: agency01 }).expect(422);
    expect(edit.body.type).toMatch(/cross-province-handover$/);
  });

  it('never completes into another province, even for an action recorded before the refusal existed', async () => {
    const id = await surplusAsset();
    const draft = (await t.http.post('/api/v1/actions').set(bearer(officer08a)).send({ assetId: id, type: 'reallocation', method: 'transfer', clauseIds: [clause], receivingAgencyId: custodian08, newUse: 'working_office' }).expect(201)).body;
    // As an older release could record it: the receiving agency and unit of Hà Nội.
    await t.sql(`UPDATE action SET receiving_agency_id = $2, receiving_unit_id = (SELECT id FROM admin_unit WHERE era = 'new' AND level = 'commune' AND code = '00004') WHERE id = $1`, [draft.id, agency01]);
    await t.http.post(`/api/v1/actions/${draft.id}/submit`).set(bearer(officer08a)).send({}).expect(200);
    await t.http.post(`/api/v1/actions/${draft.id}/approve`).set(bearer(officer08b)).send(approveBody).expect(200);
    await attachDocument(t, draft.id, 'decision');
    await attachDocument(t, draft.id, 'handover_minutes');
    const done = await t.http.post(`/api/v1/actions/${draft.id}/complete`).set(bearer(officer08a)).send({ handoverDate: '2025-11-20', minutesConfirmedBySender: true, minutesConfirmedByReceiver: true }).expect(422);
    expect(done.body.type).toMatch(/cross-province-handover$/);
    const [asset] = await t.sql<{ province_code: string; custodian_id: string; status: string }>(`SELECT province_code, custodian_id, status FROM asset WHERE id = $1`, [id]);
    expect(asset).toEqual({ province_code: '08', custodian_id: custodian08, status: 'action_pending' });
    const [action] = await t.sql<{ status: string }>(`SELECT status FROM action WHERE id = $1`, [draft.id]);
    expect(action.status).toBe('approved');
  });

  it('answers 404 for another province in the path, the query and the body', async () => {
    const id = await surplusAsset();
    const notFound = (res: { body: { type: string } }) => expect(res.body.type).toMatch(/not-found$/);
    // Path.
    notFound(await t.http.get(`/api/v1/assets/${id}`).set(bearer(officer01)).expect(404));
    notFound(await t.http.post(`/api/v1/assets/${id}/surplus/withdraw`).set(bearer(officer01)).send({ reason: 'x' }).expect(404));
    notFound(await t.http.get(`/api/v1/agencies/${custodian08}`).set(bearer(officer01)).expect(404));
    // Query.
    for (const path of ['/api/v1/assets', '/api/v1/actions', '/api/v1/agencies', '/api/v1/inspections', '/api/v1/land-use-plans', '/api/v1/assets/export?format=csv', '/api/v1/assets.geojson']) {
      const res = await t.http.get(path).query({ province: '08' }).set(bearer(officer01));
      expect([path, res.status, res.body.errors]).toEqual([path, 404, [{ field: 'province', message: 'unknown province' }]]);
    }
    // Body: an action on another province's asset, an asset with another province's custodian or unit.
    const action = await t.http.post('/api/v1/actions').set(bearer(officer01)).send({ assetId: id, type: 'retention', method: 'permanent', clauseIds: [clause] }).expect(404);
    expect(action.body.errors).toEqual([{ field: 'assetId', message: 'unknown asset' }]);
    const custodian = await t.http.post('/api/v1/assets').set(bearer(officer01)).send(assetBody(custodian08, { code: '01.X.1', currentUnit: { era: 'new', level: 'commune', code: '00004' } })).expect(404);
    expect(custodian.body.errors).toEqual([{ field: 'custodianId', message: 'unknown agency' }]);
    const unit = await t.http.patch(`/api/v1/assets/${id}`).set(bearer(officer08a)).set('If-Match', '"2"').send({ currentUnit: { era: 'new', level: 'commune', code: '00004' } }).expect(404);
    expect(unit.body.errors).toEqual([{ field: 'currentUnit', message: 'unknown province' }]);
    // Nothing moved.
    expect((await t.sql<{ province_code: string }>(`SELECT province_code FROM asset WHERE id = $1`, [id]))[0].province_code).toBe('08');
  });
});
