import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { attachDocument, createClause } from '../support/workflow';

describe('automatic checks on inspections', () => {
  let t: TestApp;
  let inspector08: string;
  let inspectorVn: string;
  let inspector01: string;
  let officer08: string;
  let officerId: string;
  let custodian: string;
  let clause: string;

  const surplusAsset = async () => {
    const a = await createAsset(t, officer08, custodian);
    await t.http
      .post(`/api/v1/assets/${a.id}/surplus`)
      .set(bearer(officer08))
      .send({ since: '2025-07-01', reason: 'Cấp huyện kết thúc hoạt động' })
      .expect(200);
    return a.id;
  };
  /** An action written straight into the database, as if it had got through the workflow. */
  const insertAction = async (assetId: string, { clause: cited, ...over }: Record<string, unknown>) => {
    const v: Record<string, unknown> = {
      asset_id: assetId,
      province_code: '08',
      type: 'disposal',
      method: 'sale',
      status: 'completed',
      decision_no: '12/QĐ-UBND',
      decision_date: '2025-11-10',
      decision_authority: 'UBND tỉnh Tuyên Quang',
      decision_recorded_at: '2025-11-10T03:00:00Z',
      created_by: officerId,
      submitted_by: officerId,
      completed_on: '2025-11-20',
      ...over,
    };
    const cols = Object.keys(v);
    const [row] = await t.sql<{ id: string }>(
      `INSERT INTO action (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      cols.map((c) => v[c]),
    );
    await t.sql(`INSERT INTO action_clause (action_id, clause_id) VALUES ($1, $2)`, [row.id, cited ?? clause]);
    return row.id;
  };
  const inspect = async (assetId: string) =>
    (
      await t.http
        .post('/api/v1/inspections')
        .set(bearer(inspector08))
        .send({ title: 'Kiểm tra bán trụ sở', subjectType: 'asset', assetId, plannedStart: '2025-12-01' })
        .expect(201)
    ).body.id as string;
  const run = (id: string, token = inspector08) => t.http.post(`/api/v1/inspections/${id}/run-checks`).set(bearer(token));

  beforeAll(async () => {
    t = await createTestApp();
    inspector08 = await t.userToken('inspector', '08');
    inspectorVn = await t.userToken('inspector', null);
    inspector01 = await t.userToken('inspector', '01');
    officer08 = await t.userToken('officer', '08', 'officer.tq');
    officerId = (await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'officer.tq'`))[0].id;
    custodian = (await createAgency(t, officer08)).id;
    clause = await createClause(t);
    // The impossible state (same user submits and approves) is built with the check dropped, in this test's own database only.
    await t.sql(`ALTER TABLE action DROP CONSTRAINT chk_action_four_eyes`);
  });
  afterAll(() => t.close());

  it('stores each suggestion once, with a fingerprint, and a re-run adds nothing', async () => {
    const assetId = await surplusAsset();
    const actionId = await insertAction(assetId, { valuation_amount: 9_000_000_000, sale_price: 8_500_000_000, approved_by: officerId });
    const id = await inspect(assetId);
    const first = await run(id).expect(200);
    expect(first.body.created).toBe(5);
    expect(first.body.alreadyPresent).toBe(0);
    const byCheck = Object.fromEntries(first.body.findings.map((f: { checkId: string }) => [f.checkId, f]));
    expect(Object.keys(byCheck).sort()).toEqual(['asset-status-mismatch', 'four-eyes', 'missing-documents', 'priority-ignored', 'sale-below-valuation']);
    expect(byCheck['sale-below-valuation']).toMatchObject({
      status: 'suggested',
      category: 'below_valuation',
      severity: 'critical',
      actionId,
      assetId,
      fingerprint: `sale-below-valuation:${actionId}`,
    });
    expect(byCheck['sale-below-valuation'].description).toContain('500000000 VND below');
    expect(byCheck['four-eyes']).toMatchObject({ severity: 'critical', description: expect.stringContaining('officer.tq') });
    expect(byCheck['missing-documents'].description).toContain('decision, valuation_report, auction_result');
    expect(byCheck['asset-status-mismatch']).toMatchObject({ assetId, fingerprint: `asset-status-mismatch:${assetId}` });
    const events = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE entity_type = 'finding' AND action = 'suggested'`);
    expect(events[0].n).toBe(5);

    // accept one, dismiss one: a re-run brings neither back
    const base = `/api/v1/inspections/${id}/findings`;
    const accepted = await t.http.post(`${base}/${byCheck['sale-below-valuation'].id}/accept`).set(bearer(inspector08)).expect(200);
    expect(accepted.body).toMatchObject({ status: 'open', decision: { by: expect.any(String) } });
    await t.http.post(`${base}/${byCheck['priority-ignored'].id}/dismiss`).set(bearer(inspector08)).send({ reason: 'Tờ trình có nêu lý do bán' }).expect(200);
    const second = await run(id).expect(200);
    expect(second.body).toEqual({ created: 0, alreadyPresent: 5, findings: [] });
    const list = await t.http.get(`${base}?status=suggested`).set(bearer(officer08)).expect(200);
    expect(list.body.items).toHaveLength(3);

    // critical suggestions count as unresolved when closing
    const insp = await t.http.get(`/api/v1/inspections/${id}`).set(bearer(inspector08)).expect(200);
    expect(insp.body.findings).toEqual({ suggested: 3, open: 1, resolved: 0, dismissed: 1, unresolvedCritical: 2 });
  });

  it('suggests nothing for an asset whose record is in order', async () => {
    const id = await inspect(await surplusAsset());
    expect((await run(id).expect(200)).body).toEqual({ created: 0, alreadyPresent: 0, findings: [] });
  });

  it('is for admins and inspectors in scope, on inspections not closed', async () => {
    const id = await inspect(await surplusAsset());
    await run(id, officer08).expect(403);
    await run(id, inspector01).expect(404);
    await run(id, inspectorVn).expect(200);
    await t.http
      .patch(`/api/v1/inspections/${id}`)
      .set(bearer(inspector08))
      .set('If-Match', '"1"')
      .send({ status: 'in_progress', actualStart: '2025-12-01' })
      .expect(200);
    await t.http
      .patch(`/api/v1/inspections/${id}`)
      .set(bearer(inspector08))
      .set('If-Match', '"2"')
      .send({ status: 'closed', conclusion: 'Không có sai phạm.' })
      .expect(200);
    expect((await run(id).expect(409)).body.type).toMatch(/inspection-closed$/);
  });

  it('lists suggestions for a province without storing them (GET /checks)', async () => {
    const assetId = await surplusAsset();
    const deadline = await createClause(t, { deadline: '2025-12-15' });
    // decided "on" 10 December, recorded on 20 December: after the 15 December deadline
    const backdated = await insertAction(assetId, {
      type: 'retention',
      method: 'permanent',
      decision_date: '2025-12-10',
      decision_recorded_at: '2025-12-20T03:00:00Z',
      completed_on: '2025-12-20',
      approved_by: null,
      clause: deadline,
    });
    const before = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM finding`))[0].n;
    const res = await t.http.get('/api/v1/checks?province=08').set(bearer(inspectorVn)).expect(200);
    expect(res.body).toMatchObject({ provinceCode: '08', periodStart: null, periodEnd: null });
    expect(res.body.checks.map((c: { id: string }) => c.id)).toContain('backdated-decision');
    const mine = res.body.suggestions.filter((s: { actionId: string }) => s.actionId === backdated);
    // (no decision document is attached either)
    expect(mine).toEqual([
      expect.objectContaining({ checkId: 'backdated-decision', category: 'backdated_decision', fingerprint: `backdated-decision:${backdated}` }),
      expect.objectContaining({ checkId: 'missing-documents', description: expect.stringMatching(/lacks: decision$/) }),
    ]);
    expect(mine[0].description).toContain('recorded only on 2025-12-20');
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM finding`))[0].n).toBe(before);

    // a period that excludes the decision leaves it out
    const outside = await t.http.get('/api/v1/checks?province=08&from=2025-07-01&to=2025-08-31').set(bearer(inspector08)).expect(200);
    expect(outside.body.suggestions.filter((s: { actionId: string }) => s.actionId === backdated)).toEqual([]);
    // a provincial inspector gets their own province by default
    expect((await t.http.get('/api/v1/checks').set(bearer(inspector08)).expect(200)).body.provinceCode).toBe('08');
  });

  it('flags a sale decided on a valuation older than its validity (6 months by default), built through the API', async () => {
    const approver = await t.userToken('officer', '08', 'officer.tq.b');
    /** A sale drafted with its valuation, submitted and approved by another officer on 10 November 2025. */
    const approvedSale = async (valuationDate: string) => {
      const assetId = await surplusAsset();
      const draft = await t.http
        .post('/api/v1/actions')
        .set(bearer(officer08))
        .send({
          assetId,
          type: 'disposal',
          method: 'sale',
          clauseIds: [clause],
          saleMethod: 'auction',
          justification: 'Không có nhu cầu y tế, giáo dục, văn hóa tại phường; phương án của tỉnh là bán đấu giá.',
          valuationAmount: 9_000_000_000,
          valuationDate,
        })
        .expect(201);
      await t.http.post(`/api/v1/actions/${draft.body.id}/submit`).set(bearer(officer08)).send({}).expect(200);
      await t.http
        .post(`/api/v1/actions/${draft.body.id}/approve`)
        .set(bearer(approver))
        .send({ decisionNo: '77/QĐ-UBND', decisionDate: '2025-11-10', decisionAuthority: 'Ủy ban nhân dân tỉnh Tuyên Quang' })
        .expect(200);
      return { assetId, actionId: draft.body.id as string };
    };
    const expiredOf = async (assetId: string) =>
      (await run(await inspect(assetId)).expect(200)).body.findings.filter((f: { checkId: string }) => f.checkId === 'valuation-expired');

    const stale = await approvedSale('2025-05-09');
    expect(await expiredOf(stale.assetId)).toEqual([
      expect.objectContaining({
        category: 'valuation_expired',
        severity: 'major',
        status: 'suggested',
        actionId: stale.actionId,
        fingerprint: `valuation-expired:${stale.actionId}`,
        description: expect.stringContaining(
          'decided on 2025-11-10 on a valuation dated 2025-05-09 (9000000000 VND), valid for 6 months, that is until 2025-11-09',
        ),
      }),
    ]);
    // valid to the day: valued 10 May, decided 10 November
    expect(await expiredOf((await approvedSale('2025-05-10')).assetId)).toEqual([]);
  });

  it('finds dates out of order recorded before the API refused them (rows inserted directly)', async () => {
    const findingsOf = async (assetId: string) =>
      (await run(await inspect(assetId)).expect(200)).body.findings.filter((f: { checkId: string }) => f.checkId === 'dates-out-of-order');
    // completed on 5 November and handed over on 4 November, on a decision dated 10 November
    const early = await surplusAsset();
    const done = await insertAction(early, {
      type: 'reallocation',
      method: 'transfer',
      completed_on: '2025-11-05',
      handover_date: '2025-11-04',
      approved_by: null,
    });
    expect(await findingsOf(early)).toEqual([
      expect.objectContaining({
        category: 'dates_inconsistent',
        severity: 'major',
        actionId: done,
        fingerprint: `dates-out-of-order:${done}`,
        description: expect.stringContaining(
          'the completion is dated 2025-11-05, before the decision of 2025-11-10; the hand-over is dated 2025-11-04, before the decision of 2025-11-10',
        ),
      }),
    ]);
    // an approved decision dated 15 June on a facility declared surplus from 1 July
    const undeclared = await surplusAsset();
    const approved = await insertAction(undeclared, {
      status: 'approved',
      decision_date: '2025-06-15',
      decision_recorded_at: '2025-06-15T03:00:00Z',
      completed_on: null,
    });
    expect(await findingsOf(undeclared)).toEqual([
      expect.objectContaining({
        actionId: approved,
        description: expect.stringMatching(/, the decision is dated 2025-06-15, before the surplus declaration of 2025-07-01$/),
      }),
    ]);
    // the same rows with their dates in order: nothing
    const inOrder = await surplusAsset();
    await insertAction(inOrder, { type: 'reallocation', method: 'transfer', completed_on: '2025-11-10', handover_date: '2025-11-10', approved_by: null });
    expect(await findingsOf(inOrder)).toEqual([]);
  });

  it('flags a facility renovated and then sold within 24 months, built through the API', async () => {
    const approver = await t.userToken('officer', '08', 'officer.tq.c');
    const step = (id: string, transition: string, token: string, body: Record<string, unknown> = {}) =>
      t.http.post(`/api/v1/actions/${id}/${transition}`).set(bearer(token)).send(body).expect(200);
    const decided = async (body: Record<string, unknown>, decisionDate: string) => {
      const draft = await t.http
        .post('/api/v1/actions')
        .set(bearer(officer08))
        .send({ clauseIds: [clause], ...body })
        .expect(201);
      await step(draft.body.id, 'submit', officer08);
      await step(draft.body.id, 'approve', approver, { decisionNo: '88/QĐ-UBND', decisionDate, decisionAuthority: 'Ủy ban nhân dân tỉnh Tuyên Quang' });
      return draft.body.id as string;
    };
    const renovatedOf = async (assetId: string) =>
      (await run(await inspect(assetId)).expect(200)).body.findings.filter((f: { checkId: string }) => f.checkId === 'renovated-then-disposed');

    // repaired in November 2025 for 850 million VND, declared surplus in December, its sale decided in January 2026
    const assetId = (await createAsset(t, officer08, custodian)).id;
    const repair = await decided({ assetId, type: 'renovation', method: 'repair', plannedCost: 800_000_000 }, '2025-11-10');
    await step(repair, 'start', officer08, { actualStart: '2025-11-12' });
    await attachDocument(t, repair, 'acceptance_minutes');
    await step(repair, 'complete', officer08, { actualCost: 850_000_000, actualEnd: '2025-11-20', completedOn: '2025-11-20' });
    await t.http
      .post(`/api/v1/assets/${assetId}/surplus`)
      .set(bearer(officer08))
      .send({ since: '2025-12-01', reason: 'Cấp huyện kết thúc hoạt động' })
      .expect(200);
    const saleBody = {
      assetId,
      type: 'disposal',
      method: 'sale',
      saleMethod: 'auction',
      justification: 'Không có nhu cầu y tế, giáo dục, văn hóa tại phường; phương án của tỉnh là bán đấu giá.',
    };
    const sale = await decided(saleBody, '2026-01-15');
    expect(await renovatedOf(assetId)).toEqual([
      expect.objectContaining({
        category: 'renovated_then_disposed',
        severity: 'major',
        actionId: sale,
        fingerprint: `renovated-then-disposed:${[sale, repair].sort().join('+')}`,
        description: expect.stringContaining(
          `was decided on 2026-01-15, within 24 months of the renovation ${repair} completed on 2025-11-20 at a cost of 850000000 VND`,
        ),
      }),
    ]);
    // the same sale on a facility never renovated: nothing
    const plain = await surplusAsset();
    await decided({ ...saleBody, assetId: plain }, '2026-01-15');
    expect(await renovatedOf(plain)).toEqual([]);
  });

  it("validates the dry list's parameters and scope", async () => {
    expect((await t.http.get('/api/v1/checks').set(bearer(inspectorVn)).expect(400)).body.errors[0].field).toBe('province');
    expect((await t.http.get('/api/v1/checks?province=8').set(bearer(inspectorVn)).expect(400)).body.errors[0].field).toBe('province');
    expect((await t.http.get('/api/v1/checks?province=99').set(bearer(inspectorVn)).expect(400)).body.errors[0].field).toBe('province');
    expect((await t.http.get('/api/v1/checks?province=08&from=2025-07-01').set(bearer(inspectorVn)).expect(400)).body.errors[0].field).toBe('to');
    expect((await t.http.get('/api/v1/checks?province=08&from=2025-07-01&to=2025-02-30').set(bearer(inspectorVn)).expect(400)).body.errors[0].field).toBe('to');
    await t.http.get('/api/v1/checks?province=08').set(bearer(inspector01)).expect(404);
    await t.http.get('/api/v1/checks?province=08').set(bearer(officer08)).expect(403);
  });
});
