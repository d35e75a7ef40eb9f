import { bearer, createTestApp, type TestApp } from '../support/app';
import { assetBody, createAgency, createAsset } from '../support/factories';
import { attachDocument, createClause } from '../support/workflow';

/**
 * One province's officers never write into another's books, and see nothing of it: anything of
 * another province is 404 in the path, the query and the body. A hand-over to another province is a
 * two-sided hand-over (test/e2e/handover.e2e-spec.ts); its receiving unit must lie in the receiving
 * agency's province, and no step moves a facility anywhere else.
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

  it("refuses a receiving unit outside the receiving agency's province (422 naming the field), writing nothing", async () => {
    const id = await surplusAsset();
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM action`);
    const toUnit = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({
        assetId: id,
        type: 'reallocation',
        method: 'transfer',
        clauseIds: [clause],
        receivingAgencyId: custodian08,
        receivingUnit: { era: 'new', level: 'commune', code: '00004' },
      })
      .expect(422);
    expect(toUnit.body).toMatchObject({
      type: expect.stringMatching(/receiving-unit-mismatch$/),
      errors: [{ field: 'receivingUnit', message: 'of another province (01)' }],
    });
    // Only a reallocation hands over to another province's agency.
    const retention = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({ assetId: id, type: 'retention', method: 'permanent', clauseIds: [clause], receivingAgencyId: agency01 })
      .expect(422);
    expect(retention.body.errors).toEqual([{ field: 'receivingAgencyId', message: 'of another province (01)' }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM action`)).toEqual(before);

    // A draft edited to point to another province's agency becomes a hand-over to that province.
    const draft = (
      await t.http
        .post('/api/v1/actions')
        .set(bearer(officer08a))
        .send({ assetId: id, type: 'reallocation', method: 'transfer', clauseIds: [clause], receivingAgencyId: custodian08 })
        .expect(201)
    ).body;
    expect(draft.receivingProvinceCode).toBeNull();
    const edit = await t.http
      .patch(`/api/v1/actions/${draft.id}`)
      .set(bearer(officer08a))
      .set('If-Match', `"${draft.version}"`)
      .send({ receivingAgencyId: agency01 })
      .expect(200);
    expect(edit.body.receivingProvinceCode).toBe('01');
    const back = await t.http
      .patch(`/api/v1/actions/${draft.id}`)
      .set(bearer(officer08a))
      .set('If-Match', `"${edit.body.version}"`)
      .send({ receivingAgencyId: custodian08 })
      .expect(200);
    expect(back.body.receivingProvinceCode).toBeNull();
  });

  it('never completes into another province unless it is an accepted hand-over there, whatever an older release recorded', async () => {
    const id = await surplusAsset();
    const draft = (
      await t.http
        .post('/api/v1/actions')
        .set(bearer(officer08a))
        .send({ assetId: id, type: 'reallocation', method: 'transfer', clauseIds: [clause], receivingAgencyId: custodian08, newUse: 'working_office' })
        .expect(201)
    ).body;
    await t.http.post(`/api/v1/actions/${draft.id}/submit`).set(bearer(officer08a)).send({}).expect(200);
    await t.http.post(`/api/v1/actions/${draft.id}/approve`).set(bearer(officer08b)).send(approveBody).expect(200);
    // As an older release could record it: the receiving agency and unit of Hà Nội, with no hand-over to accept.
    await t.sql(
      `UPDATE action SET receiving_agency_id = $2, receiving_unit_id = (SELECT id FROM admin_unit WHERE era = 'new' AND level = 'commune' AND code = '00004') WHERE id = $1`,
      [draft.id, agency01],
    );
    await attachDocument(t, draft.id, 'decision');
    await attachDocument(t, draft.id, 'handover_minutes');
    const done = await t.http
      .post(`/api/v1/actions/${draft.id}/complete`)
      .set(bearer(officer08a))
      .send({ handoverDate: '2025-11-20', minutesConfirmedBySender: true, minutesConfirmedByReceiver: true })
      .expect(422);
    expect(done.body.type).toMatch(/receiving-unit-mismatch$/);
    const [asset] = await t.sql<{ province_code: string; custodian_id: string; status: string }>(
      `SELECT province_code, custodian_id, status FROM asset WHERE id = $1`,
      [id],
    );
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
    for (const path of [
      '/api/v1/assets',
      '/api/v1/actions',
      '/api/v1/agencies',
      '/api/v1/inspections',
      '/api/v1/land-use-plans',
      '/api/v1/assets/export?format=csv',
      '/api/v1/assets.geojson',
    ]) {
      const res = await t.http.get(path).query({ province: '08' }).set(bearer(officer01));
      expect([path, res.status, res.body.errors]).toEqual([path, 404, [{ field: 'province', message: 'unknown province' }]]);
    }
    // Body: an action on another province's asset, an asset with another province's custodian or unit.
    const action = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer01))
      .send({ assetId: id, type: 'retention', method: 'permanent', clauseIds: [clause] })
      .expect(404);
    expect(action.body.errors).toEqual([{ field: 'assetId', message: 'unknown asset' }]);
    const custodian = await t.http
      .post('/api/v1/assets')
      .set(bearer(officer01))
      .send(assetBody(custodian08, { code: '01.X.1', currentUnit: { era: 'new', level: 'commune', code: '00004' } }))
      .expect(404);
    expect(custodian.body.errors).toEqual([{ field: 'custodianId', message: 'unknown agency' }]);
    const unit = await t.http
      .patch(`/api/v1/assets/${id}`)
      .set(bearer(officer08a))
      .set('If-Match', '"2"')
      .send({ currentUnit: { era: 'new', level: 'commune', code: '00004' } })
      .expect(404);
    expect(unit.body.errors).toEqual([{ field: 'currentUnit', message: 'unknown province' }]);
    // Nothing moved.
    expect((await t.sql<{ province_code: string }>(`SELECT province_code FROM asset WHERE id = $1`, [id]))[0].province_code).toBe('08');
  });
});
