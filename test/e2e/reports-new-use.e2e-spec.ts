import { NEW_USE_LABELS } from '../../src/schema/labels';
import { NEW_USES } from '../../src/schema/vocabulary';
import { bearer, binaryParser, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { attachDocument, createClause } from '../support/workflow';

/**
 * The status report's headline and its breakdown by new use, computed by hand for a small world made
 * entirely through the API: in province 08 one facility per category of new use (chosen by a
 * retention or reallocation, derived for a repurposing and a disposal), one handled before new uses
 * were recorded, one under renovation only, one without any action, one with an action submitted
 * but not approved; in province 01 one handled and four without a plan. A clause marks the
 * approved-plan deadline (31 Dec 2099), province 08 set its own (31 Dec 2025).
 *
 * Facility k of 08 has k × 100 m² of land and k × 10 m² of floor; those of 01 50-90 m² and 5-9 m².
 */
describe('status report: surplus = handled + remaining, by new use, ranked by remaining', () => {
  let t: TestApp;
  let officer08a: string;
  let officer08b: string;
  let officer01a: string;
  let officer01b: string;
  let receiver: string;
  let clause: string;
  let planClause: string;
  const ids: Record<string, string> = {};

  const decision = { decisionNo: '2101/QĐ-UBND', decisionDate: '2025-11-10', decisionAuthority: 'Ủy ban nhân dân tỉnh' };
  const step = (id: string, transition: string, token: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/v1/actions/${id}/${transition}`).set(bearer(token)).send(body);
  /** Drafts an action and takes it to `until`; the first officer proposes and completes, the second approves. */
  async function handle(
    asset: string,
    body: Record<string, unknown>,
    until: 'submitted' | 'approved' | 'in_progress' | 'completed',
    complete: Record<string, unknown> = {},
  ): Promise<string> {
    const province = asset.startsWith('G') ? '01' : '08';
    const [a, b] = province === '01' ? [officer01a, officer01b] : [officer08a, officer08b];
    const res = await t.http
      .post('/api/v1/actions')
      .set(bearer(a))
      .send({ assetId: ids[asset], clauseIds: [clause], ...body });
    if (res.status !== 201) throw new Error(`${asset}: ${res.status} ${JSON.stringify(res.body)}`);
    const id = res.body.id as string;
    await step(id, 'submit', a).expect(200);
    if (until === 'submitted') return id;
    await step(id, 'approve', b, decision).expect(200);
    if (until === 'in_progress') await step(id, 'start', a).expect(200);
    if (until !== 'completed') return id;
    for (const kind of body.type === 'reallocation' ? ['decision', 'handover_minutes'] : ['decision']) await attachDocument(t, id, kind);
    await step(id, 'complete', a, complete).expect(200);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    officer08a = await t.userToken('officer', '08', 'nu.officer.08a');
    officer08b = await t.userToken('officer', '08', 'nu.officer.08b');
    officer01a = await t.userToken('officer', '01', 'nu.officer.01a');
    officer01b = await t.userToken('officer', '01', 'nu.officer.01b');
    const custodian08 = (await createAgency(t, officer08a)).id;
    receiver = (
      await createAgency(t, officer08a, { name: 'Trung tâm Y tế khu vực', kind: 'public_service_unit', unit: { era: 'new', level: 'commune', code: '00694' } })
    ).id;
    const custodian01 = (await createAgency(t, t.adminToken, { code: `01.UBND.NU${Date.now()}`, unit: { era: 'new', level: 'commune', code: '00004' } })).id;
    clause = await createClause(t);
    // The approved-plan deadline, entered as an administrator would: a clause marked plan_deadline; province 08's own is earlier.
    const directive = await t.http
      .post('/api/v1/directives')
      .set(bearer(t.adminToken))
      .send({
        number: 'NU-1/BTC-QLCS',
        kind: 'official_letter',
        issuer: 'Bộ Tài chính',
        issuedOn: '2025-10-15',
        title: 'Công văn về phương án xử lý cơ sở nhà, đất dôi dư (dữ liệu kiểm thử)',
        provinceCode: null,
      })
      .expect(201);
    const plan = await t.http
      .post(`/api/v1/directives/${directive.body.id}/clauses`)
      .set(bearer(t.adminToken))
      .send({ ref: '1', summary: 'Mọi cơ sở dôi dư phải có phương án xử lý được phê duyệt', deadline: '2099-12-31', planDeadline: true })
      .expect(201);
    expect(plan.body).toMatchObject({ planDeadline: true, deadline: '2099-12-31' });
    planClause = plan.body.id;
    await t.http
      .put(`/api/v1/directives/${directive.body.id}/clauses/${planClause}/province-deadlines/08`)
      .set(bearer(officer08a))
      .send({ deadline: '2025-12-31' })
      .expect(200);

    for (let k = 1; k <= 13; k++)
      ids[`F${k}`] = (await createAsset(t, officer08a, custodian08, { code: `08.NU.F${String(k).padStart(2, '0')}`, landArea: k * 100, floorArea: k * 10 })).id;
    for (let k = 1; k <= 5; k++) {
      ids[`G${k}`] = (
        await createAsset(t, t.adminToken, custodian01, {
          code: `01.NU.G${k}`,
          currentUnit: { era: 'new', level: 'commune', code: '00004' },
          landArea: 40 + k * 10,
          floorArea: 4 + k,
        })
      ).id;
    }
    for (const id of Object.values(ids))
      await t.http
        .post(`/api/v1/assets/${id}/surplus`)
        .set(bearer(t.adminToken))
        .send({ since: '2025-07-01', reason: 'Cấp huyện kết thúc hoạt động' })
        .expect(200);

    await handle('F1', { type: 'retention', method: 'permanent', newUse: 'working_office' }, 'completed', { completedOn: '2025-12-05' });
    await handle(
      'F2',
      {
        type: 'reallocation',
        method: 'transfer',
        receivingAgencyId: receiver,
        receivingUnit: { era: 'new', level: 'commune', code: '00694' },
        newUse: 'public_service_facility',
        targetLandUseCategory: 'TSC', // the unit works in the office building on its office land: no plan update needed
      },
      'completed',
      { handoverDate: '2025-12-01', minutesConfirmedBySender: true, minutesConfirmedByReceiver: true, completedOn: '2025-12-01' },
    );
    await handle('F3', { type: 'reallocation', method: 'handover_to_locality', receivingAgencyId: receiver, newUse: 'official_housing' }, 'in_progress');
    await handle('F4', { type: 'retention', method: 'temporary', newUse: 'education_training' }, 'approved');
    await handle('F5', { type: 'repurposing', method: 'change_of_function', purposeCode: 'health' }, 'approved');
    await handle('F6', { type: 'repurposing', method: 'change_of_function', purposeCode: 'sports' }, 'approved');
    await handle('F7', { type: 'reallocation', method: 'assignment', receivingAgencyId: receiver, newUse: 'other_public_use' }, 'approved');
    await handle('F8', { type: 'disposal', method: 'land_fund' }, 'approved');
    await handle(
      'F9',
      {
        type: 'disposal',
        method: 'sale',
        saleMethod: 'auction',
        justification: 'Không có nhu cầu y tế, giáo dục, văn hóa tại phường; phương án của tỉnh bán đấu giá.',
      },
      'approved',
    );
    // F10: approved before new uses were recorded (as the migration leaves a retention it cannot derive).
    const legacy = await handle('F10', { type: 'retention', method: 'permanent', newUse: 'working_office' }, 'approved');
    await t.sql(`UPDATE action SET new_use = NULL WHERE id = $1`, [legacy]);
    await handle('F11', { type: 'renovation', method: 'repair', plannedCost: 300_000_000 }, 'approved');
    await handle('F13', { type: 'retention', method: 'permanent', newUse: 'working_office' }, 'submitted');
    await handle('G2', { type: 'retention', method: 'permanent', newUse: 'health' }, 'approved');
  });
  afterAll(() => t.close());

  type Cell = { key: string; kind: string; facilities: number; landArea: number | null; floorArea: number | null; value: number | null; drillable: boolean };
  /** The report's rows by province (the total under '*'), each cell with its numbers as numbers (the JSON may carry decimal strings). */
  async function report(
    query: Record<string, string>,
  ): Promise<{ body: { columns: { key: string; label: string; group: string }[]; deadlines: unknown[] }; rows: Record<string, Record<string, Cell>> }> {
    const res = await t.http.get('/api/v1/reports/status').query(query).set(bearer(t.adminToken)).expect(200);
    const num = (v: unknown) => (v === null ? null : Number(v));
    const rows = Object.fromEntries(
      (res.body.rows as { provinceCode: string | null; cells: Cell[] }[]).map((r) => [
        r.provinceCode ?? '*',
        Object.fromEntries(r.cells.map((c) => [c.key, { ...c, landArea: num(c.landArea), floorArea: num(c.floorArea), value: num(c.value) }])),
      ]),
    );
    return { body: res.body, rows };
  }
  const f = (c: Cell | undefined) => (c ? [c.facilities, c.landArea, c.floorArea] : undefined);
  const national = () => report({ scope: 'national', lang: 'vi' });

  it('gives the headline of each province and of the country, by hand', async () => {
    const { rows } = await national();
    const [p08, p01, all] = [rows['08'], rows['01'], rows['*']];
    // 08: 13 surplus (9,100 m² land, 910 m² floor); handled F1-F10; F1, F2 carried out; F3 in progress; remaining F11 (renovation only), F12 (nothing), F13 (submitted).
    expect(f(p08.surplus)).toEqual([13, 9100, 910]);
    expect(f(p08.handled)).toEqual([10, 5500, 550]);
    expect(f(p08.completed)).toEqual([2, 300, 30]);
    expect(f(p08.in_progress)).toEqual([1, 300, 30]);
    expect(f(p08.remaining)).toEqual([3, 3600, 360]);
    expect(p08.handled_share.value).toBe(76.92);
    // 01: 5 surplus; G2 handled; four remaining.
    expect(f(p01.surplus)).toEqual([5, 350, 35]);
    expect(f(p01.handled)).toEqual([1, 60, 6]);
    expect(f(p01.remaining)).toEqual([4, 290, 29]);
    expect(p01.handled_share.value).toBe(20);
    expect(f(all.surplus)).toEqual([18, 9450, 945]);
    expect(f(all.handled)).toEqual([11, 5560, 556]);
    expect(f(all.remaining)).toEqual([7, 3890, 389]);
    expect([all.completed.facilities, all.in_progress.facilities, all.handled_share.value]).toEqual([2, 1, 61.11]);
  });

  it('breaks the handled facilities down by new use, one category each, adding up to handled', async () => {
    const { rows } = await national();
    const p08 = rows['08'];
    expect(Object.fromEntries([...NEW_USES, 'not_recorded'].map((u) => [u, f(p08[`new_use:${u}`])]))).toEqual({
      working_office: [1, 100, 10], // F1: retention, chosen
      public_service_facility: [1, 200, 20], // F2: transfer, chosen
      official_housing: [1, 300, 30], // F3: hand-over to the locality, chosen
      education_training: [1, 400, 40], // F4: temporary retention, chosen
      health: [1, 500, 50], // F5: repurposing to health
      culture_sports: [1, 600, 60], // F6: repurposing to sports
      other_public_use: [1, 700, 70], // F7: assignment, chosen
      land_fund_or_housing_business: [1, 800, 80], // F8: disposal to the land fund
      other_use_under_plan: [1, 900, 90], // F9: sale
      not_recorded: [1, 1000, 100], // F10: approved before new uses were recorded
    });
    expect(f(rows['01']['new_use:health'])).toEqual([1, 60, 6]);
    expect(f(rows['*']['new_use:health'])).toEqual([2, 560, 56]);
    // The identities, on every row: surplus = handled + remaining and the new uses add up to handled (facilities, land and floor).
    for (const [row, c] of Object.entries(rows)) {
      const uses = Object.values(c).filter((x) => x.key.startsWith('new_use:'));
      for (const part of ['facilities', 'landArea', 'floorArea'] as const) {
        expect({ row, part, surplus: c.surplus[part] }).toEqual({ row, part, surplus: (c.handled[part] ?? 0) + (c.remaining[part] ?? 0) });
        expect({ row, part, handled: c.handled[part] }).toEqual({ row, part, handled: uses.reduce((s, x) => s + (x[part] ?? 0), 0) });
      }
    }
  });

  it('labels the categories as the Ministry does, in Vietnamese', async () => {
    const { body } = await national();
    const useColumns = body.columns.filter((c) => c.key.startsWith('new_use:'));
    expect(useColumns.map((c) => c.label)).toEqual([...NEW_USES.map((u) => NEW_USE_LABELS[u].vi), 'Chưa ghi nhận mục đích sử dụng mới']);
    expect(new Set(useColumns.map((c) => c.group))).toEqual(new Set(['Đã xử lý theo mục đích sử dụng mới']));
    const csv = await t.http
      .get('/api/v1/reports/status')
      .query({ scope: 'national', lang: 'vi', format: 'csv' })
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    const lines = (csv.body as Buffer).toString('utf8').split('\r\n');
    // The parameter lines first (`# key,value,label`), then the table's header.
    expect(lines.slice(0, 2)).toEqual(['\uFEFF# scope,national,Phạm vi', '# province,,"Tỉnh, thành phố"']);
    const header = lines.find((line) => !line.startsWith('#') && !line.startsWith('\uFEFF#'))!;
    for (const label of [
      'Đã xử lý (có phương án được phê duyệt)',
      'Còn phải xử lý',
      'Xếp hạng theo số cơ sở còn phải xử lý',
      NEW_USE_LABELS.land_fund_or_housing_business.vi,
    ])
      expect(header).toContain(label);
  });

  it('ranks the provinces by what remains: 01 (4) before 08 (3), the rest after', async () => {
    const { rows } = await national();
    expect([rows['01'].remaining_rank.value, rows['08'].remaining_rank.value, rows['*'].remaining_rank.value]).toEqual([1, 2, null]);
    expect(rows['01'].remaining_rank).toMatchObject({ kind: 'rank', drillable: false });
  });

  it("counts the facilities still without an approved plan past their province's deadline as overdue, and lists them", async () => {
    const { body, rows } = await national();
    expect(f(rows['08']['overdue:no_plan'])).toEqual([3, 3600, 360]); // 08's own deadline, 31 Dec 2025, has passed
    expect(rows['01']['overdue:no_plan'].facilities).toBe(0); // 01 has until 2099
    expect(body.deadlines).toContainEqual({ key: 'overdue:no_plan', clauseId: null, label: 'NU-1/BTC-QLCS, 1', deadline: '2099-12-31' });
    const province = await t.http.get('/api/v1/reports/status').query({ scope: 'province', province: '08' }).set(bearer(officer08a)).expect(200);
    expect(province.body.deadlines).toContainEqual({ key: 'overdue:no_plan', clauseId: null, label: 'NU-1/BTC-QLCS, 1', deadline: '2025-12-31' });
    const items = await t.http
      .get('/api/v1/reports/status/items')
      .query({ scope: 'province', province: '08', key: 'overdue:no_plan' })
      .set(bearer(officer08a))
      .expect(200);
    expect(
      items.body.items.map((i: { code: string; actionType: string | null; actionState: string | null; deadline: string }) => [
        i.code,
        i.actionType,
        i.actionState,
        i.deadline,
      ]),
    ).toEqual([
      ['08.NU.F11', 'renovation', 'approved', '2025-12-31'],
      ['08.NU.F12', null, null, '2025-12-31'],
      ['08.NU.F13', 'retention', 'submitted', '2025-12-31'],
    ]);
  });

  it('keeps a reallocated facility in the register and in the figures as handled; declared surplus again, it starts a new episode', async () => {
    expect((await t.http.get(`/api/v1/assets/${ids.F2}`).set(bearer(officer08a)).expect(200)).body).toMatchObject({
      status: 'in_use',
      custodian: { id: receiver },
      surplus: null,
    });
    await t.http
      .post(`/api/v1/assets/${ids.F2}/surplus`)
      .set(bearer(officer08a))
      .send({ since: '2026-01-15', reason: 'Trung tâm y tế chuyển về cơ sở mới' })
      .expect(200);
    const now = (await national()).rows['08'];
    expect([
      now.surplus.facilities,
      now.handled.facilities,
      now.completed.facilities,
      now.remaining.facilities,
      now['new_use:public_service_facility'].facilities,
    ]).toEqual([13, 9, 1, 4, 0]);
    const before = (await report({ scope: 'national', as_of: '2025-12-31' })).rows['08'];
    expect([before.surplus.facilities, before.handled.facilities, before.completed.facilities, before['new_use:public_service_facility'].facilities]).toEqual([
      13, 10, 2, 1,
    ]);
  });
});
