import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { todayInVietnam } from '../../src/common/dates';
import { addDays } from '../../src/common/dates';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { attachDocument, createClause } from '../support/workflow';

const JUSTIFICATION = 'No health, school or cultural need in this ward; the provincial plan sells it by auction.';

describe('the handling workflow: actions', () => {
  let t: TestApp;
  let officerA: string; // proposes and submits
  let officerB: string; // approves (four eyes)
  let officer01: string;
  let inspector: string;
  let viewer: string;
  let custodian: string;
  let receiver: string;
  let clause: string;

  const asset = async (over: Record<string, unknown> = {}) => {
    const a = await createAsset(t, officerA, custodian, over);
    await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officerA)).send({ since: '2025-07-01', reason: 'District abolished' }).expect(200);
    return a.id;
  };
  /** A draft; a retention or reallocation proposes a new use (working_office) unless the body says otherwise. */
  const draft = async (assetId: string, body: Record<string, unknown>) => {
    const chosen = body.type === 'retention' || body.type === 'reallocation' ? { newUse: 'working_office' } : {};
    const res = await t.http
      .post('/api/v1/actions')
      .set(bearer(officerA))
      .send({ assetId, clauseIds: [clause], ...chosen, ...body });
    if (res.status !== 201) throw new Error(`draft: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  };
  const step = (id: string, transition: string, token: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/v1/actions/${id}/${transition}`).set(bearer(token)).send(body);
  const approveBody = { decisionNo: '1234/QĐ-UBND', decisionDate: '2025-11-10', decisionAuthority: 'Ủy ban nhân dân tỉnh Tuyên Quang' };
  const assetStatus = async (id: string) => (await t.http.get(`/api/v1/assets/${id}`).set(bearer(viewer)).expect(200)).body.status;

  beforeAll(async () => {
    t = await createTestApp();
    officerA = await t.userToken('officer', '08', 'officer.a');
    officerB = await t.userToken('officer', '08', 'officer.b');
    officer01 = await t.userToken('officer', '01');
    inspector = await t.userToken('inspector', null);
    viewer = await t.userToken('viewer');
    custodian = (await createAgency(t, officerA)).id;
    receiver = (
      await createAgency(t, officerA, { name: 'Trung tâm Y tế khu vực', kind: 'public_service_unit', unit: { era: 'new', level: 'commune', code: '00694' } })
    ).id;
    clause = await createClause(t);
  });
  afterAll(() => t.close());

  describe('drafts', () => {
    it('creates a draft with its clauses and deadline', async () => {
      const id = await asset();
      const res = await t.http
        .post('/api/v1/actions')
        .set(bearer(officerA))
        .send({ assetId: id, type: 'reallocation', method: 'transfer', clauseIds: [clause], receivingAgencyId: receiver })
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'draft',
        type: 'reallocation',
        method: 'transfer',
        provinceCode: '08',
        deadline: '2030-12-31',
        overdue: null,
        decision: null,
        version: 1,
      });
      expect(res.body.clauses).toEqual([expect.objectContaining({ id: clause, deadline: '2030-12-31' })]);
      expect(res.body.details).toMatchObject({ receivingAgencyId: receiver });
      expect(await assetStatus(id)).toBe('surplus');
      // The asset and the trail have the fields their documented schemas name, no more, no fewer.
      const schemas = (
        JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as { components: { schemas: Record<string, { properties: object }> } }
      ).components.schemas;
      expect(Object.keys(res.body.asset).sort()).toEqual(Object.keys(schemas.ActionAssetDto.properties).sort());
      expect(res.body.asset).toEqual({ id, code: expect.any(String), name: expect.any(String), status: 'surplus' });
      expect(Object.keys(res.body.trail).sort()).toEqual(Object.keys(schemas.ActionTrailDto.properties).sort());
      expect(res.body.trail).toMatchObject({ createdBy: expect.any(String), submittedBy: null, completedOn: null });
    });

    it.each([
      [{ type: 'disposal', method: 'transfer' }, 'method'],
      [{ type: 'teleport', method: 'sale' }, 'type'],
      [{ type: 'disposal', method: 'sale', valuationAmount: -5 }, 'valuationAmount'],
      [{ type: 'disposal', method: 'sale', valuationAmount: 1.5 }, 'valuationAmount'],
      [{ type: 'repurposing', method: 'change_of_function', purposeCode: 'casino' }, 'purposeCode'],
      [{ type: 'repurposing', method: 'change_of_function', purposeCode: 'health', targetLandUseCategory: 'XYZ' }, 'targetLandUseCategory'],
      [{ type: 'reallocation', method: 'transfer', receivingAgencyId: '00000000-0000-4000-8000-000000000000' }, 'receivingAgencyId'],
      [{ type: 'reallocation', method: 'transfer', clauseIds: ['00000000-0000-4000-8000-000000000000'] }, 'clauseIds'],
      [{ type: 'renovation', method: 'repair', plannedStart: '2025/12/01' }, 'plannedStart'],
      [{ type: 'retention', method: 'permanent', status: 'approved' }, 'status'],
    ])('refuses %j naming %s', async (body, field) => {
      const id = await asset();
      const res = await t.http
        .post('/api/v1/actions')
        .set(bearer(officerA))
        .send({ assetId: id, clauseIds: [clause], ...body })
        .expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('keeps to the province and to writers', async () => {
      const id = await asset();
      // Another province's asset does not exist for this officer: 404 naming the field, as for an unknown one.
      const outside = await t.http.post('/api/v1/actions').set(bearer(officer01)).send({ assetId: id, type: 'retention', method: 'permanent' }).expect(404);
      expect(outside.body.errors).toEqual([{ field: 'assetId', message: 'unknown asset' }]);
      await t.http.post('/api/v1/actions').set(bearer(inspector)).send({ assetId: id, type: 'retention', method: 'permanent' }).expect(403);
      await t.http.post('/api/v1/actions').set(bearer(viewer)).send({ assetId: id, type: 'retention', method: 'permanent' }).expect(403);
      const a = await draft(id, { type: 'retention', method: 'permanent' });
      await t.http.get(`/api/v1/actions/${a.id}`).set(bearer(officer01)).expect(404);
      await t.http.get(`/api/v1/actions/${a.id}`).set(bearer(inspector)).expect(200);
    });

    it('edits a draft with If-Match, and nothing past draft', async () => {
      const a = await draft(await asset(), { type: 'disposal', method: 'liquidation' });
      await t.http.patch(`/api/v1/actions/${a.id}`).set(bearer(officerA)).send({ method: 'sale' }).expect(428);
      await t.http.patch(`/api/v1/actions/${a.id}`).set(bearer(officerA)).set('If-Match', '"9"').send({ method: 'sale' }).expect(412);
      await t.http.patch(`/api/v1/actions/${a.id}`).set(bearer(officerA)).set('If-Match', '"1"').send({ method: 'transfer' }).expect(422);
      const res = await t.http
        .patch(`/api/v1/actions/${a.id}`)
        .set(bearer(officerA))
        .set('If-Match', '"1"')
        .send({ method: 'sale', justification: JUSTIFICATION, valuationAmount: 9_000_000_000 })
        .expect(200);
      expect(res.body).toMatchObject({ method: 'sale', version: 2, details: { valuationAmount: 9_000_000_000 } });
      await step(a.id, 'submit', officerA).expect(200);
      const late = await t.http.patch(`/api/v1/actions/${a.id}`).set(bearer(officerA)).set('If-Match', '"3"').send({ notes: 'x' }).expect(409);
      expect(late.body.type).toMatch(/action-not-draft$/);
    });
  });

  describe('submit', () => {
    it('needs a cited clause that authorises the type and is in force', async () => {
      const none = await draft(await asset(), { type: 'retention', method: 'permanent', clauseIds: [] });
      expect((await step(none.id, 'submit', officerA).expect(422)).body.type).toMatch(/no-authorising-clause$/);
      const otherType = await draft(await asset(), { type: 'retention', method: 'permanent', clauseIds: [await createClause(t, { types: ['disposal'] })] });
      expect((await step(otherType.id, 'submit', officerA).expect(422)).body.type).toMatch(/no-authorising-clause$/);
      const future = await draft(await asset(), { type: 'retention', method: 'permanent', clauseIds: [await createClause(t, { validFrom: '2099-01-01' })] });
      expect((await step(future.id, 'submit', officerA).expect(422)).body.type).toMatch(/clause-not-in-force$/);
      const expired = await draft(await asset(), {
        type: 'retention',
        method: 'permanent',
        clauseIds: [await createClause(t, { validFrom: '2020-01-01', validTo: '2024-12-31' })],
      });
      expect((await step(expired.id, 'submit', officerA).expect(422)).body.type).toMatch(/clause-not-in-force$/);
    });

    it('a sale citing a clause that allows only transfers is refused; a transfer citing it goes ahead', async () => {
      const transferOnly = await createClause(t, { types: ['reallocation', 'disposal'], methods: ['transfer'] });
      const sale = await draft(await asset(), {
        type: 'disposal',
        method: 'sale',
        justification: JUSTIFICATION,
        saleMethod: 'auction',
        clauseIds: [transferOnly],
      });
      const refused = await step(sale.id, 'submit', officerA).expect(422);
      expect(refused.body).toMatchObject({
        type: expect.stringMatching(/no-authorising-clause$/),
        detail: expect.stringContaining('authorise a disposal but not by sale'),
        errors: [{ field: 'clauseIds', message: 'needs a clause authorising a disposal by sale' }],
      });
      const transfer = await draft(await asset(), { type: 'reallocation', method: 'transfer', receivingAgencyId: receiver, clauseIds: [transferOnly] });
      await step(transfer.id, 'submit', officerA).expect(200);
    });

    it('needs a justification for a sale and for a purpose outside the priority order', async () => {
      const sale = await draft(await asset(), { type: 'disposal', method: 'sale' });
      const res = await step(sale.id, 'submit', officerA).expect(422);
      expect(res.body).toMatchObject({ type: expect.stringMatching(/justification-required$/), errors: [{ field: 'justification' }] });
      const office = await draft(await asset(), { type: 'repurposing', method: 'change_of_function', purposeCode: 'office', justification: 'short' });
      expect((await step(office.id, 'submit', officerA).expect(422)).body.type).toMatch(/justification-required$/);
      const health = await draft(await asset(), { type: 'repurposing', method: 'change_of_function', purposeCode: 'health' });
      await step(health.id, 'submit', officerA).expect(200);
    });

    it("needs each type's fields", async () => {
      const res = await step((await draft(await asset(), { type: 'reallocation', method: 'transfer' })).id, 'submit', officerA).expect(422);
      expect(res.body).toMatchObject({ type: expect.stringMatching(/action-incomplete$/), errors: [{ field: 'receivingAgencyId' }] });
    });

    it('puts the asset in action_pending and records both changes', async () => {
      const id = await asset();
      const a = await draft(id, { type: 'retention', method: 'permanent' });
      const res = await step(a.id, 'submit', officerA).expect(200);
      expect(res.body).toMatchObject({
        status: 'submitted',
        asset: { status: 'action_pending' },
        trail: { submittedBy: expect.any(String), submittedAt: expect.any(String) },
      });
      expect(await t.sql(`SELECT action, after FROM event WHERE entity_type = 'asset' AND entity_id = $1 AND action LIKE 'action-%'`, [id])).toEqual([
        { action: 'action-submit', after: { status: 'action_pending', actionId: a.id } },
      ]);
    });

    it('lets exactly one of 20 concurrent submits on one asset through', async () => {
      const id = await asset();
      const drafts = [];
      for (let i = 0; i < 20; i++) drafts.push(await draft(id, { type: 'retention', method: 'permanent' }));
      const results = await Promise.all(drafts.map((d) => step(d.id, 'submit', officerA)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.type).toMatch(/asset-has-open-action$/);
      expect(await t.sql(`SELECT count(*)::int AS n FROM action WHERE asset_id = $1 AND status IN ('submitted', 'approved', 'in_progress')`, [id])).toEqual([
        { n: 1 },
      ]);
    });

    it('is backed by the database: a second open action on an asset is refused by the index', async () => {
      const id = await asset();
      await step((await draft(id, { type: 'retention', method: 'permanent' })).id, 'submit', officerA).expect(200);
      await expect(
        t.sql(`INSERT INTO action (asset_id, province_code, type, method, status) VALUES ($1, '08', 'retention', 'temporary', 'submitted')`, [id]),
      ).rejects.toThrow(/uq_action_one_open_per_asset/);
    });
  });

  describe('approve', () => {
    it('records the decision by another user, with the date it bears and the time it was recorded', async () => {
      const a = await draft(await asset(), { type: 'retention', method: 'permanent' });
      await step(a.id, 'submit', officerA).expect(200);
      const same = await step(a.id, 'approve', officerA, approveBody).expect(409);
      expect(same.body.type).toMatch(/four-eyes$/);
      const res = await step(a.id, 'approve', officerB, approveBody).expect(200);
      expect(res.body).toMatchObject({
        status: 'approved',
        decision: { number: '1234/QĐ-UBND', date: '2025-11-10', authority: 'Ủy ban nhân dân tỉnh Tuyên Quang', recordedAt: expect.any(String) },
      });
      expect(res.body.decision.recordedAt.slice(0, 10)).not.toBe('2025-11-10');
    });

    it.each([
      [{ decisionNo: '' }, 'decisionNo'],
      [{ decisionDate: undefined }, 'decisionDate'],
      [{ decisionDate: '10/11/2025' }, 'decisionDate'],
      [{ decisionAuthority: undefined }, 'decisionAuthority'],
    ])('refuses an incomplete decision %j', async (over, field) => {
      const a = await draft(await asset(), { type: 'retention', method: 'permanent' });
      await step(a.id, 'submit', officerA).expect(200);
      const res = await step(a.id, 'approve', officerB, { ...approveBody, ...over }).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses a decision dated in the future or on an impossible date', async () => {
      const a = await draft(await asset(), { type: 'retention', method: 'permanent' });
      await step(a.id, 'submit', officerA).expect(200);
      expect((await step(a.id, 'approve', officerB, { ...approveBody, decisionDate: addDays(todayInVietnam(), 1) }).expect(422)).body.type).toMatch(
        /decision-date-in-future$/,
      );
      await step(a.id, 'approve', officerB, { ...approveBody, decisionDate: '2025-02-30' }).expect(422);
    });
  });

  describe('complete', () => {
    const approved = async (assetId: string, body: Record<string, unknown>) => {
      const a = await draft(assetId, body);
      await step(a.id, 'submit', officerA).expect(200);
      await step(a.id, 'approve', officerB, approveBody).expect(200);
      return a.id;
    };

    it('a sale: evidence and papers first, then the asset is sold', async () => {
      const id = await asset();
      const a = await approved(id, { type: 'disposal', method: 'sale', justification: JUSTIFICATION, saleMethod: 'auction' });
      const noPapers = await step(a, 'complete', officerA, { valuationAmount: 9e9, salePrice: 9.5e9, buyer: 'Công ty TNHH A', proceedsPaid: 9.5e9 }).expect(
        422,
      );
      expect(noPapers.body.type).toMatch(/documents-missing$/);
      for (const k of ['decision', 'valuation_report', 'auction_result']) await attachDocument(t, a, k);
      const noBuyer = await step(a, 'complete', officerA, { valuationAmount: 9e9, salePrice: 9.5e9 }).expect(422);
      expect(noBuyer.body).toMatchObject({ type: expect.stringMatching(/evidence-missing$/), errors: [{ field: 'buyer' }, { field: 'proceedsPaid' }] });
      expect(await assetStatus(id)).toBe('action_pending');
      const res = await step(a, 'complete', officerA, { valuationAmount: 9e9, salePrice: 9.5e9, buyer: 'Công ty TNHH A', proceedsPaid: 9.5e9 }).expect(200);
      expect(res.body).toMatchObject({ status: 'completed', asset: { status: 'sold' }, details: { salePrice: 9_500_000_000, proceedsPaid: 9_500_000_000 } });
      expect(await assetStatus(id)).toBe('sold');
      const removal = await t.http.delete(`/api/v1/assets/${id}`).set(bearer(t.adminToken)).expect(409);
      expect(removal.body.type).toMatch(/asset-not-removable$/);
    });

    it('a reallocation: minutes confirmed by both sides; the facility stays in the register, in use with its new custodian and unit', async () => {
      const id = await asset();
      const before = (await t.http.get(`/api/v1/assets/${id}`).set(bearer(viewer))).body;
      const a = await approved(id, {
        type: 'reallocation',
        method: 'transfer',
        receivingAgencyId: receiver,
        receivingUnit: { era: 'new', level: 'commune', code: '00694' },
        newUse: 'health',
        // The health centre works in the office building on its office land: no plan update (see the next test).
        targetLandUseCategory: 'TSC',
      });
      await attachDocument(t, a, 'decision');
      await attachDocument(t, a, 'handover_minutes');
      // The formal hand-over carries out the decision of 10 November: it cannot be dated before it.
      const early = await step(a, 'complete', officerA, {
        handoverDate: '2025-11-09',
        minutesConfirmedBySender: true,
        minutesConfirmedByReceiver: true,
        completedOn: '2025-11-20',
      }).expect(422);
      expect(early.body.type).toMatch(/handover-before-decision$/);
      expect(early.body.errors).toEqual([{ field: 'handoverDate', message: 'not before the decision (2025-11-10)' }]);
      const half = await step(a, 'complete', officerA, { handoverDate: '2025-11-20', minutesConfirmedBySender: true }).expect(422);
      expect(half.body.errors).toEqual([{ field: 'minutesConfirmed', message: 'hand-over minutes confirmed by both sides' }]);
      const done = await step(a, 'complete', officerA, {
        handoverDate: '2025-11-20',
        minutesConfirmedBySender: true,
        minutesConfirmedByReceiver: true,
        completedOn: '2025-11-20',
      }).expect(200);
      expect(done.body).toMatchObject({ status: 'completed', newUse: 'health', asset: { status: 'in_use' } });
      const after = (await t.http.get(`/api/v1/assets/${id}`).set(bearer(viewer))).body;
      // The same asset (identity, code and history kept), in use, no longer surplus.
      expect(after).toMatchObject({ id, code: before.code, status: 'in_use', custodian: { id: receiver }, currentUnit: { code: '00694' }, surplus: null });
      const [event] = await t.sql<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
        `SELECT before, after FROM event WHERE entity_type = 'asset' AND entity_id = $1 AND action = 'action-complete'`,
        [id],
      );
      expect(event.after).toMatchObject({ status: 'in_use', currentUnit: '00694', surplusSince: null, actionId: a });
      expect(event.before).toMatchObject({ status: 'action_pending', surplusSince: '2025-07-01' });
      // The reports read the new custodian and unit from the completion date on (asset_version), the old ones before it.
      expect(
        await t.sql(
          `SELECT to_char(v.valid_from, 'YYYY-MM-DD') AS valid_from, v.custodian_id, u.code FROM asset_version v JOIN admin_unit u ON u.id = v.current_unit_id WHERE v.asset_id = $1 ORDER BY v.seq`,
          [id],
        ),
      ).toEqual([
        { valid_from: null, custodian_id: before.custodian.id, code: before.currentUnit.code },
        { valid_from: '2025-11-20', custodian_id: receiver, code: '00694' },
      ]);
      // Its surplus episode is closed as handled (not withdrawn); a later declaration opens a new one.
      expect(
        await t.sql(`SELECT to_char(handled_on, 'YYYY-MM-DD') AS handled_on, handled_action_id, withdrawn_on FROM surplus_declaration WHERE asset_id = $1`, [
          id,
        ]),
      ).toEqual([{ handled_on: '2025-11-20', handled_action_id: a, withdrawn_on: null }]);
      await t.http
        .post(`/api/v1/assets/${id}/surplus`)
        .set(bearer(officerA))
        .send({ since: '2025-12-01', reason: 'Trung tâm y tế chuyển về cơ sở mới' })
        .expect(200);
      expect(
        await t.sql(
          `SELECT to_char(since, 'YYYY-MM-DD') AS since, handled_on IS NOT NULL AS handled FROM surplus_declaration WHERE asset_id = $1 ORDER BY since`,
          [id],
        ),
      ).toEqual([
        { since: '2025-07-01', handled: true },
        { since: '2025-12-01', handled: false },
      ]);
    });

    it('records the new use: chosen by the decision for a retention or reallocation, derived for a disposal or repurposing, none for a renovation', async () => {
      const retention = await draft(await asset(), { type: 'retention', method: 'permanent', newUse: null });
      await step(retention.id, 'submit', officerA).expect(200);
      const missing = await step(retention.id, 'approve', officerB, approveBody).expect(422);
      expect(missing.body).toMatchObject({ type: expect.stringMatching(/new-use-required$/), errors: [{ field: 'newUse' }] });
      const notChosen = await step(retention.id, 'approve', officerB, { ...approveBody, newUse: 'land_fund_or_housing_business' }).expect(422);
      expect(notChosen.body.type).toMatch(/new-use-not-applicable$/);
      expect((await step(retention.id, 'approve', officerB, { ...approveBody, newUse: 'official_housing' }).expect(200)).body.newUse).toBe('official_housing');
      await attachDocument(t, retention.id, 'decision');
      const other = await step(retention.id, 'complete', officerA, { newUse: 'health' }).expect(409);
      expect(other.body.type).toMatch(/new-use-decided$/);
      expect((await step(retention.id, 'complete', officerA, { newUse: 'official_housing' }).expect(200)).body).toMatchObject({
        status: 'completed',
        newUse: 'official_housing',
      });

      const landFund = await draft(await asset(), { type: 'disposal', method: 'land_fund' });
      expect(landFund).toMatchObject({ newUse: null });
      await step(landFund.id, 'submit', officerA).expect(200);
      expect((await step(landFund.id, 'approve', officerB, { ...approveBody, newUse: 'working_office' }).expect(422)).body.type).toMatch(
        /new-use-not-applicable$/,
      );
      expect((await step(landFund.id, 'approve', officerB, approveBody).expect(200)).body.newUse).toBe('land_fund_or_housing_business');
      await attachDocument(t, landFund.id, 'decision');
      expect((await step(landFund.id, 'complete', officerA).expect(200)).body.asset.status).toBe('transferred'); // off the public books

      const school = await draft(await asset(), { type: 'repurposing', method: 'change_of_function', purposeCode: 'education', justification: JUSTIFICATION });
      await step(school.id, 'submit', officerA).expect(200);
      expect((await step(school.id, 'approve', officerB, approveBody).expect(200)).body.newUse).toBe('education_training');

      const repair = await draft(await asset(), { type: 'renovation', method: 'repair', plannedCost: 100_000_000 });
      await step(repair.id, 'submit', officerA).expect(200);
      expect((await step(repair.id, 'approve', officerB, approveBody).expect(200)).body.newUse).toBeNull();
    });

    it('refuses a new use a draft cannot propose', async () => {
      for (const body of [
        { type: 'disposal', method: 'sale', newUse: 'other_use_under_plan' },
        { type: 'renovation', method: 'repair', newUse: 'health' },
        { type: 'retention', method: 'permanent', newUse: 'other_use_under_plan' },
      ]) {
        const res = await t.http
          .post('/api/v1/actions')
          .set(bearer(officerA))
          .send({ assetId: await asset(), clauseIds: [clause], ...body })
          .expect(422);
        expect(res.body).toMatchObject({ type: expect.stringMatching(/new-use-not-applicable$/), errors: [{ field: 'newUse' }] });
      }
      await t.http
        .post('/api/v1/actions')
        .set(bearer(officerA))
        .send({ assetId: await asset(), clauseIds: [clause], type: 'retention', method: 'permanent', newUse: 'teleport' })
        .expect(422);
    });

    it('a renovation: under renovation once started, back in use when done', async () => {
      const id = await asset();
      const a = await approved(id, { type: 'renovation', method: 'repair', plannedCost: 800_000_000 });
      await step(a, 'start', officerA, { actualStart: '2025-11-15' }).expect(200);
      expect(await assetStatus(id)).toBe('under_renovation');
      await attachDocument(t, a, 'acceptance_minutes');
      await step(a, 'complete', officerA, { actualCost: 850_000_000, actualEnd: addDays(todayInVietnam(), 3) }).expect(422);
      const res = await step(a, 'complete', officerA, { actualCost: 850_000_000, actualEnd: todayInVietnam() }).expect(200);
      expect(res.body.details).toMatchObject({ plannedCost: 800_000_000, actualCost: 850_000_000, actualStart: '2025-11-15' });
      expect(await assetStatus(id)).toBe('in_use');
    });

    it('a repurposing is blocked until its land-use plan update is approved', async () => {
      const id = await asset({ landUseCategory: 'TSC' });
      const a = await approved(id, { type: 'repurposing', method: 'change_of_function', purposeCode: 'health' });
      await attachDocument(t, a, 'decision');
      const blocked = await step(a, 'complete', officerA).expect(409);
      expect(blocked.body.type).toMatch(/plan-update-required$/);
      const [plan] = await t.sql<{ id: string }>(
        `INSERT INTO land_use_plan (unit_id, province_code, kind, title, period_start, period_end) SELECT id, '08', 'land_use', 'QH 2021-2030', 2021, 2030 FROM admin_unit WHERE era = 'new' AND level = 'province' AND code = '08' RETURNING id`,
      );
      await t.sql(
        `INSERT INTO plan_update (plan_id, province_code, asset_id, from_category, to_category, status, action_id) VALUES ($1, '08', $2, 'TSC', 'DYT', 'proposed', $3)`,
        [plan.id, id, a],
      );
      await step(a, 'complete', officerA).expect(409);
      await t.sql(
        `UPDATE plan_update SET status = 'approved', decision_no = '88/QĐ-UBND', decision_date = '2025-11-01', decision_recorded_at = now() WHERE action_id = $1`,
        [a],
      );
      await step(a, 'complete', officerA).expect(200);
      expect((await t.http.get(`/api/v1/assets/${id}`).set(bearer(viewer))).body).toMatchObject({ status: 'in_use', landUseCategory: 'DYT', surplus: null });
    });

    it('a reallocation whose new use needs another land-use category waits for its approved plan update; one keeping the category does not', async () => {
      const handover = { handoverDate: '2025-11-20', minutesConfirmedBySender: true, minutesConfirmedByReceiver: true, completedOn: '2025-11-20' };
      const reallocate = async (assetId: string, newUse: string) => {
        const a = await approved(assetId, { type: 'reallocation', method: 'transfer', receivingAgencyId: receiver, newUse });
        await attachDocument(t, a, 'decision');
        await attachDocument(t, a, 'handover_minutes');
        return a;
      };
      const pending = async () =>
        (await t.http.get('/api/v1/plan-updates/pending').set(bearer(officerA)).expect(200)).body.items as {
          actionId: string;
          fromCategory: string;
          toCategory: string;
        }[];

      // An office plot (TSC) reallocated to a school: education implies DGD.
      const school = await asset({ landUseCategory: 'TSC' });
      const a = await reallocate(school, 'education_training');
      expect(await pending()).toContainEqual(expect.objectContaining({ actionId: a, actionStatus: 'approved', fromCategory: 'TSC', toCategory: 'DGD' }));
      const blocked = await step(a, 'complete', officerA, handover).expect(409);
      expect(blocked.body.type).toMatch(/plan-update-required$/);
      expect(blocked.body.detail).toContain('TSC → DGD');

      const plan = (
        await t.http
          .post('/api/v1/land-use-plans')
          .set(bearer(officerA))
          .send({
            unit: { era: 'new', level: 'province', code: '08' },
            kind: 'land_use',
            title: 'Quy hoạch sử dụng đất 2021-2030',
            periodStart: 2021,
            periodEnd: 2030,
            decisionNo: '325/QĐ-TTg',
            decisionDate: '2024-03-19',
          })
          .expect(201)
      ).body.id;
      // The update must be the change the reallocation needs.
      const wrong = await t.http
        .post(`/api/v1/land-use-plans/${plan}/updates`)
        .set(bearer(officerA))
        .send({ assetId: school, toCategory: 'DYT', actionId: a })
        .expect(422);
      expect(wrong.body.errors).toEqual([{ field: 'toCategory', message: 'the action needs DGD' }]);
      const update = (
        await t.http.post(`/api/v1/land-use-plans/${plan}/updates`).set(bearer(officerA)).send({ assetId: school, toCategory: 'DGD', actionId: a }).expect(201)
      ).body;
      expect((await step(a, 'complete', officerA, handover).expect(409)).body.type).toMatch(/plan-update-required$/); // proposed is not approved
      await t.http
        .post(`/api/v1/land-use-plans/${plan}/updates/${update.id}/approve`)
        .set(bearer(officerA))
        .send({ decisionNo: '88/QĐ-UBND', decisionDate: '2025-11-01' })
        .expect(200);
      expect((await pending()).map((p) => p.actionId)).not.toContain(a);
      await step(a, 'complete', officerA, handover).expect(200);
      expect((await t.http.get(`/api/v1/assets/${school}`).set(bearer(viewer))).body).toMatchObject({
        status: 'in_use',
        custodian: { id: receiver },
        landUseCategory: 'DGD',
        surplus: null,
      });

      // An office plot reallocated as an office keeps TSC: it completes without a plan update and is never pending.
      const office = await asset({ landUseCategory: 'TSC' });
      const kept = await reallocate(office, 'working_office');
      expect((await pending()).map((p) => p.actionId)).not.toContain(kept);
      await step(kept, 'complete', officerA, handover).expect(200);
      expect((await t.http.get(`/api/v1/assets/${office}`).set(bearer(viewer))).body).toMatchObject({ landUseCategory: 'TSC', custodian: { id: receiver } });
    });

    it('a retention keeps the facility in use and clears the surplus declaration', async () => {
      const id = await asset();
      const a = await approved(id, { type: 'retention', method: 'permanent' });
      await attachDocument(t, a, 'decision');
      await step(a, 'complete', officerA).expect(200);
      expect((await t.http.get(`/api/v1/assets/${id}`).set(bearer(viewer))).body).toMatchObject({ status: 'in_use', surplus: null });
    });

    it('lets exactly one of 20 concurrent completes through, changing the asset once', async () => {
      const id = await asset();
      const a = await approved(id, { type: 'disposal', method: 'liquidation' });
      await attachDocument(t, a, 'decision');
      const results = await Promise.all(Array.from({ length: 20 }, () => step(a, 'complete', officerA)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(19);
      expect(await assetStatus(id)).toBe('liquidated');
      expect(await t.sql(`SELECT count(*)::int AS n FROM event WHERE entity_type = 'asset' AND entity_id = $1 AND action = 'action-complete'`, [id])).toEqual([
        { n: 1 },
      ]);
    });
  });

  describe('the state machine over HTTP', () => {
    it('refuses transitions the status does not allow', async () => {
      const a = await draft(await asset(), { type: 'retention', method: 'permanent' });
      for (const [transition, body] of [
        ['approve', approveBody],
        ['reject', { reason: 'x' }],
        ['start', {}],
        ['complete', {}],
      ] as const) {
        const res = await step(a.id, transition, officerB, body).expect(409);
        expect(res.body.type).toMatch(/invalid-transition$/);
      }
    });

    it('reject and cancel give the asset back its status', async () => {
      const id = await asset();
      const a = await draft(id, { type: 'retention', method: 'permanent' });
      await step(a.id, 'submit', officerA).expect(200);
      await step(a.id, 'reject', officerB, {}).expect(422);
      await step(a.id, 'reject', officerB, { reason: 'Not enough papers' }).expect(200);
      expect(await assetStatus(id)).toBe('surplus');
      const b = await draft(id, { type: 'retention', method: 'temporary' });
      await step(b.id, 'submit', officerA).expect(200);
      await step(b.id, 'approve', officerB, approveBody).expect(200);
      await step(b.id, 'cancel', officerA, { reason: 'Plan changed' }).expect(200);
      expect(await assetStatus(id)).toBe('surplus');
      await step(b.id, 'cancel', officerA, { reason: 'again' }).expect(409);
    });

    it('is closed to inspectors and viewers on every transition', async () => {
      const a = await draft(await asset(), { type: 'retention', method: 'permanent' });
      for (const token of [inspector, viewer]) {
        for (const transition of ['submit', 'approve', 'reject', 'start', 'complete', 'cancel']) await step(a.id, transition, token, {}).expect(403);
        await t.http.patch(`/api/v1/actions/${a.id}`).set(bearer(token)).set('If-Match', '"1"').send({}).expect(403);
      }
      await step(a.id, 'submit', officer01).expect(404);
    });

    it('honours a stale If-Match on a transition with 412', async () => {
      const a = await draft(await asset(), { type: 'retention', method: 'permanent' });
      await t.http.post(`/api/v1/actions/${a.id}/submit`).set(bearer(officerA)).set('If-Match', '"5"').send({}).expect(412);
      await t.http.post(`/api/v1/actions/${a.id}/submit`).set(bearer(officerA)).set('If-Match', '"1"').send({}).expect(200);
    });
  });

  describe('deadlines and the 30-day clock', () => {
    it('lists actions past their clause deadline, with the deadline and days overdue', async () => {
      const today = todayInVietnam();
      const late = await createClause(t, { deadline: addDays(today, -10) });
      const a = await draft(await asset(), { type: 'retention', method: 'permanent', clauseIds: [late, clause] });
      await step(a.id, 'submit', officerA).expect(200);
      const res = await t.http.get('/api/v1/actions?overdue=true').set(bearer(inspector)).expect(200);
      const item = res.body.items.find((x: { id: string }) => x.id === a.id);
      expect(item).toMatchObject({ deadline: addDays(today, -10), overdue: { kind: 'clause_deadline', deadline: addDays(today, -10), daysOverdue: 10 } });
      const notOverdue = await t.http.get('/api/v1/actions?overdue=false&limit=200').set(bearer(inspector)).expect(200);
      expect(notOverdue.body.items.map((x: { id: string }) => x.id)).not.toContain(a.id);
      expect(notOverdue.body.items.length).toBeGreaterThan(0);
      expect(notOverdue.body.items.every((x: { overdue: unknown }) => x.overdue === null)).toBe(true);
      const assets = await t.http.get('/api/v1/assets?overdue=true').set(bearer(officerA)).expect(200);
      expect(assets.body.items.find((x: { id: string }) => x.id === item.asset.id).overdue).toEqual({
        actionId: a.id,
        kind: 'clause_deadline',
        deadline: addDays(today, -10),
        daysOverdue: 10,
      });
      const map = JSON.parse((await t.http.get('/api/v1/assets.geojson?overdue=true').set(bearer(officerA)).expect(200)).text);
      expect(map.features.map((f: { id: string }) => f.id)).toContain(item.asset.id);
      const fine = await t.http.get('/api/v1/assets?overdue=false').set(bearer(officerA)).expect(200);
      expect(fine.body.items.map((x: { id: string }) => x.id)).not.toContain(item.asset.id);
      expect(fine.body.items.every((x: { overdue: unknown }) => x.overdue === null)).toBe(true);
    });

    it("takes a province's own earlier deadline", async () => {
      const today = todayInVietnam();
      const c = await createClause(t, { deadline: addDays(today, 20) });
      await t.sql(`INSERT INTO clause_province_deadline (clause_id, province_code, deadline) VALUES ($1, '08', $2)`, [c, addDays(today, -3)]);
      const a = await draft(await asset(), { type: 'retention', method: 'permanent', clauseIds: [c] });
      const res = await t.http.get(`/api/v1/actions/${a.id}`).set(bearer(officerA)).expect(200);
      expect(res.body).toMatchObject({ deadline: addDays(today, -3), overdue: { daysOverdue: 3 } });
    });

    it('gives a temporary hand-over 30 days to its formal decision', async () => {
      const today = todayInVietnam();
      const a = await draft(await asset(), {
        type: 'reallocation',
        method: 'handover_to_locality',
        receivingAgencyId: receiver,
        temporaryHandoverDate: addDays(today, -40),
      });
      await step(a.id, 'submit', officerA).expect(200);
      const listed = await t.http.get('/api/v1/actions?overdue=true&type=reallocation').set(bearer(officerB)).expect(200);
      expect(listed.body.items.find((x: { id: string }) => x.id === a.id).overdue).toEqual({
        kind: 'temporary_handover',
        deadline: addDays(today, -10),
        daysOverdue: 10,
      });
      await step(a.id, 'approve', officerB, { ...approveBody, decisionDate: today }).expect(200);
      const after = await t.http.get('/api/v1/actions?overdue=true&type=reallocation').set(bearer(officerB)).expect(200);
      expect(after.body.items.map((x: { id: string }) => x.id)).not.toContain(a.id);
    });
  });

  describe('GET /actions', () => {
    it('filters by asset, type, method, status and clause, within scope', async () => {
      const id = await asset();
      const special = await createClause(t);
      const a = await draft(id, { type: 'disposal', method: 'recovery', clauseIds: [special] });
      const q = async (query: Record<string, string>, token = officerA) =>
        (await t.http.get('/api/v1/actions').query(query).set(bearer(token)).expect(200)).body.items.map((x: { id: string }) => x.id);
      expect(await q({ asset: id })).toEqual([a.id]);
      expect(await q({ clause: special })).toEqual([a.id]);
      expect(await q({ type: 'disposal', method: 'recovery', status: 'draft' })).toContain(a.id);
      expect(await q({ asset: id, status: 'submitted' })).toEqual([]);
      expect(await q({ asset: id }, officer01)).toEqual([]);
      await t.http.get('/api/v1/actions?status=done').set(bearer(viewer)).expect(400);
      await t.http.get('/api/v1/actions?limit=500').set(bearer(viewer)).expect(400);
    });
  });
});
