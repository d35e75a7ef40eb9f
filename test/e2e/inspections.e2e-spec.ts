import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, binaryParser, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { renderPdfForTest } from '../support/pdf';
import { attachDocument } from '../support/workflow';

const TITLE = 'Kiểm tra việc xử lý trụ sở dôi dư tại phường Hà Giang 2';

describe('inspections and findings', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let inspector08: string;
  let inspectorVn: string;
  let inspector01: string;
  let officer08: string;
  let viewer08: string;
  let officer01: string;
  let assetId: string;
  let assetCode: string;
  let actionId: string;

  const create = (token: string, body: Record<string, unknown>) => t.http.post('/api/v1/inspections').set(bearer(token)).send(body);
  const assetInspection = async (token = inspector08) => {
    const res = await create(token, {
      title: TITLE,
      subjectType: 'asset',
      assetId,
      plannedStart: '2025-12-01',
      team: [{ name: 'Nguyễn Văn An', role: 'Trưởng đoàn' }],
    });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  };
  const patch = (id: string, version: number, body: Record<string, unknown>, token = inspector08) =>
    t.http.patch(`/api/v1/inspections/${id}`).set(bearer(token)).set('If-Match', `"${version}"`).send(body);
  const finding = (id: string, body: Record<string, unknown>, token = inspector08) =>
    t.http.post(`/api/v1/inspections/${id}/findings`).set(bearer(token)).send(body);
  const upload = (id: string, token: string, fields: Record<string, string>, content = Buffer.from('%PDF-1.4 biên bản')) => {
    let req = t.http.post(`/api/v1/inspections/${id}/documents`).set(bearer(token));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', content, { filename: 'Ảnh hiện trạng.pdf', contentType: 'application/pdf' });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpa-insp-'));
    t = await createTestApp({ env: { DOCUMENTS_DIR: dir } });
    admin = t.adminToken;
    inspector08 = await t.userToken('inspector', '08');
    inspectorVn = await t.userToken('inspector', null);
    inspector01 = await t.userToken('inspector', '01');
    officer08 = await t.userToken('officer', '08');
    viewer08 = await t.userToken('viewer', '08');
    officer01 = await t.userToken('officer', '01');
    const custodian = (await createAgency(t, officer08)).id;
    const asset = await createAsset(t, officer08, custodian);
    assetId = asset.id;
    assetCode = asset.code;
    await t.http
      .post(`/api/v1/assets/${assetId}/surplus`)
      .set(bearer(officer08))
      .send({ since: '2025-07-01', reason: 'Cấp huyện kết thúc hoạt động' })
      .expect(200);
    const action = await t.http.post('/api/v1/actions').set(bearer(officer08)).send({ assetId, type: 'retention', method: 'permanent' }).expect(201);
    actionId = action.body.id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('create, read, scope', () => {
    it('plans an inspection of an asset, with an event', async () => {
      const res = await create(inspector08, {
        title: TITLE,
        subjectType: 'asset',
        assetId,
        plannedStart: '2025-12-01',
        plannedEnd: '2025-12-10',
        team: [{ name: 'Nguyễn Văn An', role: 'Trưởng đoàn' }, { name: 'Trần Thị Bình' }],
      }).expect(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        provinceCode: '08',
        title: TITLE,
        status: 'planned',
        plannedStart: '2025-12-01',
        plannedEnd: '2025-12-10',
        actualStart: null,
        version: 1,
        subject: { type: 'asset', assetId, actionId: null, periodStart: null },
        team: [
          { name: 'Nguyễn Văn An', role: 'Trưởng đoàn' },
          { name: 'Trần Thị Bình', role: null },
        ],
        findings: { suggested: 0, open: 0, resolved: 0, dismissed: 0, unresolvedCritical: 0 },
      });
      const events = await t.sql(`SELECT action FROM event WHERE entity_type = 'inspection' AND entity_id = $1`, [res.body.id]);
      expect(events).toEqual([{ action: 'created' }]);
    });

    it('plans inspections of an action (recording its asset) and of a province over a period', async () => {
      const a = await create(inspectorVn, { title: 'Kiểm tra phương án', subjectType: 'action', actionId, plannedStart: '2025-12-01' }).expect(201);
      expect(a.body.subject).toMatchObject({ type: 'action', actionId, assetId });
      const p = await create(admin, {
        title: 'Kiểm tra tỉnh Tuyên Quang',
        subjectType: 'province',
        provinceCode: '08',
        periodStart: '2025-07-01',
        periodEnd: '2025-12-31',
        plannedStart: '2026-01-05',
      }).expect(201);
      expect(p.body).toMatchObject({ provinceCode: '08', subject: { type: 'province', assetId: null, periodStart: '2025-07-01', periodEnd: '2025-12-31' } });
    });

    it.each([
      [{ assetId: undefined }, 'assetId'],
      [{ subjectType: 'asset', assetId: 'ASSET', actionId: undefined }, 'assetId'],
      [{ subjectType: 'planet', assetId: undefined }, 'subjectType'],
      [{ subjectType: 'province', assetId: undefined, provinceCode: '08', periodStart: '2025-07-01' }, 'periodEnd'],
      [{ subjectType: 'province', assetId: undefined, provinceCode: '08', periodStart: '2025-07-01', periodEnd: '2025-06-30' }, 'periodEnd'],
      [{ subjectType: 'province', assetId: undefined, provinceCode: '99', periodStart: '2025-07-01', periodEnd: '2025-12-31' }, 'provinceCode'],
      [{ subjectType: 'asset', provinceCode: '08' }, 'provinceCode'],
      [{ plannedStart: '2025-02-30' }, 'plannedStart'],
      [{ plannedEnd: '2025-11-01' }, 'plannedEnd'],
      [{ title: '' }, 'title'],
      [{ team: [{ role: 'x' }] }, 'team.0.name'],
    ])('refuses %j naming %s', async (over, field) => {
      const res = await create(inspector08, { title: TITLE, subjectType: 'asset', assetId, plannedStart: '2025-12-01', ...over }).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('lets only admins and inspectors in scope write; officers and viewers read in their province', async () => {
      await create(officer08, { title: TITLE, subjectType: 'asset', assetId, plannedStart: '2025-12-01' }).expect(403);
      await create(viewer08, { title: TITLE, subjectType: 'asset', assetId, plannedStart: '2025-12-01' }).expect(403);
      // another province's inspector cannot see the asset at all
      expect((await create(inspector01, { title: TITLE, subjectType: 'asset', assetId, plannedStart: '2025-12-01' }).expect(404)).body.errors[0].field).toBe(
        'assetId',
      );
      // An unknown asset looks the same: not found, naming the field.
      expect(
        (
          await create(inspector08, { title: TITLE, subjectType: 'asset', assetId: '00000000-0000-4000-8000-000000000000', plannedStart: '2025-12-01' }).expect(
            404,
          )
        ).body.errors[0].field,
      ).toBe('assetId');
      expect(
        (
          await create(inspector01, {
            title: 'x',
            subjectType: 'province',
            provinceCode: '08',
            periodStart: '2025-07-01',
            periodEnd: '2025-12-31',
            plannedStart: '2025-12-01',
          }).expect(403)
        ).body.type,
      ).toMatch(/outside-scope$/);
      const i = await assetInspection();
      for (const token of [officer08, viewer08, inspectorVn, admin]) await t.http.get(`/api/v1/inspections/${i.id}`).set(bearer(token)).expect(200);
      for (const token of [officer01, inspector01]) await t.http.get(`/api/v1/inspections/${i.id}`).set(bearer(token)).expect(404);
      await patch(i.id, 1, { title: 'x' }, officer08).expect(403);
      await patch(i.id, 1, { title: 'x' }, inspector01).expect(404);
      const list = await t.http.get(`/api/v1/inspections?assetId=${assetId}&status=planned`).set(bearer(viewer08)).expect(200);
      expect(list.body.items.map((x: { id: string }) => x.id)).toContain(i.id);
      expect((await t.http.get('/api/v1/inspections').set(bearer(officer01)).expect(200)).body.items).toEqual([]);
      await t.http.get('/api/v1/inspections?status=open').set(bearer(viewer08)).expect(400);
      await t.http.get('/api/v1/inspections?limit=201').set(bearer(viewer08)).expect(400);
    });

    it('pages the list with a cursor', async () => {
      await assetInspection();
      const first = await t.http.get('/api/v1/inspections?limit=1').set(bearer(admin)).expect(200);
      expect(first.body.items).toHaveLength(1);
      const second = await t.http.get(`/api/v1/inspections?limit=1&cursor=${first.body.page.nextCursor}`).set(bearer(admin)).expect(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    });

    it('replays a create with the same Idempotency-Key', async () => {
      const body = { title: TITLE, subjectType: 'asset', assetId, plannedStart: '2025-12-01' };
      const a = await t.http.post('/api/v1/inspections').set(bearer(inspector08)).set('Idempotency-Key', 'insp-1').send(body).expect(201);
      const b = await t.http.post('/api/v1/inspections').set(bearer(inspector08)).set('Idempotency-Key', 'insp-1').send(body).expect(201);
      expect(b.headers['idempotency-replayed']).toBe('true');
      expect(b.body.id).toBe(a.body.id);
    });
  });

  describe('status: planned → in_progress → closed', () => {
    it('needs If-Match, moves one step at a time, and a closed inspection is final', async () => {
      const i = await assetInspection();
      await t.http.patch(`/api/v1/inspections/${i.id}`).set(bearer(inspector08)).send({ status: 'in_progress' }).expect(428);
      await patch(i.id, 7, { status: 'in_progress' }).expect(412);
      expect((await patch(i.id, 1, { status: 'closed', conclusion: 'x' }).expect(409)).body.type).toMatch(/invalid-transition$/);
      const started = await patch(i.id, 1, { status: 'in_progress', actualStart: '2025-12-02' }).expect(200);
      expect(started.body).toMatchObject({ status: 'in_progress', actualStart: '2025-12-02', version: 2 });
      expect(started.headers.etag).toBe('"2"');
      expect((await patch(i.id, 2, { status: 'closed' }).expect(422)).body.errors[0].field).toBe('conclusion');
      expect((await patch(i.id, 2, { status: 'planned' }).expect(409)).body.type).toMatch(/invalid-transition$/);
      expect((await patch(i.id, 2, { actualEnd: '2025-12-01' }).expect(422)).body.errors[0].field).toBe('actualEnd');
      const closed = await patch(i.id, 2, { status: 'closed', conclusion: 'Việc xử lý đúng quy định.', actualEnd: '2025-12-05' }).expect(200);
      expect(closed.body).toMatchObject({
        status: 'closed',
        conclusion: 'Việc xử lý đúng quy định.',
        actualEnd: '2025-12-05',
        closedBy: expect.any(String),
        closedAt: expect.any(String),
      });
      expect((await patch(i.id, 3, { title: 'again' }).expect(409)).body.type).toMatch(/inspection-closed$/);
      expect((await finding(i.id, { category: 'other', severity: 'info', description: 'late' }).expect(409)).body.type).toMatch(/inspection-closed$/);
      const events = await t.sql<{ action: string }>(`SELECT action FROM event WHERE entity_type = 'inspection' AND entity_id = $1 ORDER BY seq`, [i.id]);
      expect(events.map((e) => e.action)).toEqual(['created', 'in_progress', 'closed']);
    });

    it('refuses to close with open critical findings unless an override reason is given', async () => {
      const i = await assetInspection();
      await patch(i.id, 1, { status: 'in_progress' }).expect(200);
      const f = await finding(i.id, { category: 'below_valuation', severity: 'critical', description: 'Giá bán thấp hơn giá thẩm định 500 triệu đồng' }).expect(
        201,
      );
      expect(f.body.status).toBe('open');
      const refused = await patch(i.id, 2, { status: 'closed', conclusion: 'Có sai phạm.' }).expect(409);
      expect(refused.body).toMatchObject({ type: expect.stringMatching(/critical-findings-open$/), errors: [{ field: 'closeOverrideReason' }] });
      expect((await patch(i.id, 2, { closeOverrideReason: 'x' }).expect(422)).body.errors[0].field).toBe('closeOverrideReason');
      const closed = await patch(i.id, 2, {
        status: 'closed',
        conclusion: 'Có sai phạm.',
        closeOverrideReason: 'Đã chuyển hồ sơ sang cơ quan điều tra',
      }).expect(200);
      expect(closed.body).toMatchObject({
        status: 'closed',
        closeOverrideReason: 'Đã chuyển hồ sơ sang cơ quan điều tra',
        findings: { open: 1, unresolvedCritical: 1 },
      });
    });
  });

  describe('findings', () => {
    it('records, edits (If-Match), resolves and keeps final; each change an event', async () => {
      const i = await assetInspection();
      await finding(i.id, { category: 'fraud', severity: 'minor', description: 'x' }).expect(422);
      await finding(i.id, { category: 'other', severity: 'huge', description: 'x' }).expect(422);
      await finding(i.id, { category: 'other', severity: 'minor' }).expect(422);
      await finding(i.id, { category: 'other', severity: 'minor', description: 'x' }, officer08).expect(403);
      const f = await finding(i.id, {
        category: 'missing_document',
        severity: 'major',
        description: 'Thiếu biên bản bàn giao',
        recommendation: 'Bổ sung biên bản',
        actionId,
      }).expect(201);
      expect(f.body).toMatchObject({
        status: 'open',
        category: 'missing_document',
        actionId,
        checkId: null,
        fingerprint: null,
        decision: null,
        resolution: null,
        version: 1,
      });
      const url = `/api/v1/inspections/${i.id}/findings/${f.body.id}`;
      await t.http.patch(url).set(bearer(inspector08)).send({ severity: 'minor' }).expect(428);
      const edited = await t.http.patch(url).set(bearer(inspector08)).set('If-Match', '"1"').send({ severity: 'minor' }).expect(200);
      expect(edited.body).toMatchObject({ severity: 'minor', version: 2 });
      await t.http.post(`${url}/accept`).set(bearer(inspector08)).expect(409);
      await t.http.post(`${url}/resolve`).set(bearer(inspector08)).send({ resolvedBy: 'Sở Tài chính', resolvedOn: '2099-01-01', resolution: 'x' }).expect(422);
      await t.http
        .post(`${url}/resolve`)
        .set(bearer(inspector08))
        .set('If-Match', '"1"')
        .send({ resolvedBy: 'Sở Tài chính', resolvedOn: '2025-12-10', resolution: 'x' })
        .expect(412);
      const resolved = await t.http
        .post(`${url}/resolve`)
        .set(bearer(inspector08))
        .send({ resolvedBy: 'Sở Tài chính tỉnh Tuyên Quang', resolvedOn: '2025-12-10', resolution: 'Đã bổ sung biên bản bàn giao' })
        .expect(200);
      expect(resolved.body).toMatchObject({
        status: 'resolved',
        resolution: {
          resolvedBy: 'Sở Tài chính tỉnh Tuyên Quang',
          resolvedOn: '2025-12-10',
          resolution: 'Đã bổ sung biên bản bàn giao',
          recordedBy: expect.any(String),
        },
      });
      expect((await t.http.patch(url).set(bearer(inspector08)).set('If-Match', '"3"').send({ severity: 'major' }).expect(409)).body.type).toMatch(
        /finding-final$/,
      );
      expect((await t.http.post(`${url}/dismiss`).set(bearer(inspector08)).send({ reason: 'x' }).expect(409)).body.type).toMatch(/invalid-finding-transition$/);
      const events = await t.sql<{ action: string }>(`SELECT action FROM event WHERE entity_type = 'finding' AND entity_id = $1 ORDER BY seq`, [f.body.id]);
      expect(events.map((e) => e.action)).toEqual(['created', 'updated', 'resolved']);
      const list = await t.http.get(`/api/v1/inspections/${i.id}/findings?status=resolved`).set(bearer(viewer08)).expect(200);
      expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([f.body.id]);
      await t.http.get(`/api/v1/inspections/${i.id}/findings`).set(bearer(officer01)).expect(404);
      await t.http.get(`${url}`).set(bearer(officer08)).expect(200);
    });

    it('dismisses with a reason', async () => {
      const i = await assetInspection();
      const f = await finding(i.id, { category: 'overdue', severity: 'minor', description: 'Quá hạn' }).expect(201);
      await t.http.post(`/api/v1/inspections/${i.id}/findings/${f.body.id}/dismiss`).set(bearer(inspector08)).send({}).expect(422);
      const d = await t.http
        .post(`/api/v1/inspections/${i.id}/findings/${f.body.id}/dismiss`)
        .set(bearer(inspectorVn))
        .send({ reason: 'Đã có quyết định gia hạn' })
        .expect(200);
      expect(d.body).toMatchObject({ status: 'dismissed', decision: { dismissalReason: 'Đã có quyết định gia hạn', at: expect.any(String) } });
    });

    it("keeps the asset, action and evidence of a finding within the inspection's subject", async () => {
      const i = await assetInspection();
      const custodian = (await createAgency(t, officer08)).id;
      const other = (await createAsset(t, officer08, custodian)).id;
      expect((await finding(i.id, { category: 'other', severity: 'info', description: 'x', assetId: other }).expect(422)).body.errors[0].field).toBe('assetId');
      // a document of the subject's action is fine; one of another asset is not, and is named
      await attachDocument(t, actionId, 'decision');
      const [ok] = await t.sql<{ id: string }>(`SELECT id FROM document WHERE action_id = $1`, [actionId]);
      const [foreign] = await t.sql<{ id: string }>(
        `INSERT INTO document (kind, province_code, asset_id, file_name, media_type, size_bytes, sha256) VALUES ('photo', '08', $1, 'x.pdf', 'application/pdf', 1, $2) RETURNING id`,
        [other, 'a'.repeat(64)],
      );
      const bad = await finding(i.id, { category: 'other', severity: 'info', description: 'x', evidenceDocumentIds: [ok.id, foreign.id] }).expect(422);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'evidenceDocumentIds', message: expect.stringContaining(foreign.id) })]);
      await finding(i.id, { category: 'other', severity: 'info', description: 'x', evidenceDocumentIds: ['nope'] }).expect(422);
      const good = await finding(i.id, { category: 'other', severity: 'info', description: 'x', evidenceDocumentIds: [ok.id] }).expect(201);
      expect(good.body.evidenceDocumentIds).toEqual([ok.id]);
    });
  });

  describe('documents of an inspection', () => {
    it('uploads evidence through the document store and cites it in a finding', async () => {
      const i = await assetInspection();
      await upload(i.id, officer08, { kind: 'photo' }).expect(403);
      await upload(i.id, inspector01, { kind: 'photo' }).expect(404);
      expect((await upload(i.id, inspector08, { kind: 'selfie' }).expect(422)).body.errors[0].field).toBe('kind');
      const up = await upload(i.id, inspector08, { kind: 'photo', note: 'Ảnh hiện trạng ngày 02/12/2025' }).set('Idempotency-Key', 'doc-1').expect(201);
      expect(up.body).toMatchObject({ kind: 'photo', provinceCode: '08', assetId: null, actionId: null, fileName: 'Ảnh hiện trạng.pdf', sizeBytes: 20 });
      const again = await upload(i.id, inspector08, { kind: 'photo', note: 'Ảnh hiện trạng ngày 02/12/2025' }).set('Idempotency-Key', 'doc-1').expect(201);
      expect(again.headers['idempotency-replayed']).toBe('true');
      const [row] = await t.sql<{ inspection_id: string }>(`SELECT inspection_id FROM document WHERE id = $1`, [up.body.id]);
      expect(row.inspection_id).toBe(i.id);
      const list = await t.http.get(`/api/v1/inspections/${i.id}/documents`).set(bearer(viewer08)).expect(200);
      expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([up.body.id]);
      await t.http.get(`/api/v1/inspections/${i.id}/documents`).set(bearer(officer01)).expect(404);
      const content = await t.http
        .get(`/api/v1/documents/${up.body.id}/content`)
        .set(bearer(viewer08))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      expect((content.body as Buffer).toString('utf8')).toBe('%PDF-1.4 biên bản');
      const f = await finding(i.id, {
        category: 'unauthorised_use',
        severity: 'major',
        description: 'Cho thuê trái phép',
        evidenceDocumentIds: [up.body.id],
      }).expect(201);
      expect(f.body.evidenceDocumentIds).toEqual([up.body.id]);
    });
  });

  describe('export', () => {
    it('renders the inspection and its findings as PDF and XLSX with Vietnamese text', async () => {
      const i = await assetInspection();
      await finding(i.id, {
        category: 'below_valuation',
        severity: 'critical',
        description: 'Giá bán thấp hơn giá thẩm định',
        recommendation: 'Thu hồi phần chênh lệch về ngân sách',
      }).expect(201);
      await t.http.get(`/api/v1/inspections/${i.id}/export?format=doc`).set(bearer(viewer08)).expect(400);
      await t.http.get(`/api/v1/inspections/${i.id}/export?format=pdf`).set(bearer(officer01)).expect(404);
      const pdf = await t.http
        .get(`/api/v1/inspections/${i.id}/export?format=pdf`)
        .set(bearer(viewer08))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      expect(pdf.headers['content-type']).toMatch(/application\/pdf/);
      const text = renderPdfForTest(pdf.body as Buffer).text.join('\n');
      for (const s of [
        'BIÊN BẢN KIỂM TRA',
        TITLE,
        'Nguyễn Văn An (Trưởng đoàn)',
        'Giá bán thấp hơn giá thẩm định',
        'Đặc biệt nghiêm trọng',
        'Thu hồi phần chênh lệch về ngân sách',
      ]) {
        expect(text.replace(/\s+/g, ' ')).toContain(s);
      }
      const again = await t.http
        .get(`/api/v1/inspections/${i.id}/export?format=pdf`)
        .set(bearer(viewer08))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      expect((again.body as Buffer).equals(pdf.body as Buffer)).toBe(true);

      const xlsx = await t.http
        .get(`/api/v1/inspections/${i.id}/export?format=xlsx`)
        .set(bearer(officer08))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as never);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Kiểm tra', 'Phát hiện']);
      expect(wb.getWorksheet('Kiểm tra')!.getRow(1).values).toEqual([undefined, 'Tên cuộc kiểm tra', TITLE]);
      expect(wb.getWorksheet('Phát hiện')!.getRow(2).values).toEqual([
        undefined,
        '1',
        assetCode,
        'Giá bán thấp hơn giá thẩm định',
        'Đặc biệt nghiêm trọng',
        'Đang xử lý',
        'Giá bán thấp hơn giá thẩm định',
        'Thu hồi phần chênh lệch về ngân sách',
        '',
        '',
      ]);
    });

    it('is a record inspectors can sign: names, dd/mm/yyyy dates, asset codes, labels, cited evidence, no raw ids', async () => {
      const custodian = (await createAgency(t, officer08)).id;
      const asset = await createAsset(t, officer08, custodian);
      // A status no action explains: the automatic check flags it.
      await t.sql(`UPDATE asset SET status = 'action_pending' WHERE id = $1`, [asset.id]);
      const res = await create(inspector08, {
        title: TITLE,
        subjectType: 'asset',
        assetId: asset.id,
        plannedStart: '2025-12-01',
        plannedEnd: '2025-12-10',
      }).expect(201);
      const id = res.body.id as string;
      const auto = await t.http.post(`/api/v1/inspections/${id}/run-checks`).set(bearer(inspector08)).expect(200);
      expect(auto.body.findings.map((f: { checkId: string }) => f.checkId)).toEqual(['asset-status-mismatch']);
      const up = await upload(id, inspector08, { kind: 'photo', note: 'Ảnh hiện trạng ngày 02/12/2025' }).expect(201);
      await finding(id, {
        category: 'unauthorised_use',
        severity: 'major',
        description: 'Cho thuê trái phép một phần trụ sở',
        recommendation: 'Chấm dứt hợp đồng cho thuê',
        assetId: asset.id,
        evidenceDocumentIds: [up.body.id],
      }).expect(201);
      const [units] = await t.sql<{ province: string; unit: string }>(
        `SELECT p.name AS province, u.name AS unit FROM asset a JOIN admin_unit u ON u.id = a.current_unit_id
           JOIN admin_unit p ON p.era = 'new' AND p.level = 'province' AND p.code = a.province_code WHERE a.id = $1`,
        [asset.id],
      );
      const uploadedOn = new Date(new Date(up.body.uploadedAt as string).getTime() + 7 * 3600_000).toISOString().slice(0, 10).split('-').reverse().join('/');
      const expected = [
        units.province,
        units.unit,
        asset.code,
        '01/12/2025 – 10/12/2025',
        'Sử dụng không đúng thẩm quyền',
        'Nghiêm trọng',
        'Đề xuất tự động',
        'Đang xử lý',
        'Cho thuê trái phép một phần trụ sở',
        'Ảnh hiện trạng.pdf',
        String(up.body.sha256).slice(0, 12),
        uploadedOn,
        'Tình trạng tài sản không khớp',
      ];
      const download = (inspection: string, format: string) =>
        t.http
          .get(`/api/v1/inspections/${inspection}/export?format=${format}`)
          .set(bearer(viewer08))
          .buffer(true)
          .parse(binaryParser as never)
          .expect(200);
      const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
      const pdf = await download(id, 'pdf');
      const rendered = renderPdfForTest(pdf.body as Buffer);
      // PDF_PNG_OUT=/tmp/page.png keeps the rendered page for a person to look at.
      if (process.env.PDF_PNG_OUT) writeFileSync(process.env.PDF_PNG_OUT, rendered.png);
      const text = rendered.text.join('\n').replace(/\s+/g, ' ');
      for (const s of expected) expect(text).toContain(s);
      expect(text).not.toMatch(UUID);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(text).not.toContain('Asset ');

      const xlsx = await download(id, 'xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as never);
      const cells = wb.worksheets.flatMap((w) => w.getSheetValues().flatMap((r) => (Array.isArray(r) ? r : []))).filter((v) => v !== undefined && v !== null);
      const all = cells.map(String).join('\n');
      for (const s of expected) expect(all).toContain(s);
      expect(all).not.toMatch(UUID);
      expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(all).not.toContain('Asset ');
    });
  });
});
