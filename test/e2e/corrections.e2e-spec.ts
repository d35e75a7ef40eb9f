import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { attachDocument, createClause } from '../support/workflow';

/**
 * Correcting a completed action: a correcting action, with its reason and its own
 * decision, supersedes the completed one when it completes; both stay in the record, linked both
 * ways, and the reports count the correction from its dates (the corrected one until then).
 */
describe('correcting a completed action', () => {
  let t: TestApp;
  let officer08a: string;
  let officer08b: string;
  let officer01: string;
  let custodian08: string;
  let clause: string;

  const surplusAsset = async (): Promise<string> => {
    const a = await createAsset(t, officer08a, custodian08);
    await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officer08a)).send({ since: '2025-07-01', reason: 'District abolished' }).expect(200);
    return a.id;
  };
  /** Submits, approves (decided on `decisionDate`) and completes (on `completedOn`) a draft. */
  const carryOut = async (id: string, decisionDate: string, completedOn: string) => {
    await t.http.post(`/api/v1/actions/${id}/submit`).set(bearer(officer08a)).send({}).expect(200);
    await t.http
      .post(`/api/v1/actions/${id}/approve`)
      .set(bearer(officer08b))
      .send({ decisionNo: `${decisionDate}/QĐ-UBND`, decisionDate, decisionAuthority: 'UBND tỉnh' })
      .expect(200);
    await attachDocument(t, id, 'decision');
    return t.http.post(`/api/v1/actions/${id}/complete`).set(bearer(officer08a)).send({ completedOn }).expect(200);
  };
  const figures = async (asOf: string): Promise<Record<string, number>> => {
    const res = await t.http.get('/api/v1/reports/status').query({ scope: 'province', province: '08', as_of: asOf }).set(bearer(officer08a)).expect(200);
    const row = (res.body.rows as { provinceCode: string | null; cells: { key: string; facilities: number }[] }[]).find((r) => r.provinceCode === '08')!;
    return Object.fromEntries(row.cells.map((c) => [c.key, c.facilities]));
  };

  beforeAll(async () => {
    t = await createTestApp();
    officer08a = await t.userToken('officer', '08');
    officer08b = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    custodian08 = (await createAgency(t, officer08a)).id;
    clause = await createClause(t);
  });
  afterAll(() => t.close());

  it("supersedes the completed action from the correction's completion date; both stay, linked both ways; the figures follow the dates", async () => {
    const assetId = await surplusAsset();
    const first = (
      await t.http
        .post('/api/v1/actions')
        .set(bearer(officer08a))
        .send({ assetId, type: 'retention', method: 'permanent', clauseIds: [clause], newUse: 'working_office' })
        .expect(201)
    ).body;
    // Not completed yet: nothing to correct.
    const early = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({
        assetId,
        type: 'retention',
        method: 'permanent',
        clauseIds: [clause],
        newUse: 'health',
        correctsActionId: first.id,
        correctionReason: 'Nhầm mục đích sử dụng',
      })
      .expect(409);
    expect(early.body.type).toMatch(/action-not-correctable$/);
    await carryOut(first.id, '2025-11-10', '2025-11-20');

    // Both fields or neither; another province sees nothing to correct.
    const half = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({ assetId, type: 'retention', method: 'permanent', clauseIds: [clause], correctsActionId: first.id })
      .expect(422);
    expect(half.body.errors).toEqual([{ field: 'correctionReason', message: 'required' }]);
    const otherAsset = await surplusAsset();
    const wrongAsset = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({ assetId: otherAsset, type: 'retention', method: 'permanent', clauseIds: [clause], correctsActionId: first.id, correctionReason: 'x' })
      .expect(422);
    expect(wrongAsset.body.errors).toEqual([{ field: 'correctsActionId', message: 'an action of another asset' }]);
    await t.http
      .post('/api/v1/actions')
      .set(bearer(officer01))
      .send({ assetId, type: 'retention', method: 'permanent', correctsActionId: first.id, correctionReason: 'x' })
      .expect(404);

    const fix = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({
        assetId,
        type: 'retention',
        method: 'permanent',
        clauseIds: [clause],
        newUse: 'health',
        correctsActionId: first.id,
        correctionReason: 'Nhầm mục đích sử dụng: trạm y tế xã',
      })
      .expect(201);
    expect(fix.body).toMatchObject({
      status: 'draft',
      correction: { correctsActionId: first.id, reason: 'Nhầm mục đích sử dụng: trạm y tế xã' },
      supersession: null,
    });
    await t.http.post(`/api/v1/actions/${fix.body.id}/submit`).set(bearer(officer08a)).send({}).expect(200);
    // A correction is not dated before what it corrects.
    const backdated = await t.http
      .post(`/api/v1/actions/${fix.body.id}/approve`)
      .set(bearer(officer08b))
      .send({ decisionNo: '9/QĐ-UBND', decisionDate: '2025-11-05', decisionAuthority: 'UBND tỉnh' })
      .expect(422);
    expect(backdated.body).toMatchObject({ type: expect.stringMatching(/correction-predates-corrected$/), errors: [{ field: 'decisionDate' }] });
    await t.http
      .post(`/api/v1/actions/${fix.body.id}/approve`)
      .set(bearer(officer08b))
      .send({ decisionNo: '9/QĐ-UBND', decisionDate: '2025-12-01', decisionAuthority: 'UBND tỉnh' })
      .expect(200);
    await attachDocument(t, fix.body.id, 'decision');
    const tooEarly = await t.http.post(`/api/v1/actions/${fix.body.id}/complete`).set(bearer(officer08a)).send({ completedOn: '2025-11-19' }).expect(422);
    expect(tooEarly.body.errors).toEqual([expect.objectContaining({ field: 'completedOn' })]);
    // Approved, not completed: the completed action still counts.
    expect(await figures('2025-12-31')).toMatchObject({ handled: 1, 'new_use:working_office': 1, 'new_use:health': 0 });
    await t.http.post(`/api/v1/actions/${fix.body.id}/complete`).set(bearer(officer08a)).send({ completedOn: '2025-12-05' }).expect(200);

    const old = (await t.http.get(`/api/v1/actions/${first.id}`).set(bearer(officer08a)).expect(200)).body;
    expect(old).toMatchObject({
      status: 'completed',
      newUse: 'working_office',
      supersession: { supersededById: fix.body.id, on: '2025-12-05', recordedAt: expect.any(String) },
    });
    const corrected = (await t.http.get(`/api/v1/actions/${fix.body.id}`).set(bearer(officer08a)).expect(200)).body;
    expect(corrected).toMatchObject({ status: 'completed', newUse: 'health', correction: { correctsActionId: first.id }, supersession: null });
    const [event] = await t.sql<{ after: Record<string, unknown> }>(
      `SELECT after FROM event WHERE entity_type = 'action' AND entity_id = $1 AND action = 'superseded'`,
      [first.id],
    );
    expect(event.after).toEqual({ supersession: { supersededById: fix.body.id, on: '2025-12-05' } });

    // The reports: the corrected use until the correction's completion date, the correction from it; counted once
    // (the second surplus facility is otherAsset, untouched).
    expect(await figures('2025-12-04')).toMatchObject({ surplus: 2, handled: 1, remaining: 1, completed: 1, 'new_use:working_office': 1, 'new_use:health': 0 });
    expect(await figures('2025-12-05')).toMatchObject({ surplus: 2, handled: 1, remaining: 1, completed: 1, 'new_use:working_office': 0, 'new_use:health': 1 });

    // Superseded once: a second correction of it is refused.
    const again = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({ assetId, type: 'retention', method: 'permanent', clauseIds: [clause], correctsActionId: first.id, correctionReason: 'x' })
      .expect(409);
    expect(again.body.detail).toMatch(/already superseded/);
  });

  it('corrects a disposal that took the facility off the books: the correction puts it back in use', async () => {
    const assetId = await surplusAsset();
    const disposal = (
      await t.http
        .post('/api/v1/actions')
        .set(bearer(officer08a))
        .send({ assetId, type: 'disposal', method: 'liquidation', clauseIds: [clause] })
        .expect(201)
    ).body;
    await carryOut(disposal.id, '2025-11-10', '2025-11-20');
    expect((await t.sql<{ status: string }>(`SELECT status FROM asset WHERE id = $1`, [assetId]))[0].status).toBe('liquidated');
    // A plain action on it is still refused; a correction is not.
    await t.http
      .post('/api/v1/actions')
      .set(bearer(officer08a))
      .send({ assetId, type: 'retention', method: 'permanent', clauseIds: [clause] })
      .expect(409);
    const fix = (
      await t.http
        .post('/api/v1/actions')
        .set(bearer(officer08a))
        .send({
          assetId,
          type: 'retention',
          method: 'permanent',
          clauseIds: [clause],
          newUse: 'education_training',
          correctsActionId: disposal.id,
          correctionReason: 'Quyết định thanh lý bị hủy',
        })
        .expect(201)
    ).body;
    await carryOut(fix.id, '2025-11-25', '2025-11-28');
    expect((await t.sql<{ status: string }>(`SELECT status FROM asset WHERE id = $1`, [assetId]))[0].status).toBe('in_use');
    expect((await t.http.get(`/api/v1/actions/${disposal.id}`).set(bearer(officer08a)).expect(200)).body.supersession).toMatchObject({
      supersededById: fix.id,
      on: '2025-11-28',
    });
  });
});
