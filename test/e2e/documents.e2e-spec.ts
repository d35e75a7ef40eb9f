import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { bearer, binaryParser, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';

/** The JSON log, read back from the stream the app writes to. */
class LogCapture extends Writable {
  lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }
}

const MAX = 4096;
const PROBLEM = 'urn:vn-public-assets:problem:';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (size = 1200): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

interface FilePart {
  content: Buffer;
  filename: string;
  contentType?: string;
}

/** Every file under the store but its temporary folder. */
function storedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!(d === dir && e.name === 'tmp')) walk(join(d, e.name));
      } else out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}
const tempFiles = (dir: string): string[] => (existsSync(join(dir, 'tmp')) ? readdirSync(join(dir, 'tmp')) : []);

describe('documents', () => {
  let t: TestApp;
  let dir: string;
  const log = new LogCapture();
  let officer08: string;
  let officer01: string;
  let inspector08: string;
  let viewer: string;
  let asset: string;
  let otherAsset: string;
  let asset01: string;

  /** A multipart upload: the fields, then the file (if any), then any fields sent after it. */
  const upload = (token: string, fields: Record<string, string>, file?: FilePart, after: Record<string, string> = {}) => {
    let req = t.http.post('/api/v1/documents').set(bearer(token));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('file', file.content, { filename: file.filename, contentType: file.contentType ?? 'application/pdf' });
    for (const [k, v] of Object.entries(after)) req = req.field(k, v);
    return req;
  };
  const content = (token: string, id: string) =>
    t.http
      .get(`/api/v1/documents/${id}/content`)
      .set(bearer(token))
      .buffer(true)
      .parse(binaryParser as never);
  const count = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM document`))[0].n;
  const insertAction = async (assetId: string, status = 'draft'): Promise<string> =>
    (
      await t.sql<{ id: string }>(
        `INSERT INTO action (asset_id, province_code, type, method, status, target_land_use_category) VALUES ($1, '08', 'repurposing', 'change_of_function', $2, 'DGD') RETURNING id`,
        [assetId, status],
      )
    )[0].id;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpa-documents-'));
    t = await createTestApp({ env: { DOCUMENTS_DIR: dir, DOCUMENT_MAX_BYTES: String(MAX), LOG_LEVEL: 'error' }, logStream: log });
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    inspector08 = await t.userToken('inspector', '08');
    viewer = await t.userToken('viewer');
    const custodian = (await createAgency(t, officer08)).id;
    asset = (await createAsset(t, officer08, custodian)).id;
    otherAsset = (await createAsset(t, officer08, custodian)).id;
    const custodian01 = (await createAgency(t, officer01, { unit: { era: 'new', level: 'commune', code: '00004' } })).id;
    asset01 = (await createAsset(t, officer01, custodian01, { currentUnit: { era: 'new', level: 'commune', code: '00004' }, originUnit: null })).id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('upload and download', () => {
    it('stores a file content-addressed, records it with its SHA-256 and size and an event, and gives it back byte for byte', async () => {
      const bytes = pdf();
      const res = await upload(officer08, { kind: 'decision', assetId: asset, note: 'Bản chính' }, { content: bytes, filename: 'decision-12.pdf' }).expect(201);
      expect(res.body).toMatchObject({
        kind: 'decision',
        provinceCode: '08',
        assetId: asset,
        actionId: null,
        fileName: 'decision-12.pdf',
        mediaType: 'application/pdf',
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
        note: 'Bản chính',
        supersedesId: null,
        supersededBy: null,
        uploadedBy: expect.any(String),
        contentUrl: `/api/v1/documents/${res.body.id}/content`,
      });
      const h = sha256(bytes);
      expect(readFileSync(join(dir, h.slice(0, 2), h.slice(2, 4), h)).equals(bytes)).toBe(true);
      expect(tempFiles(dir)).toEqual([]);

      const meta = await t.http.get(`/api/v1/documents/${res.body.id}`).set(bearer(officer08)).expect(200);
      expect(meta.body).toEqual(res.body);
      const got = await content(officer08, res.body.id).expect(200);
      expect((got.body as Buffer).equals(bytes)).toBe(true);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.headers['content-length']).toBe(String(bytes.length));
      expect(got.headers['content-disposition']).toBe(`attachment; filename="decision-12.pdf"; filename*=UTF-8''decision-12.pdf`);
      expect(got.headers['repr-digest']).toBe(`sha-256=:${Buffer.from(h, 'hex').toString('base64')}:`);

      const events = await t.sql<{ action: string; after: Record<string, unknown> }>(
        `SELECT action, after FROM event WHERE entity_type = 'document' AND entity_id = $1`,
        [res.body.id],
      );
      expect(events).toEqual([
        {
          action: 'uploaded',
          after: expect.objectContaining({ kind: 'decision', assetId: asset, sha256: h, sizeBytes: bytes.length, fileName: 'decision-12.pdf' }),
        },
      ]);
    });

    it('keeps a Vietnamese file name (NFC) and sends it back as RFC 5987 filename* with an ASCII fallback', async () => {
      const name = 'Quyết định số 12 - Đồng ý chuyển đổi công năng.pdf';
      const res = await upload(officer08, { kind: 'decision', assetId: asset }, { content: pdf(), filename: name.normalize('NFD') }).expect(201);
      expect(res.body.fileName).toBe(name.normalize('NFC'));
      const got = await content(viewer, res.body.id).expect(200);
      expect(got.headers['content-disposition']).toBe(
        `attachment; filename="Quyet dinh so 12 - Dong y chuyen doi cong nang.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
      const encoded = /filename\*=UTF-8''(.+)$/.exec(got.headers['content-disposition'])![1];
      expect(decodeURIComponent(encoded)).toBe(name);
    });

    it('stores identical content once, however many documents name it', async () => {
      const bytes = pdf(2000);
      const a = await upload(officer08, { kind: 'decision', assetId: asset }, { content: bytes, filename: 'a.pdf' }).expect(201);
      const b = await upload(officer08, { kind: 'other', assetId: otherAsset }, { content: bytes, filename: 'b.pdf' }).expect(201);
      expect(b.body.id).not.toBe(a.body.id);
      expect(b.body.sha256).toBe(a.body.sha256);
      expect(storedFiles(dir).filter((f) => f.endsWith(a.body.sha256))).toHaveLength(1);
      expect(tempFiles(dir)).toEqual([]);
      expect(((await content(officer08, b.body.id).expect(200)).body as Buffer).equals(bytes)).toBe(true);
    });

    it('accepts a file of exactly DOCUMENT_MAX_BYTES, and reads application/octet-stream by the extension', async () => {
      const res = await upload(
        officer08,
        { kind: 'photo', assetId: asset },
        { content: pdf(MAX), filename: 'anh-hien-trang.jpg', contentType: 'application/octet-stream' },
      ).expect(201);
      expect(res.body).toMatchObject({ sizeBytes: MAX, mediaType: 'image/jpeg' });
    });

    it('does not create twice when retried with the same Idempotency-Key', async () => {
      const bytes = pdf();
      const send = () =>
        t.http
          .post('/api/v1/documents')
          .set(bearer(officer08))
          .set('Idempotency-Key', 'doc-retry-1')
          .field('kind', 'decision')
          .field('assetId', asset)
          .attach('file', bytes, { filename: 'retry.pdf', contentType: 'application/pdf' });
      const first = await send().expect(201);
      const again = await send().expect(201);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect(await t.sql(`SELECT count(*)::int AS n FROM document WHERE file_name = 'retry.pdf'`)).toEqual([{ n: 1 }]);
      // The same key with another file is another request: refused, nothing stored.
      const other = await t.http
        .post('/api/v1/documents')
        .set(bearer(officer08))
        .set('Idempotency-Key', 'doc-retry-1')
        .field('kind', 'decision')
        .field('assetId', asset)
        .attach('file', pdf(), { filename: 'retry.pdf', contentType: 'application/pdf' })
        .expect(422);
      expect(other.body.type).toBe(`${PROBLEM}idempotency-key-reused`);
      expect(await t.sql(`SELECT count(*)::int AS n FROM document WHERE file_name = 'retry.pdf'`)).toEqual([{ n: 1 }]);
      await t.http
        .post('/api/v1/documents')
        .set(bearer(officer08))
        .set('Idempotency-Key', 'bad key')
        .field('kind', 'decision')
        .field('assetId', asset)
        .attach('file', pdf(), { filename: 'x.pdf', contentType: 'application/pdf' })
        .expect(400);
    });
  });

  describe('actions', () => {
    it("attaches to an action (the action's province), to an action with its asset, and refuses an action on another asset", async () => {
      const action = await insertAction(otherAsset);
      const only = await upload(officer08, { kind: 'valuation_report', actionId: action }, { content: pdf(), filename: 'valuation.pdf' }).expect(201);
      expect(only.body).toMatchObject({ actionId: action, assetId: null, provinceCode: '08' });
      const both = await upload(
        officer08,
        { kind: 'handover_minutes', actionId: action, assetId: otherAsset },
        { content: pdf(), filename: 'minutes.pdf' },
      ).expect(201);
      expect(both.body).toMatchObject({ actionId: action, assetId: otherAsset });
      const before = await count();
      const wrong = await upload(officer08, { kind: 'decision', actionId: action, assetId: asset }, { content: pdf(), filename: 'x.pdf' }).expect(422);
      expect(wrong.body.type).toBe(`${PROBLEM}action-not-on-asset`);
      expect(await count()).toBe(before);
      const listed = await t.http.get(`/api/v1/documents?actionId=${action}`).set(bearer(inspector08)).expect(200);
      expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([only.body.id, both.body.id]);
    });
  });

  describe('supersede', () => {
    it('replaces a document by a new one that points to it, once; the old one stays readable', async () => {
      const oldBytes = pdf();
      const old = await upload(officer08, { kind: 'land_certificate', assetId: asset }, { content: oldBytes, filename: 'gcn-v1.pdf' }).expect(201);
      const next = await upload(
        officer08,
        { kind: 'land_certificate', assetId: asset, supersedesId: old.body.id },
        { content: pdf(), filename: 'gcn-v2.pdf' },
      ).expect(201);
      expect(next.body.supersedesId).toBe(old.body.id);
      const oldNow = await t.http.get(`/api/v1/documents/${old.body.id}`).set(bearer(officer08)).expect(200);
      expect(oldNow.body.supersededBy).toBe(next.body.id);
      expect(((await content(officer08, old.body.id).expect(200)).body as Buffer).equals(oldBytes)).toBe(true);
      expect(await t.sql(`SELECT action, after FROM event WHERE entity_type = 'document' AND entity_id = $1 ORDER BY seq`, [old.body.id])).toEqual([
        { action: 'uploaded', after: expect.any(Object) },
        { action: 'superseded', after: { supersededBy: next.body.id } },
      ]);

      const before = await count();
      const twice = await upload(
        officer08,
        { kind: 'land_certificate', assetId: asset, supersedesId: old.body.id },
        { content: pdf(), filename: 'gcn-v3.pdf' },
      ).expect(409);
      expect(twice.body.type).toBe(`${PROBLEM}document-already-superseded`);
      expect(await count()).toBe(before);
      expect(tempFiles(dir)).toEqual([]);
    });

    it('lets only one of two concurrent replacements win (the database constraint)', async () => {
      const old = await upload(officer08, { kind: 'contract', assetId: asset }, { content: pdf(), filename: 'hd.pdf' }).expect(201);
      const results = await Promise.all(
        [1, 2].map((i) => upload(officer08, { kind: 'contract', assetId: asset, supersedesId: old.body.id }, { content: pdf(), filename: `hd-${i}.pdf` })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await t.sql(`SELECT count(*)::int AS n FROM document WHERE supersedes_id = $1`, [old.body.id])).toEqual([{ n: 1 }]);
    });

    it('refuses a replacement attached to another asset, and an unknown document', async () => {
      const old = await upload(officer08, { kind: 'photo', assetId: asset }, { content: pdf(), filename: 'p.pdf' }).expect(201);
      const other = await upload(officer08, { kind: 'photo', assetId: otherAsset, supersedesId: old.body.id }, { content: pdf(), filename: 'p2.pdf' }).expect(
        422,
      );
      expect(other.body.type).toBe(`${PROBLEM}supersede-subject-mismatch`);
      await upload(
        officer08,
        { kind: 'photo', assetId: asset, supersedesId: '00000000-0000-4000-8000-000000000000' },
        { content: pdf(), filename: 'p3.pdf' },
      ).expect(404);
    });
  });

  describe('bad input writes nothing', () => {
    const A = 'the asset';
    it.each([
      ['no file', { kind: 'decision', assetId: A }, 'none', 422, 'missing-file', 'file'],
      ['an unknown kind', { kind: 'poem', assetId: A }, 'pdf', 422, 'validation-failed', 'kind'],
      ['no kind', { assetId: A }, 'pdf', 422, 'validation-failed', 'kind'],
      ['neither assetId nor actionId', { kind: 'decision' }, 'pdf', 422, 'validation-failed', 'actionId'],
      ['a malformed assetId', { kind: 'decision', assetId: 'not-a-uuid' }, 'pdf', 422, 'validation-failed', 'assetId'],
      ['an unknown field', { kind: 'decision', assetId: A, status: 'approved' }, 'pdf', 422, 'validation-failed', 'status'],
      ['an unknown asset', { kind: 'decision', assetId: '00000000-0000-4000-8000-000000000000' }, 'pdf', 404, 'not-found', 'assetId'],
      ['an unknown action', { kind: 'decision', actionId: '00000000-0000-4000-8000-000000000000' }, 'pdf', 404, 'not-found', 'actionId'],
      ['an empty file', { kind: 'decision', assetId: A }, 'empty', 422, 'empty-file', 'file'],
      ['a text field named file', { kind: 'decision', assetId: A, file: 'abc' }, 'none', 422, 'missing-file', 'file'],
    ])('%s', async (_what, fields, file, status, type, field) => {
      const before = await count();
      const f = Object.fromEntries(Object.entries(fields as Record<string, string>).map(([k, v]) => [k, v === A ? asset : v]));
      const part = file === 'pdf' ? { content: pdf(), filename: 'x.pdf' } : file === 'empty' ? { content: Buffer.alloc(0), filename: 'x.pdf' } : undefined;
      const res = await upload(officer08, f, part).expect(status);
      expect(res.body.type).toBe(PROBLEM + type);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await count()).toBe(before);
      expect(tempFiles(dir)).toEqual([]);
    });

    it('refuses a media type outside DOCUMENT_TYPES with 415', async () => {
      const before = await count();
      const gif = await upload(
        officer08,
        { kind: 'photo', assetId: asset },
        { content: Buffer.from('GIF89a........'), filename: 'a.gif', contentType: 'image/gif' },
      ).expect(415);
      expect(gif.body.type).toBe(`${PROBLEM}unsupported-media-type`);
      expect(gif.body.detail).toContain('image/gif');
      await upload(
        officer08,
        { kind: 'other', assetId: asset },
        { content: Buffer.from('MZ....'), filename: 'setup.exe', contentType: 'application/octet-stream' },
      ).expect(415);
      expect(await count()).toBe(before);
    });

    it('refuses a body that is not multipart with 415', async () => {
      const res = await t.http.post('/api/v1/documents').set(bearer(officer08)).send({ kind: 'decision', assetId: asset }).expect(415);
      expect(res.body.type).toBe(`${PROBLEM}unsupported-media-type`);
    });

    it('refuses a file over DOCUMENT_MAX_BYTES with 413, keeping nothing of it', async () => {
      const before = await count();
      const big = pdf(MAX + 1);
      const res = await upload(officer08, { kind: 'decision', assetId: asset }, { content: big, filename: 'big.pdf' }).expect(413);
      expect(res.body).toMatchObject({ type: `${PROBLEM}payload-too-large`, status: 413 });
      expect(await count()).toBe(before);
      expect(tempFiles(dir)).toEqual([]);
      expect(storedFiles(dir).some((f) => f.endsWith(sha256(big)))).toBe(false);
    });

    it('refuses a field after the file with 422, keeping nothing', async () => {
      const before = await count();
      const late = pdf();
      const res = await upload(officer08, { kind: 'decision' }, { content: late, filename: 'late.pdf' }, { assetId: asset }).expect(422);
      expect(res.body.type).toBe(`${PROBLEM}field-after-file`);
      expect(res.body.errors).toEqual([{ field: 'assetId', message: 'must come before the file' }]);
      const res2 = await upload(officer08, { kind: 'decision', assetId: asset }, { content: late, filename: 'late.pdf' }, { note: 'sau' }).expect(422);
      expect(res2.body.type).toBe(`${PROBLEM}field-after-file`);
      expect(await count()).toBe(before);
      expect(tempFiles(dir)).toEqual([]);
      expect(storedFiles(dir).some((f) => f.endsWith(sha256(late)))).toBe(false);
    });

    it('refuses a second file with 422', async () => {
      const before = await count();
      const res = await t.http
        .post('/api/v1/documents')
        .set(bearer(officer08))
        .field('kind', 'decision')
        .field('assetId', asset)
        .attach('file', pdf(), { filename: 'a.pdf', contentType: 'application/pdf' })
        .attach('file2', pdf(), { filename: 'b.pdf', contentType: 'application/pdf' })
        .expect(422);
      expect(res.body.type).toBe(`${PROBLEM}unexpected-file`);
      expect(await count()).toBe(before);
      expect(tempFiles(dir)).toEqual([]);
    });

    it('has no route to change or delete a document', async () => {
      const doc = await upload(officer08, { kind: 'other', assetId: asset }, { content: pdf(), filename: 'keep.pdf' }).expect(201);
      await t.http.put(`/api/v1/documents/${doc.body.id}`).set(bearer(t.adminToken)).send({}).expect(404);
      await t.http.patch(`/api/v1/documents/${doc.body.id}`).set(bearer(t.adminToken)).send({ note: 'x' }).expect(404);
      await t.http.delete(`/api/v1/documents/${doc.body.id}`).set(bearer(t.adminToken)).expect(404);
      await t.http.get(`/api/v1/documents/${doc.body.id}`).set(bearer(t.adminToken)).expect(200);
    });
  });

  describe('roles and scope', () => {
    it('inspectors and viewers cannot upload (403) but read metadata, lists and content; no token is 401', async () => {
      const bytes = pdf();
      const doc = await upload(officer08, { kind: 'decision', assetId: asset }, { content: bytes, filename: 'r.pdf' }).expect(201);
      for (const reader of [inspector08, viewer]) {
        await upload(reader, { kind: 'decision', assetId: asset }, { content: pdf(), filename: 'no.pdf' }).expect(403);
        await t.http.get(`/api/v1/documents/${doc.body.id}`).set(bearer(reader)).expect(200);
        expect(((await content(reader, doc.body.id).expect(200)).body as Buffer).equals(bytes)).toBe(true);
        const list = await t.http.get(`/api/v1/documents?assetId=${asset}&kind=decision`).set(bearer(reader)).expect(200);
        expect(list.body.items.map((d: { id: string }) => d.id)).toContain(doc.body.id);
      }
      await t.http.get(`/api/v1/documents/${doc.body.id}`).expect(401);
      await t.http.post('/api/v1/documents').field('kind', 'decision').expect(401);
    });

    it('an officer of 08 can neither read nor attach to a document or asset of 01 (404); national readers can', async () => {
      const doc01 = await upload(officer01, { kind: 'decision', assetId: asset01 }, { content: pdf(), filename: 'hn.pdf' }).expect(201);
      expect(doc01.body.provinceCode).toBe('01');
      await t.http.get(`/api/v1/documents/${doc01.body.id}`).set(bearer(officer08)).expect(404);
      await content(officer08, doc01.body.id).expect(404);
      await t.http.get(`/api/v1/documents/${doc01.body.id}`).set(bearer(inspector08)).expect(404);
      const before = await count();
      const attach = await upload(officer08, { kind: 'decision', assetId: asset01 }, { content: pdf(), filename: 'x.pdf' }).expect(404);
      expect(attach.body.errors).toEqual([{ field: 'assetId', message: 'unknown asset' }]);
      await upload(officer08, { kind: 'decision', assetId: asset01, supersedesId: doc01.body.id }, { content: pdf(), filename: 'x.pdf' }).expect(404);
      await upload(officer08, { kind: 'decision', assetId: asset, supersedesId: doc01.body.id }, { content: pdf(), filename: 'x.pdf' }).expect(404);
      expect(await count()).toBe(before);
      const list = await t.http.get(`/api/v1/documents?assetId=${asset01}`).set(bearer(officer08)).expect(200);
      expect(list.body.items).toEqual([]);
      await t.http.get(`/api/v1/documents/${doc01.body.id}`).set(bearer(viewer)).expect(200);
      await content(t.adminToken, doc01.body.id).expect(200);
    });
  });

  describe('list', () => {
    it('pages with a cursor in upload order and filters by kind', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push(
          (await upload(officer08, { kind: 'acceptance_minutes', assetId: otherAsset }, { content: pdf(), filename: `bb-${i}.pdf` }).expect(201)).body.id,
        );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; page: { nextCursor: string | null } } } = await t.http
          .get(`/api/v1/documents?assetId=${otherAsset}&kind=acceptance_minutes&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(officer08))
          .expect(200);
        seen.push(...page.body.items.map((d) => d.id));
        cursor = page.body.page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(ids);
      await t.http.get('/api/v1/documents?limit=201').set(bearer(officer08)).expect(400);
      await t.http.get('/api/v1/documents?kind=poem').set(bearer(officer08)).expect(400);
      await t.http.get('/api/v1/documents?cursor=nonsense').set(bearer(officer08)).expect(400);
    });
  });

  describe('integrity', () => {
    it('never serves a stored file that changed: 500 document-integrity and an error-level alarm with both hashes', async () => {
      const bytes = pdf();
      const doc = await upload(officer08, { kind: 'decision', assetId: otherAsset }, { content: bytes, filename: 'tamper.pdf' }).expect(201);
      const h = doc.body.sha256 as string;
      const path = join(dir, h.slice(0, 2), h.slice(2, 4), h);
      const tampered = Buffer.from(bytes);
      tampered[100] ^= 0xff;
      chmodSync(path, 0o644);
      writeFileSync(path, tampered);

      const res = await t.http.get(`/api/v1/documents/${doc.body.id}/content`).set(bearer(officer08)).set('X-Request-Id', 'doc-tamper-0001').expect(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: `${PROBLEM}document-integrity`, status: 500, documentId: doc.body.id, requestId: 'doc-tamper-0001' });
      expect(JSON.stringify(res.body)).not.toContain(dir);
      const alarm = log.lines.find((l) => l.alarm === 'document-integrity' && l.documentId === doc.body.id);
      expect(alarm).toMatchObject({ level: 50, reason: 'mismatch', expectedSha256: h, actualSha256: sha256(tampered), requestId: 'doc-tamper-0001' });
      // The metadata stays readable: only the bytes are refused.
      await t.http.get(`/api/v1/documents/${doc.body.id}`).set(bearer(officer08)).expect(200);
    });

    it('answers a missing stored file with 500 document-integrity too, and logs it', async () => {
      const doc = await upload(officer08, { kind: 'decision', assetId: otherAsset }, { content: pdf(), filename: 'gone.pdf' }).expect(201);
      const h = doc.body.sha256 as string;
      unlinkSync(join(dir, h.slice(0, 2), h.slice(2, 4), h));
      const res = await t.http.get(`/api/v1/documents/${doc.body.id}/content`).set(bearer(viewer)).expect(500);
      expect(res.body.type).toBe(`${PROBLEM}document-integrity`);
      expect(log.lines.find((l) => l.alarm === 'document-integrity' && l.documentId === doc.body.id)).toMatchObject({
        level: 50,
        reason: 'missing',
        expectedSha256: h,
        actualSha256: null,
      });
    });

    it('repairs a damaged stored copy when the same content is uploaded again', async () => {
      const bytes = pdf();
      const first = await upload(officer08, { kind: 'photo', assetId: otherAsset }, { content: bytes, filename: 'r1.pdf' }).expect(201);
      const h = first.body.sha256 as string;
      const path = join(dir, h.slice(0, 2), h.slice(2, 4), h);
      chmodSync(path, 0o644);
      writeFileSync(path, Buffer.from('garbage'));
      await content(officer08, first.body.id).expect(500);
      await upload(officer08, { kind: 'photo', assetId: otherAsset }, { content: bytes, filename: 'r2.pdf' }).expect(201);
      expect(((await content(officer08, first.body.id).expect(200)).body as Buffer).equals(bytes)).toBe(true);
    });
  });
});
