import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { attachDocument, createClause } from '../support/workflow';

/** Dates that cannot be true are refused with a 422 naming the field (src/rules/date-sanity.ts); a lowered valuation needs a reason and is flagged. */
describe('dates that cannot be true', () => {
  let t: TestApp;
  let officerA: string;
  let officerB: string;
  let inspector: string;
  let custodian: string;
  let clause: string;

  const JUSTIFICATION = 'Không có nhu cầu y tế, giáo dục, văn hóa, thể thao tại khu vực này; phương án được duyệt là bán đấu giá.';
  const decision = (decisionDate: string) => ({ decisionNo: '55/QĐ-UBND', decisionDate, decisionAuthority: 'Ủy ban nhân dân tỉnh Tuyên Quang' });
  const step = (id: string, transition: string, token: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/v1/actions/${id}/${transition}`).set(bearer(token)).send(body);
  /** A surplus facility (built in 2004, surplus since 1 July 2025) with a submitted sale citing `clauseIds`. */
  const submittedSale = async (over: { assetOver?: Record<string, unknown>; clauseIds?: string[]; valuationAmount?: number } = {}) => {
    const a = await createAsset(t, officerA, custodian, over.assetOver ?? {});
    await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officerA)).send({ since: '2025-07-01', reason: 'Cấp huyện kết thúc hoạt động' }).expect(200);
    const res = await t.http
      .post('/api/v1/actions')
      .set(bearer(officerA))
      .send({
        assetId: a.id,
        type: 'disposal',
        method: 'sale',
        saleMethod: 'auction',
        justification: JUSTIFICATION,
        clauseIds: over.clauseIds ?? [clause],
        valuationAmount: over.valuationAmount,
      })
      .expect(201);
    await step(res.body.id, 'submit', officerA).expect(200);
    return { assetId: a.id, actionId: res.body.id as string };
  };
  const refused = async (res: { body: { type: string; errors: { field: string }[] } }, code: string, field: string) => {
    expect(res.body.type).toBe(`urn:vn-public-assets:problem:${code}`);
    expect(res.body.errors.map((e) => e.field)).toEqual([field]);
  };

  beforeAll(async () => {
    t = await createTestApp();
    officerA = await t.userToken('officer', '08');
    officerB = await t.userToken('officer', '08');
    inspector = await t.userToken('inspector', '08');
    custodian = (await createAgency(t, officerA)).id;
    clause = await createClause(t, { types: ['disposal'] });
  });
  afterAll(() => t.close());

  it('refuses a decision dated in a year before the asset was built', async () => {
    const { actionId } = await submittedSale({ assetOver: { yearBuilt: 2025 } });
    await refused(await step(actionId, 'approve', officerB, decision('2024-12-31')).expect(422), 'decision-before-asset', 'decisionDate');
  });

  it('refuses a decision dated before the asset became surplus, and takes the day itself', async () => {
    const { actionId } = await submittedSale();
    await refused(await step(actionId, 'approve', officerB, decision('2025-06-30')).expect(422), 'decision-before-surplus', 'decisionDate');
    await step(actionId, 'approve', officerB, decision('2025-07-01')).expect(200);
  });

  it('refuses a decision dated before a directive it cites was issued, naming it', async () => {
    const later = await createClause(t, { types: ['disposal'] });
    await t.sql(`UPDATE directive SET issued_on = '2025-11-15' WHERE id = (SELECT directive_id FROM directive_clause WHERE id = $1)`, [later]);
    const { actionId } = await submittedSale({ clauseIds: [clause, later] });
    const res = await step(actionId, 'approve', officerB, decision('2025-11-14')).expect(422);
    await refused(res, 'decision-before-directive', 'decisionDate');
    expect(res.body.detail).toMatch(/before the directive it cites was issued: TEST-[0-9a-f]+\/QĐ \(2025-11-15\)$/);
    expect((await step(actionId, 'approve', officerB, decision('2025-11-15')).expect(200)).body.status).toBe('approved');
  });

  it('refuses a completion dated before its decision', async () => {
    const { actionId } = await submittedSale();
    await step(actionId, 'approve', officerB, decision('2025-11-10')).expect(200);
    await step(actionId, 'start', officerA).expect(200);
    for (const k of ['decision', 'valuation_report', 'auction_result']) await attachDocument(t, actionId, k);
    const evidence = { valuationAmount: 9e9, salePrice: 9.5e9, buyer: 'Công ty TNHH A', proceedsPaid: 9.5e9 };
    await refused(
      await step(actionId, 'complete', officerA, { ...evidence, completedOn: '2025-11-09' }).expect(422),
      'completion-before-decision',
      'completedOn',
    );
    await step(actionId, 'complete', officerA, { ...evidence, completedOn: '2025-11-10' }).expect(200);
  });

  it('a valuation lowered at completion needs a reason, is kept with it, and the checks flag it', async () => {
    const { assetId, actionId } = await submittedSale({ valuationAmount: 9e9 });
    await step(actionId, 'approve', officerB, decision('2025-11-10')).expect(200);
    await step(actionId, 'start', officerA).expect(200);
    for (const k of ['decision', 'valuation_report', 'auction_result']) await attachDocument(t, actionId, k);
    const lowered = { valuationAmount: 8e9, salePrice: 8e9, buyer: 'Công ty TNHH B', proceedsPaid: 8e9 };
    await refused(await step(actionId, 'complete', officerA, lowered).expect(422), 'valuation-change-unexplained', 'valuationChangeReason');
    await refused(
      await step(actionId, 'complete', officerA, { ...lowered, valuationChangeReason: 'thẩm định lại' }).expect(422),
      'valuation-change-unexplained',
      'valuationChangeReason',
    );
    const reason = 'Hội đồng thẩm định lại giá vì hiện trạng nhà xuống cấp sau bão số 3.';
    const done = await step(actionId, 'complete', officerA, { ...lowered, valuationChangeReason: reason }).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', details: { valuationAmount: 8_000_000_000, salePrice: 8_000_000_000 } });
    const [stored] = await t.sql<{ valuation_at_approval: string; valuation_change_reason: string }>(
      `SELECT valuation_at_approval::text, valuation_change_reason FROM action WHERE id = $1`,
      [actionId],
    );
    expect(stored).toEqual({ valuation_at_approval: '9000000000', valuation_change_reason: reason });
    const [ev] = await t.sql<{ after: Record<string, unknown> }>(
      `SELECT after FROM event WHERE entity_type = 'action' AND entity_id = $1 AND action = 'completed'`,
      [actionId],
    );
    expect(ev.after).toMatchObject({ valuationAmount: 8_000_000_000, valuationChangeReason: reason });

    const inspection = (
      await t.http
        .post('/api/v1/inspections')
        .set(bearer(inspector))
        .send({ title: 'Kiểm tra bán trụ sở', subjectType: 'asset', assetId, plannedStart: '2025-12-01' })
        .expect(201)
    ).body.id;
    const run = await t.http.post(`/api/v1/inspections/${inspection}/run-checks`).set(bearer(inspector)).expect(200);
    const flagged = run.body.findings.filter((f: { checkId: string }) => f.checkId === 'valuation-lowered');
    expect(flagged).toEqual([
      expect.objectContaining({
        category: 'below_valuation',
        severity: 'major',
        actionId,
        description: expect.stringContaining(`1000000000 VND lower (reason given: ${reason})`),
      }),
    ]);
    // The price equals the lowered valuation: without this check nothing would have flagged the sale.
    expect(run.body.findings.filter((f: { checkId: string }) => f.checkId === 'sale-below-valuation')).toEqual([]);
  });
});
