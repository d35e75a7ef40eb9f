import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../../src/assets/import/asset-columns';
import { bearer, binaryParser, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { renderPdfForTest } from '../support/pdf';
import { createClause } from '../support/workflow';

/**
 * The status report's figures against a hand-built history: assets and their surplus declarations
 * go through the API; their actions are written directly with chosen dates borne and recorded
 * times, so every figure below is computed by hand.
 */
describe('status report figures (GET /reports/status, /reports/status/items)', () => {
  let t: TestApp;
  let officer08: string;
  let officer01: string;
  let inspector01: string;
  let viewer: string;
  let custodian08: string;
  const ids: Record<string, string> = {};
  let c1: string; // national 2025-12-31, province 08's own 2025-10-31
  let c2: string; // 2025-10-01
  let c3: string; // 2026-12-31

  const at = (d: string) => `${d}T03:00:00Z`; // 10:00 in Vietnam, same calendar day
  const action = async (asset: string, v: Record<string, unknown>, clauses: string[] = []) => {
    const cols = Object.keys(v);
    const [row] = await t.sql<{ id: string }>(
      `INSERT INTO action (asset_id, province_code, decision_no, decision_authority, ${cols.join(', ')})
       SELECT id, province_code, CASE WHEN $2::date IS NULL THEN NULL ELSE 'QĐ-1' END, CASE WHEN $2::date IS NULL THEN NULL ELSE 'UBND tỉnh' END, ${cols.map((_, i) => `$${i + 3}`).join(', ')}
       FROM asset WHERE id = $1 RETURNING id`,
      [ids[asset], v.decision_date ?? null, ...cols.map((c) => v[c])],
    );
    for (const c of clauses) await t.sql(`INSERT INTO action_clause (action_id, clause_id) VALUES ($1, $2)`, [row.id, c]);
    return row.id;
  };
  const approved = (decision: string, recorded = decision) => ({
    decision_date: decision,
    decision_recorded_at: at(recorded),
    approved_at: at(recorded),
    submitted_at: at(decision),
  });
  const report = (token: string, query: Record<string, string>) => t.http.get('/api/v1/reports/status').query(query).set(bearer(token));
  const items = (token: string, query: Record<string, string>) => t.http.get('/api/v1/reports/status/items').query(query).set(bearer(token));
  type Cell = { key: string; kind: string; facilities: number; landArea: number | null; floorArea: number | null; value: number | null; drillable: boolean };
  type Row = { provinceCode: string | null; provinceName: string; cells: Cell[] };
  const cellsOf = (body: { rows: Row[] }, province: string | null) =>
    Object.fromEntries(body.rows.find((r) => r.provinceCode === province)!.cells.map((c) => [c.key, c]));

  beforeAll(async () => {
    t = await createTestApp();
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    inspector01 = await t.userToken('inspector', '01');
    viewer = await t.userToken('viewer');
    await t.sql(`UPDATE admin_unit SET is_mountainous = true WHERE era = 'new' AND level = 'commune' AND code = '00691'`);
    await t.sql(`UPDATE admin_unit SET is_remote = true, is_ethnic_minority = true WHERE era = 'new' AND level = 'commune' AND code = '00700'`);
    const ag08 = (await createAgency(t, officer08)).id;
    custodian08 = ag08;
    const ag01 = (await createAgency(t, t.adminToken, { code: `01.UBND.${Date.now()}`, unit: { era: 'new', level: 'commune', code: '00004' } })).id;
    const unit = (code: string) => ({ era: 'new', level: 'commune', code });
    const specs: [string, string, Record<string, unknown>][] = [
      ['A1', ag08, { code: '08.R.A1', currentUnit: unit('00691'), originUnit: { era: 'old', level: 'district', code: '024' }, landArea: 1000, floorArea: 500 }],
      [
        'A2',
        ag08,
        { code: '08.R.A2', currentUnit: unit('00700'), originUnit: { era: 'old', level: 'commune', code: '00700' }, landArea: 200.5, floorArea: 100.25 },
      ],
      ['A3', ag08, { code: '08.R.A3', currentUnit: unit('00694'), originUnit: { era: 'old', level: 'district', code: '024' }, landArea: 300, floorArea: null }],
      ['A4', ag08, { code: '08.R.A4', currentUnit: unit('00691'), originUnit: null, landArea: 50, floorArea: 20 }],
      ['A5', ag08, { code: '08.R.A5', currentUnit: unit('00694'), originUnit: { era: 'old', level: 'province', code: '08' }, landArea: 400, floorArea: 80 }],
      ['A6', ag08, { code: '08.R.A6', currentUnit: unit('02212'), originUnit: { era: 'old', level: 'district', code: '070' }, landArea: 999, floorArea: 999 }],
      [
        'B1',
        ag01,
        {
          code: '01.R.B1',
          currentUnit: unit('00004'),
          originUnit: { era: 'old', level: 'district', code: '001' },
          landArea: 70.25,
          floorArea: 10,
          latitude: 21.04,
          longitude: 105.84,
        },
      ],
    ];
    for (const [name, agency, over] of specs) {
      ids[name] = (await createAsset(t, t.adminToken, agency, over)).id;
      await t.http
        .post(`/api/v1/assets/${ids[name]}/surplus`)
        .set(bearer(t.adminToken))
        .send({ since: '2025-07-01', reason: 'Cấp huyện kết thúc hoạt động' })
        .expect(200);
    }
    // The declarations were recorded on 2 July 2025; A6's was withdrawn on 1 November 2025.
    await t.sql(`UPDATE surplus_declaration SET declared_recorded_at = $1`, [at('2025-07-02')]);
    await t.http.post(`/api/v1/assets/${ids.A6}/surplus/withdraw`).set(bearer(t.adminToken)).send({ reason: 'Vẫn còn nhu cầu sử dụng' }).expect(200);
    await t.sql(`UPDATE surplus_declaration SET withdrawn_on = '2025-11-01', withdrawn_recorded_at = $2 WHERE asset_id = $1`, [ids.A6, at('2025-11-01')]);

    c1 = await createClause(t, { deadline: '2025-12-31', number: 'R1-C1/QĐ' });
    await t.sql(`INSERT INTO clause_province_deadline (clause_id, province_code, deadline) VALUES ($1, '08', '2025-10-31')`, [c1]);
    c2 = await createClause(t, { deadline: '2025-10-01', number: 'R1-C2/QĐ' });
    c3 = await createClause(t, { deadline: '2026-12-31', number: 'R1-C3/QĐ' });

    // A1: a retention cancelled, then a sale completed on 10 October (proceeds paid 5 October), past c2's deadline.
    await action('A1', { type: 'retention', method: 'permanent', status: 'cancelled', ...approved('2025-08-01'), cancelled_at: at('2025-08-15') }, [c3]);
    await action(
      'A1',
      {
        type: 'disposal',
        method: 'sale',
        status: 'completed',
        ...approved('2025-09-01'),
        completed_on: '2025-10-10',
        completed_at: at('2025-10-10'),
        proceeds_paid: 5_000_000_000,
        proceeds_paid_date: '2025-10-05',
        sale_price: 5_000_000_000,
        new_use: 'other_use_under_plan',
      },
      [c2],
    );
    // A2: a repair started 20 September, not finished; c1 (province 08's own deadline 31 October).
    await action(
      'A2',
      {
        type: 'renovation',
        method: 'repair',
        status: 'in_progress',
        ...approved('2025-09-10'),
        started_at: at('2025-09-20'),
        actual_start: '2025-09-20',
        planned_cost: 300_000_000,
      },
      [c1],
    );
    // A3: repurposing to health, decision dated 10 December but recorded on 20 December.
    await action(
      'A3',
      {
        type: 'repurposing',
        method: 'change_of_function',
        status: 'approved',
        ...approved('2025-12-10', '2025-12-20'),
        purpose_code: 'health',
        target_land_use_category: 'DYT',
        new_use: 'health',
      },
      [c3],
    );
    // A4: handed over temporarily on 1 October, still a draft without a decision.
    await action('A4', { type: 'reallocation', method: 'transfer', status: 'draft', temporary_handover_date: '2025-10-01', created_at: at('2025-10-01') });
    // A5: retention decided 1 November, completed 20 December; approved before new uses were recorded (none).
    await action(
      'A5',
      { type: 'retention', method: 'permanent', status: 'completed', ...approved('2025-11-01'), completed_on: '2025-12-20', completed_at: at('2025-12-20') },
      [c3],
    );
  });
  afterAll(() => t.close());

  it('computes every figure of a province as of 15 December, known now', async () => {
    const res = await report(officer08, { scope: 'province', province: '08', as_of: '2025-12-15' }).expect(200);
    expect(res.body.params).toMatchObject({ scope: 'province', province: '08', asOf: '2025-12-15', period: 'weekly', lang: 'vi' });
    expect(res.body.generatedAt).toBe(res.body.params.knownAt);
    expect(res.body.rows.map((r: Row) => r.provinceCode)).toEqual(['08']);
    const c = cellsOf(res.body, '08');
    const f = (key: string) => [c[key].facilities, c[key].landArea, c[key].floorArea];
    // Handled: A1 (sale completed), A3 (repurposing approved), A5 (retention approved); A2's renovation is not a handling.
    expect(f('surplus')).toEqual([5, 1950.5, 700.25]);
    expect(f('handled')).toEqual([3, 1700, 580]);
    expect(f('in_progress')).toEqual([0, 0, 0]);
    expect(f('completed')).toEqual([1, 1000, 500]);
    expect(f('remaining')).toEqual([2, 250.5, 120.25]);
    expect(c.handled_share).toMatchObject({ value: 60, drillable: false });
    expect(f('new_use:other_use_under_plan')).toEqual([1, 1000, 500]);
    expect(f('new_use:health')).toEqual([1, 300, 0]);
    expect(f('new_use:not_recorded')).toEqual([1, 400, 80]);
    expect(f('new_use:working_office')[0]).toBe(0);
    expect(c.remaining_rank).toBeUndefined(); // a provincial report ranks nothing
    expect(f('type:disposal/method:sale')).toEqual([1, 1000, 500]);
    expect(f('type:retention')).toEqual([1, 400, 80]); // the cancelled retention on A1 does not count
    expect(f('type:renovation/method:repair')[0]).toBe(1);
    expect(f('type:repurposing')[0]).toBe(1);
    expect(f('type:reallocation')[0]).toBe(0);
    expect(f('purpose:health')).toEqual([1, 300, 0]);
    expect(c.proceeds).toMatchObject({ kind: 'amount', value: 5000000000, facilities: 1 });
    expect(c['renovation:planned'].value).toBe(300000000);
    expect(c['renovation:actual'].value).toBe(0);
    expect(c.plan_updates_pending).toMatchObject({ kind: 'count', facilities: 1 });
    expect(res.body.deadlines).toEqual([
      { key: `overdue:clause:${c2}`, clauseId: c2, label: 'R1-C2/QĐ, 1', deadline: '2025-10-01' },
      { key: `overdue:clause:${c1}`, clauseId: c1, label: 'R1-C1/QĐ, 1', deadline: '2025-10-31' },
      { key: `overdue:clause:${c3}`, clauseId: c3, label: 'R1-C3/QĐ, 1', deadline: '2026-12-31' },
      { key: 'overdue:no_plan', clauseId: null, label: '', deadline: null }, // no clause sets the approved-plan deadline here
      expect.objectContaining({ key: 'overdue:handover_30d', clauseId: null, deadline: null }),
    ]);
    expect(f('overdue:no_plan')[0]).toBe(0);
    expect(f(`overdue:clause:${c2}`)).toEqual([1, 1000, 500]); // completed 10 October, after its 1 October deadline
    expect(f(`overdue:clause:${c1}`)).toEqual([1, 200.5, 100.25]);
    expect(f(`overdue:clause:${c3}`)[0]).toBe(0);
    expect(f('overdue:handover_30d')).toEqual([1, 50, 20]);
    expect(f('disadvantaged:mountainous')).toEqual([2, 1050, 520]);
    expect(f('disadvantaged:remote')[0]).toBe(1);
    expect(f('disadvantaged:ethnic_minority')[0]).toBe(1);
    expect(f('disadvantaged:island')[0]).toBe(0);
    expect(f('disadvantaged:any')).toEqual([3, 1250.5, 620.25]);
    expect(f('origin:district')).toEqual([2, 1300, 500]);
    expect(f('origin:commune')[0]).toBe(1);
    expect(f('origin:province')[0]).toBe(1);
    expect(f('origin:none')[0]).toBe(1);
    expect(res.body.columns.map((col: { key: string }) => col.key)).toEqual(res.body.rows[0].cells.map((cell: Cell) => cell.key));
  });

  it('leaves out a decision recorded after known_at, and reproduces the original report with it', async () => {
    const knownAt = '2025-12-16T00:00:00.000Z';
    const res = await report(officer08, { scope: 'province', province: '08', as_of: '2025-12-15', known_at: knownAt }).expect(200);
    expect(res.body.params.knownAt).toBe(knownAt);
    expect(res.body.generatedAt).not.toBe(knownAt);
    const c = cellsOf(res.body, '08');
    // A3's decision was not yet recorded: it was submitted, so remaining.
    expect([
      c.handled.facilities,
      c.remaining.facilities,
      c['purpose:health'].facilities,
      c['new_use:health'].facilities,
      c.plan_updates_pending.facilities,
    ]).toEqual([2, 3, 0, 0, 0]);
    const again = await report(officer08, { scope: 'province', province: '08', as_of: '2025-12-15', known_at: '2025-12-16T07:00:00+07:00' }).expect(200);
    expect(again.body.rows).toEqual(res.body.rows);
    expect(again.body.params.knownAt).toBe(knownAt);
  });

  it('takes the state on an earlier date from the history: before a completion, before a withdrawal', async () => {
    const dec31 = cellsOf((await report(officer08, { scope: 'province', province: '08', as_of: '2025-12-31' }).expect(200)).body, '08');
    expect([dec31.completed.facilities, dec31.handled.facilities, dec31.handled_share.value]).toEqual([2, 3, 60]); // A5 completed on 20 December
    const oct05 = cellsOf((await report(officer08, { scope: 'province', province: '08', as_of: '2025-10-05' }).expect(200)).body, '08');
    expect(oct05.surplus.facilities).toBe(6); // A6 not yet withdrawn
    expect([oct05.completed.facilities, oct05.handled.facilities, oct05.in_progress.facilities, oct05.remaining.facilities]).toEqual([0, 1, 0, 5]); // A1 approved; A2's renovation started, not a handling
    expect(oct05.proceeds.value).toBe(5000000000); // paid 5 October, recorded with the completion
    expect(oct05['overdue:clause:' + c2].facilities).toBe(1); // past 1 October, not completed then
    expect(oct05['overdue:handover_30d'].facilities).toBe(0); // 30 days not yet over
    const aug10 = cellsOf((await report(officer08, { scope: 'province', province: '08', as_of: '2025-08-10' }).expect(200)).body, '08');
    expect([aug10['type:retention'].facilities, aug10['type:disposal'].facilities]).toEqual([1, 0]); // A1's retention, cancelled later
    const aug20 = cellsOf((await report(officer08, { scope: 'province', province: '08', as_of: '2025-08-20' }).expect(200)).body, '08');
    expect(aug20['type:retention'].facilities).toBe(0);
    const jun = cellsOf((await report(officer08, { scope: 'province', province: '08', as_of: '2025-06-30' }).expect(200)).body, '08');
    expect(jun.surplus.facilities).toBe(0);
  });

  it('gives a national report a row per province and a total row', async () => {
    const res = await report(viewer, { scope: 'national', as_of: '2025-12-15', lang: 'en' }).expect(200);
    expect(res.body.rows.map((r: Row) => [r.provinceCode, r.provinceName])).toEqual([
      ['01', 'Thành phố Hà Nội'],
      ['08', 'Tỉnh Tuyên Quang'],
      [null, 'National total'],
    ]);
    const [r01, r08, total] = [cellsOf(res.body, '01'), cellsOf(res.body, '08'), cellsOf(res.body, null)];
    expect([r01.surplus.facilities, r01.surplus.landArea, r01['origin:district'].facilities, r01.remaining.facilities]).toEqual([1, 70.25, 1, 1]);
    expect([r08.surplus.facilities, r08.remaining.facilities]).toEqual([5, 2]);
    expect([total.surplus.facilities, total.surplus.landArea, total.completed.facilities, total.handled.facilities, total.handled_share.value]).toEqual([
      6, 2020.75, 1, 3, 50,
    ]);
    // Provinces ranked by what remains: 08 (2) before 01 (1); the total row has no rank.
    expect([r08.remaining_rank, r01.remaining_rank, total.remaining_rank].map((c) => [c.kind, c.value, c.drillable])).toEqual([
      ['rank', 1, false],
      ['rank', 2, false],
      ['rank', null, false],
    ]);
    expect(res.body.columns[0]).toEqual({ key: 'surplus', kind: 'facilities', label: 'Surplus facilities', group: 'Status' });
  });

  it('drills into every drillable cell: the items are exactly the facilities counted', async () => {
    const res = await report(t.adminToken, { scope: 'national', as_of: '2025-12-15' }).expect(200);
    let checked = 0;
    for (const row of res.body.rows as Row[]) {
      for (const cell of row.cells.filter((c) => c.drillable)) {
        const q: Record<string, string> = { scope: 'national', as_of: '2025-12-15', key: cell.key, limit: '200', known_at: res.body.params.knownAt };
        if (row.provinceCode) q.province = row.provinceCode;
        const page = await items(t.adminToken, q).expect(200);
        expect([row.provinceCode, cell.key, page.body.items.length]).toEqual([row.provinceCode, cell.key, cell.facilities]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('lists the facilities behind a cell with their action, deadline or amount', async () => {
    const base = { scope: 'province', province: '08', as_of: '2025-12-15' };
    const overdue = await items(officer08, { ...base, key: `overdue:clause:${c1}` }).expect(200);
    expect(overdue.body.items).toEqual([
      expect.objectContaining({
        assetId: ids.A2,
        code: '08.R.A2',
        provinceCode: '08',
        communeName: 'Xã Ngọc Đường',
        surplusSince: '2025-07-01',
        landArea: 200.5,
        floorArea: 100.25,
        actionType: 'renovation',
        actionMethod: 'repair',
        actionState: 'in_progress',
        deadline: '2025-10-31',
        amount: null,
      }),
    ]);
    const handover = await items(officer08, { ...base, key: 'overdue:handover_30d' }).expect(200);
    expect(handover.body.items).toEqual([expect.objectContaining({ code: '08.R.A4', actionType: 'reallocation', deadline: '2025-10-31' })]);
    const proceeds = await items(officer08, { ...base, key: 'proceeds' }).expect(200);
    expect(proceeds.body.items).toEqual([expect.objectContaining({ code: '08.R.A1', amount: 5000000000, actionState: 'completed' })]);
    const remaining = await items(officer08, { ...base, key: 'remaining' }).expect(200);
    expect(remaining.body.items).toEqual([
      expect.objectContaining({ code: '08.R.A2', actionType: 'renovation', actionState: 'in_progress' }), // a renovation is not a handling
      expect.objectContaining({ code: '08.R.A4', actionId: null, actionState: null }),
    ]);
    // pages in code order
    const p1 = await items(officer08, { ...base, key: 'surplus', limit: '2' }).expect(200);
    expect(p1.body.items.map((i: { code: string }) => i.code)).toEqual(['08.R.A1', '08.R.A2']);
    const p2 = await items(officer08, { ...base, key: 'surplus', limit: '2', cursor: p1.body.page.nextCursor }).expect(200);
    const p3 = await items(officer08, { ...base, key: 'surplus', limit: '2', cursor: p2.body.page.nextCursor }).expect(200);
    expect([...p2.body.items, ...p3.body.items].map((i: { code: string }) => i.code)).toEqual(['08.R.A3', '08.R.A4', '08.R.A5']);
    expect(p3.body.page.nextCursor).toBeNull();
  });

  it.each([
    ['csv', 'text/csv; charset=utf-8'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['pdf', 'application/pdf'],
  ])('renders %s as an attachment', async (format, type) => {
    const res = await report(officer08, { scope: 'province', province: '08', as_of: '2025-12-15', format, lang: 'en' })
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="status-report-08-2025-12-15.${format}"`);
    expect((res.body as Buffer).length).toBeGreaterThan(100);
  });

  it('leaves the all-zero provinces out of the PDF unless zeros=true asks for them, and says so', async () => {
    // As of 30 June 2025 nothing is surplus yet: every province row is zero.
    const pdf = async (extra: Record<string, string>) => {
      const res = await report(viewer, { scope: 'national', as_of: '2025-06-30', format: 'pdf', ...extra })
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      return renderPdfForTest(res.body as Buffer)
        .text.join('\n')
        .replace(/\s+/g, ' ');
    };
    const without = await pdf({});
    expect(without).toContain('Số liệu chính');
    expect(without).toContain('Không in 2 tỉnh, thành phố có mọi số liệu bằng 0');
    expect(without).not.toContain('Tỉnh Tuyên Quang');
    const withZeros = await pdf({ zeros: 'true' });
    expect(withZeros).toContain('Tỉnh Tuyên Quang');
    expect(withZeros).toContain('Thành phố Hà Nội');
    expect(withZeros).not.toContain('Không in');
    await report(viewer, { scope: 'national', format: 'pdf', zeros: 'maybe' }).expect(400);
  });

  it('lists in the workbook, sheet by sheet, exactly the facilities behind each overdue figure', async () => {
    const query = { scope: 'province', province: '08', as_of: '2025-12-15' };
    const json = await report(officer08, query).expect(200);
    const res = await report(officer08, { ...query, format: 'xlsx', lang: 'en' })
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const deadlines = json.body.deadlines as { key: string }[];
    expect(deadlines.length).toBeGreaterThan(1);
    let listed = 0;
    for (const [i, d] of deadlines.entries()) {
      const expected = (await items(officer08, { ...query, key: d.key }).expect(200)).body.items.map((it: { code: string }) => it.code);
      const ws = wb.worksheets[i + 1];
      const codes: string[] = [];
      for (let r = 6; r <= ws.rowCount; r++) if (/^\d{2}\.R\./.test(String(ws.getCell(r, 1).value ?? ''))) codes.push(String(ws.getCell(r, 1).value));
      expect({ key: d.key, codes }).toEqual({ key: d.key, codes: expected });
      listed += codes.length;
    }
    expect(listed).toBe(3); // A1 (c2), A2 (c1), A4 (30-day hand-over)
  });

  it("writes the Vietnamese workbook's overdue lists in labels, with the custodian as it stood, the method and the days overdue", async () => {
    const query = { scope: 'province', province: '08', as_of: '2025-12-15' };
    const json = await report(officer08, query).expect(200);
    const sheetOf = async () => {
      const res = await report(officer08, { ...query, format: 'xlsx', lang: 'vi', known_at: json.body.params.knownAt })
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ArrayBuffer);
      const sheet = (json.body.deadlines as { key: string }[]).findIndex((d) => d.key === `overdue:clause:${c1}`);
      return { ws: wb.worksheets[sheet + 1] };
    };
    const { ws } = await sheetOf();
    expect((ws.getRow(5).values as unknown[]).slice(1)).toEqual([
      'Mã tài sản',
      'Tên tài sản',
      'Mã tỉnh',
      'Xã, phường',
      'Đơn vị quản lý',
      'Ngày dôi dư',
      'Diện tích đất (m²)',
      'Diện tích sàn (m²)',
      'Hình thức xử lý',
      'Phương thức',
      'Trạng thái',
      'Thời hạn',
      'Số ngày quá hạn',
    ]);
    // A2: a repair in progress, past province 08's own 31 October deadline on 15 December.
    expect((ws.getRow(6).values as unknown[]).slice(1)).toEqual([
      '08.R.A2',
      expect.any(String),
      '08',
      'Xã Ngọc Đường',
      'Ủy ban nhân dân phường Hà Giang 2',
      new Date('2025-07-01T00:00:00.000Z'),
      200.5,
      100.25,
      'Cải tạo, sửa chữa',
      'Sửa chữa',
      'Đang thực hiện',
      new Date('2025-10-31T00:00:00.000Z'),
      45,
    ]);
    expect(ws.getRow(6).getCell(6).numFmt).toBe('dd/mm/yyyy');
    const drill = await items(officer08, { ...query, key: `overdue:clause:${c1}` }).expect(200);
    expect(drill.body.items).toEqual([expect.objectContaining({ code: '08.R.A2', custodianName: 'Ủy ban nhân dân phường Hà Giang 2' })]);

    // Renaming the custodian later changes neither the list nor a snapshot made before: it still verifies byte for byte.
    const snapshot = await t.http
      .post('/api/v1/reports')
      .set(bearer(officer08))
      .send({ scope: 'province', province: '08', asOf: '2025-12-15', lang: 'vi', formats: ['xlsx'] })
      .expect(201);
    const agency = await t.http.get(`/api/v1/agencies/${custodian08}`).set(bearer(officer08)).expect(200);
    await t.http
      .patch(`/api/v1/agencies/${custodian08}`)
      .set(bearer(officer08))
      .set('If-Match', agency.headers.etag)
      .send({ name: 'UBND phường Hà Giang 2 (đổi tên)' })
      .expect(200);
    const again = await sheetOf();
    expect(again.ws.getRow(6).getCell(5).value).toBe('Ủy ban nhân dân phường Hà Giang 2');
    const verified = await t.http.get(`/api/v1/reports/${snapshot.body.id}/verify`).set(bearer(officer08)).expect(200);
    expect(verified.body.formats).toEqual([expect.objectContaining({ format: 'xlsx', intact: true, regenerated: true, matches: true })]);
  });

  it('keeps provincial users to their province (another province 404, the national report 403 outside-scope), national users see all', async () => {
    const outside = async (req: ReturnType<typeof report>) => expect((await req.expect(403)).body.type).toMatch(/outside-scope$/);
    const elsewhere = async (req: ReturnType<typeof report>) => expect((await req.expect(404)).body.type).toMatch(/not-found$/);
    await elsewhere(report(officer08, { scope: 'province', province: '01' }));
    await outside(report(officer08, { scope: 'national' }));
    await elsewhere(report(inspector01, { scope: 'province', province: '08' }));
    await elsewhere(items(officer01, { scope: 'province', province: '08', key: 'surplus' }));
    await outside(items(officer01, { scope: 'national', province: '01', key: 'surplus' }));
    await report(inspector01, { scope: 'province', province: '01' }).expect(200);
    await report(officer01, { scope: 'province', province: '01' }).expect(200);
    for (const token of [viewer, t.adminToken, await t.userToken('inspector', null)]) {
      await report(token, { scope: 'national' }).expect(200);
      await report(token, { scope: 'province', province: '08' }).expect(200);
    }
    await t.http.get('/api/v1/reports/status').query({ scope: 'national' }).expect(401);
  });

  it.each([
    [{}, 'scope'],
    [{ scope: 'world' }, 'scope'],
    [{ scope: 'province' }, 'province'],
    [{ scope: 'national', province: '08' }, 'province'],
    [{ scope: 'province', province: '8' }, 'province'],
    [{ scope: 'province', province: '99' }, 'province'],
    [{ scope: 'national', as_of: '2025-02-30' }, 'as_of'],
    [{ scope: 'national', as_of: '15/12/2025' }, 'as_of'],
    [{ scope: 'national', as_of: '2999-01-01' }, 'as_of'],
    [{ scope: 'national', known_at: 'yesterday' }, 'known_at'],
    [{ scope: 'national', known_at: '2025-12-16' }, 'known_at'],
    [{ scope: 'national', known_at: '2999-01-01T00:00:00Z' }, 'known_at'],
    [{ scope: 'national', period: 'daily' }, 'period'],
    [{ scope: 'national', format: 'docx' }, 'format'],
    [{ scope: 'national', lang: 'fr' }, 'lang'],
  ])('refuses %j with a 400 naming %s', async (query, field) => {
    const res = await report(t.adminToken, query as Record<string, string>).expect(400);
    expect(res.body.type).toMatch(/invalid-parameter$/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it.each([
    [{ key: 'handled_share' }, 'key'],
    [{ key: 'remaining_rank' }, 'key'],
    [{ key: 'new_use:casino' }, 'key'],
    [{ key: 'type:teleport' }, 'key'],
    [{ key: 'overdue:clause:42' }, 'key'],
    [{}, 'key'],
    [{ key: 'surplus', limit: '201' }, 'limit'],
    [{ key: 'surplus', cursor: 'bogus' }, 'cursor'],
    [{ key: 'surplus', province: '99' }, 'province'],
  ])('refuses a drill-down %j with a 400 naming %s', async (query, field) => {
    const res = await items(t.adminToken, { scope: 'national', ...query } as Record<string, string>).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('keeps the surplus history as assets are declared, withdrawn, declared again and removed', async () => {
    const ag = (await createAgency(t, officer08)).id;
    const a = await createAsset(t, officer08, ag);
    const rows = () =>
      t.sql<{ since: string; withdrawn: boolean }>(
        `SELECT to_char(since, 'YYYY-MM-DD') AS since, withdrawn_on IS NOT NULL AS withdrawn FROM surplus_declaration WHERE asset_id = $1 ORDER BY declared_recorded_at`,
        [a.id],
      );
    await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officer08)).send({ since: '2025-08-01', reason: 'Không còn nhu cầu' }).expect(200);
    await t.http.post(`/api/v1/assets/${a.id}/surplus/withdraw`).set(bearer(officer08)).send({ reason: 'Nhầm' }).expect(200);
    await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officer08)).send({ since: '2025-09-01', reason: 'Không còn nhu cầu' }).expect(200);
    expect(await rows()).toEqual([
      { since: '2025-08-01', withdrawn: true },
      { since: '2025-09-01', withdrawn: false },
    ]);
    await t.http.delete(`/api/v1/assets/${a.id}`).set(bearer(t.adminToken)).expect(204);
    expect(await rows()).toEqual([]);
  });

  it('records the surplus declarations of a spreadsheet import', async () => {
    const ag = await createAgency(t, officer08);
    const values: Record<string, string> = {
      code: '08.R.IMP1',
      name: 'Trụ sở nhập khẩu',
      category: 'headquarters',
      current_unit: '00691',
      origin_unit: '024',
      custodian_code: ag.code,
      surplus_since: '2025-07-01',
      surplus_reason: 'Không còn cấp huyện',
    };
    const keys = IMPORT_COLUMNS.map((c) => c.key);
    const file = Buffer.from(stringify([keys, keys.map((k) => values[k] ?? '')]));
    await t.http.post('/api/v1/assets/import').set(bearer(officer08)).attach('file', file, 'assets.csv').expect(200);
    const [row] = await t.sql<{ since: string; province_code: string; reason: string }>(
      `SELECT to_char(s.since, 'YYYY-MM-DD') AS since, s.province_code, s.reason FROM surplus_declaration s JOIN asset a ON a.id = s.asset_id WHERE a.code = '08.R.IMP1'`,
    );
    expect(row).toEqual({ since: '2025-07-01', province_code: '08', reason: 'Không còn cấp huyện' });
  });
});
