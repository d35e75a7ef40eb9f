import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { attachDocument, createClause } from '../support/workflow';

/**
 * A reallocation to an agency of another province is a two-sided hand-over: the sending
 * province (08) proposes and approves it, an officer of the receiving province (01) accepts it, then
 * the sending side carries it out; on completion the facility is on the receiving province's books,
 * while its surplus episode (and the figures) stay with the province that declared it.
 */
describe('two-sided hand-over between provinces', () => {
  let t: TestApp;
  let officer08a: string;
  let officer08b: string;
  let officer01a: string;
  let officer01b: string;
  let inspector01: string;
  let officerOther: string;
  let custodian08: string;
  let agency01: string;
  let clause: string;
  const unit01 = { era: 'new', level: 'commune', code: '00004' };
  const approveBody = { decisionNo: '1234/QĐ-UBND', decisionDate: '2025-11-10', decisionAuthority: 'Ủy ban nhân dân tỉnh Tuyên Quang' };
  const acceptBody = { decisionNo: '88/QĐ-UBND', decisionDate: '2025-11-12' };
  const completeBody = { handoverDate: '2025-11-20', minutesConfirmedBySender: true, minutesConfirmedByReceiver: true, completedOn: '2025-11-20' };

  /** A surplus facility of 08 and an approved reallocation of it to agency01 (unit 00004 of Hà Nội). */
  const approvedHandover = async (): Promise<{ assetId: string; id: string; version: number }> => {
    const a = await createAsset(t, officer08a, custodian08);
    await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officer08a)).send({ since: '2025-07-01', reason: 'District abolished' }).expect(200);
    const draft = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({
        assetId: a.id,
        type: 'reallocation',
        method: 'transfer',
        clauseIds: [clause],
        receivingAgencyId: agency01,
        receivingUnit: unit01,
        newUse: 'working_office',
      })
      .expect(201);
    expect(draft.body.receivingProvinceCode).toBe('01');
    // A draft is the sending side's alone.
    await t.http.get(`/api/v1/actions/${draft.body.id}`).set(bearer(officer01a)).expect(404);
    await t.http.post(`/api/v1/actions/${draft.body.id}/submit`).set(bearer(officer08a)).send({}).expect(200);
    await t.http.get(`/api/v1/actions/${draft.body.id}`).set(bearer(officer01a)).expect(404);
    const approved = await t.http.post(`/api/v1/actions/${draft.body.id}/approve`).set(bearer(officer08b)).send(approveBody).expect(200);
    await attachDocument(t, draft.body.id, 'decision');
    await attachDocument(t, draft.body.id, 'handover_minutes');
    return { assetId: a.id, id: draft.body.id, version: approved.body.version };
  };

  beforeAll(async () => {
    t = await createTestApp();
    officer08a = await t.userToken('officer', '08');
    officer08b = await t.userToken('officer', '08');
    officer01a = await t.userToken('officer', '01');
    officer01b = await t.userToken('officer', '01');
    inspector01 = await t.userToken('inspector', '01');
    // A third province (the small unit fixture has only 01 and 08).
    await t.sql(`INSERT INTO admin_unit (era, level, code, name, kind, province_code) VALUES ('new', 'province', '79', 'Thành phố Hồ Chí Minh', 'city', '79')`);
    officerOther = await t.userToken('officer', '79');
    custodian08 = (await createAgency(t, officer08a)).id;
    agency01 = (await createAgency(t, officer01a, { code: '01.UBND.BADINH', unit: unit01 })).id;
    clause = await createClause(t);
  });
  afterAll(() => t.close());

  it('goes approved → accepted by the receiving province → in progress → completed, and the facility moves to its books', async () => {
    const { assetId, id, version } = await approvedHandover();

    // Approved: the receiving province sees it (get and list), a third province does not.
    const seen = await t.http.get(`/api/v1/actions/${id}`).set(bearer(officer01a)).expect(200);
    expect(seen.body).toMatchObject({ status: 'approved', provinceCode: '08', receivingProvinceCode: '01', acceptance: null });
    const listed = await t.http.get('/api/v1/actions').query({ limit: 100 }).set(bearer(officer01a)).expect(200);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(id);
    await t.http.get(`/api/v1/actions/${id}`).set(bearer(officerOther)).expect(404);
    const otherList = await t.http.get('/api/v1/actions').query({ limit: 100 }).set(bearer(officerOther)).expect(200);
    expect(otherList.body.items.map((x: { id: string }) => x.id)).not.toContain(id);

    // Not before acceptance: the sending side cannot start nor complete (409), nor accept for the receiver (403).
    expect((await t.http.post(`/api/v1/actions/${id}/start`).set(bearer(officer08a)).send({}).expect(409)).body.type).toMatch(/handover-not-accepted$/);
    expect((await t.http.post(`/api/v1/actions/${id}/complete`).set(bearer(officer08a)).send(completeBody).expect(409)).body.type).toMatch(
      /handover-not-accepted$/,
    );
    expect((await t.http.post(`/api/v1/actions/${id}/accept`).set(bearer(officer08a)).send(acceptBody).expect(403)).body.type).toMatch(/wrong-handover-side$/);
    // The receiving side cannot take the sending side's steps (403); other roles read only (403); a third province sees nothing (404).
    for (const step of ['start', 'complete', 'cancel']) {
      const res = await t.http
        .post(`/api/v1/actions/${id}/${step}`)
        .set(bearer(officer01a))
        .send(step === 'cancel' ? { reason: 'x' } : step === 'complete' ? completeBody : {});
      expect([step, res.status, res.body.type]).toEqual([step, 403, expect.stringMatching(/wrong-handover-side$/)]);
    }
    expect((await t.http.post(`/api/v1/actions/${id}/accept`).set(bearer(inspector01)).send(acceptBody).expect(403)).body.type).toMatch(
      /forbidden|read-only-role$/,
    );
    await t.http.post(`/api/v1/actions/${id}/accept`).set(bearer(officerOther)).send(acceptBody).expect(404);
    // An acceptance dated before the sending side's decision cannot be true.
    await t.http
      .post(`/api/v1/actions/${id}/accept`)
      .set(bearer(officer01a))
      .send({ ...acceptBody, decisionDate: '2025-11-01' })
      .expect(422);

    // Two receiving officers accept at once with the same ETag: one wins, the other is refused and changes nothing.
    const both = await Promise.all(
      [officer01a, officer01b].map((tok) => t.http.post(`/api/v1/actions/${id}/accept`).set(bearer(tok)).set('If-Match', `"${version}"`).send(acceptBody)),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 412]);
    const accepted = both.find((r) => r.status === 200)!;
    expect(accepted.body).toMatchObject({ status: 'accepted', version: version + 1, acceptance: { decisionNo: '88/QĐ-UBND', decisionDate: '2025-11-12' } });
    expect(accepted.headers.etag).toBe(`"${version + 1}"`);
    expect((await t.http.post(`/api/v1/actions/${id}/accept`).set(bearer(officer01a)).send(acceptBody).expect(409)).body.type).toMatch(/invalid-transition$/);
    const [event] = await t.sql<{ after: Record<string, unknown> }>(
      `SELECT after FROM event WHERE entity_type = 'action' AND entity_id = $1 AND action = 'accepted'`,
      [id],
    );
    expect(event.after).toMatchObject({ status: 'accepted', provinceCode: '08', receivingProvinceCode: '01' });

    // Still the sending side's to carry out.
    await t.http.post(`/api/v1/actions/${id}/start`).set(bearer(officer01a)).send({}).expect(403);
    await t.http.post(`/api/v1/actions/${id}/start`).set(bearer(officer08a)).send({}).expect(200);
    const done = await t.http.post(`/api/v1/actions/${id}/complete`).set(bearer(officer08a)).send(completeBody).expect(200);
    expect(done.body.status).toBe('completed');

    const [asset] = await t.sql<{ province_code: string; custodian_id: string; status: string; unit: string }>(
      `SELECT a.province_code, a.custodian_id, a.status, u.code AS unit FROM asset a JOIN admin_unit u ON u.id = a.current_unit_id WHERE a.id = $1`,
      [assetId],
    );
    expect(asset).toEqual({ province_code: '01', custodian_id: agency01, status: 'in_use', unit: '00004' });
    // The receiving province now keeps the facility; the episode and its figures stay with the declaring province.
    await t.http.get(`/api/v1/assets/${assetId}`).set(bearer(officer01a)).expect(200);
    const [episode] = await t.sql<{ province_code: string; handled: boolean }>(
      `SELECT province_code, handled_action_id = $2 AS handled FROM surplus_declaration WHERE asset_id = $1`,
      [assetId, id],
    );
    expect(episode).toEqual({ province_code: '08', handled: true });
    // Both provinces still see the completed action.
    await t.http.get(`/api/v1/actions/${id}`).set(bearer(officer08a)).expect(200);
    await t.http.get(`/api/v1/actions/${id}`).set(bearer(officer01b)).expect(200);
  });

  it("the receiving province may decline: the action ends refused, the facility is the sending side's to hand elsewhere", async () => {
    const { assetId, id } = await approvedHandover();
    await t.http.post(`/api/v1/actions/${id}/decline`).set(bearer(officer08a)).send({ reason: 'x' }).expect(403);
    const declined = await t.http.post(`/api/v1/actions/${id}/decline`).set(bearer(officer01a)).send({ reason: 'Không có nhu cầu sử dụng' }).expect(200);
    expect(declined.body).toMatchObject({ status: 'rejected', trail: { rejectedBy: expect.any(String), rejectionReason: 'Không có nhu cầu sử dụng' } });
    const [asset] = await t.sql<{ status: string; province_code: string }>(`SELECT status, province_code FROM asset WHERE id = $1`, [assetId]);
    expect(asset).toEqual({ status: 'surplus', province_code: '08' });
    await t.http.post(`/api/v1/actions/${id}/accept`).set(bearer(officer01a)).send(acceptBody).expect(409);
    await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({ assetId, type: 'retention', method: 'permanent', clauseIds: [clause] })
      .expect(201);
  });

  it("a receiving unit must lie in the receiving agency's province; a hand-over names one before it is submitted", async () => {
    const a = await createAsset(t, officer08a, custodian08);
    await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officer08a)).send({ since: '2025-07-01', reason: 'District abolished' }).expect(200);
    const mismatch = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({ assetId: a.id, type: 'reallocation', method: 'transfer', clauseIds: [clause], receivingAgencyId: custodian08, receivingUnit: unit01 })
      .expect(422);
    expect(mismatch.body).toMatchObject({ type: expect.stringMatching(/receiving-unit-mismatch$/), errors: [{ field: 'receivingUnit' }] });
    const noUnit = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({ assetId: a.id, type: 'reallocation', method: 'transfer', clauseIds: [clause], receivingAgencyId: agency01, newUse: 'working_office' })
      .expect(201);
    const submit = await t.http.post(`/api/v1/actions/${noUnit.body.id}/submit`).set(bearer(officer08a)).send({}).expect(422);
    expect(submit.body.errors).toEqual([expect.objectContaining({ field: 'receivingUnit' })]);
  });
});
