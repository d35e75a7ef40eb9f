import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';

const PROBLEM = 'urn:vn-public-assets:problem:';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (size = 1500): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

interface Doc {
  id: string;
  sha256: string;
  sizeBytes: number;
  fileName: string;
  provinceCode: string;
}

describe('verification of stored documents: POST /documents/verify', () => {
  let t: TestApp;
  let dir: string;
  let officer08: string;
  let officer01: string;
  let inspector: string;
  let inspector08: string;
  let viewer: string;
  const docs08: Doc[] = [];
  const docs01: Doc[] = [];
  let shared: Buffer;

  const pathOf = (h: string) => join(dir, h.slice(0, 2), h.slice(2, 4), h);
  const upload = async (token: string, assetId: string, content: Buffer, filename: string): Promise<Doc> => {
    const res = await t.http
      .post('/api/v1/documents')
      .set(bearer(token))
      .field('kind', 'decision')
      .field('assetId', assetId)
      .attach('file', content, { filename, contentType: 'application/pdf' });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Doc;
  };
  const verify = (token: string, query = '') => t.http.post(`/api/v1/documents/verify${query}`).set(bearer(token));
  /** Every page, following nextCursor, with the limit given. */
  const verifyAll = async (token: string, limit: number) => {
    const pages: { ok: boolean; checked: number; problems: { documentId: string }[]; nextCursor: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await verify(token, q).expect(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor !== null && pages.length < 50);
    return pages;
  };
  const byId = (a: { documentId: string }, b: { documentId: string }) => (a.documentId < b.documentId ? -1 : 1);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpa-documents-verify-'));
    t = await createTestApp({ env: { DOCUMENTS_DIR: dir, LOG_LEVEL: 'silent' } });
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    inspector = await t.userToken('inspector', null);
    inspector08 = await t.userToken('inspector', '08');
    viewer = await t.userToken('viewer');
    const custodian08 = (await createAgency(t, officer08)).id;
    const asset08 = (await createAsset(t, officer08, custodian08)).id;
    const custodian01 = (await createAgency(t, officer01, { unit: { era: 'new', level: 'commune', code: '00004' } })).id;
    const asset01 = (await createAsset(t, officer01, custodian01, { currentUnit: { era: 'new', level: 'commune', code: '00004' }, originUnit: null })).id;
    shared = pdf(2048);
    docs08.push(await upload(officer08, asset08, pdf(), 'quyet-dinh-1.pdf'));
    docs08.push(await upload(officer08, asset08, pdf(), 'quyet-dinh-2.pdf'));
    docs08.push(await upload(officer08, asset08, shared, 'ban-sao-a.pdf'));
    docs08.push(await upload(officer08, asset08, shared, 'ban-sao-b.pdf'));
    docs01.push(await upload(officer01, asset01, pdf(), 'ha-noi-1.pdf'));
    docs01.push(await upload(officer01, asset01, pdf(), 'ha-noi-2.pdf'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds every stored file intact', async () => {
    const res = await verify(t.adminToken).expect(200);
    expect(res.body).toEqual({ ok: true, checked: 6, limit: 100, problems: [], nextCursor: null });
    expect((await verify(inspector).expect(200)).body).toMatchObject({ ok: true, checked: 6 });
    expect((await verify(inspector08).expect(200)).body).toMatchObject({ ok: true, checked: 4 });
  });

  it('pages through the store with nextCursor, each document once', async () => {
    const pages = await verifyAll(t.adminToken, 4);
    expect(pages.map((p) => p.checked)).toEqual([4, 2]);
    expect(pages[0].nextCursor).toEqual(expect.any(String));
    expect(pages[1].nextCursor).toBeNull();
    const ones = await verifyAll(t.adminToken, 1);
    expect(ones.map((p) => p.checked)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('is for admins and inspectors', async () => {
    for (const token of [officer08, viewer]) expect((await verify(token).expect(403)).body.type).toBe(`${PROBLEM}forbidden`);
    await t.http.post('/api/v1/documents/verify').expect(401);
  });

  it.each([
    ['?limit=0', 'limit', 'invalid-parameter'],
    ['?limit=1001', 'limit', 'invalid-parameter'],
    ['?limit=x', 'limit', 'invalid-parameter'],
    ['?cursor=nonsense', 'cursor', 'invalid-cursor'],
    [`?cursor=${Buffer.from(JSON.stringify(['not-a-uuid'])).toString('base64url')}`, 'cursor', 'invalid-cursor'],
  ])('refuses %s naming %s (400)', async (query, field, type) => {
    const res = await verify(t.adminToken, query).expect(400);
    expect(res.body.type).toBe(`${PROBLEM}${type}`);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  describe('with damaged files', () => {
    let altered: Buffer;
    beforeAll(() => {
      // A file of province 08 changed on disk (same size), a file of province 01 deleted.
      const h = docs08[0].sha256;
      chmodSync(pathOf(h), 0o644);
      altered = pdf(docs08[0].sizeBytes);
      writeFileSync(pathOf(h), altered);
      unlinkSync(pathOf(docs01[1].sha256));
    });

    it('names the altered file (mismatch, with both hashes) and the deleted one (missing)', async () => {
      const res = await verify(t.adminToken).expect(200);
      expect(res.body).toMatchObject({ ok: false, checked: 6, nextCursor: null });
      expect(res.body.problems.sort(byId)).toEqual(
        [
          {
            documentId: docs08[0].id,
            provinceCode: '08',
            fileName: 'quyet-dinh-1.pdf',
            reason: 'mismatch',
            expectedSha256: docs08[0].sha256,
            actualSha256: sha256(altered),
            expectedSize: docs08[0].sizeBytes,
            actualSize: altered.length,
          },
          {
            documentId: docs01[1].id,
            provinceCode: '01',
            fileName: 'ha-noi-2.pdf',
            reason: 'missing',
            expectedSha256: docs01[1].sha256,
            actualSha256: null,
            expectedSize: docs01[1].sizeBytes,
            actualSize: null,
          },
        ].sort(byId),
      );
    });

    it('finds the same problems page by page', async () => {
      const pages = await verifyAll(inspector, 2);
      expect(pages.map((p) => p.checked)).toEqual([2, 2, 2]);
      expect(pages.flatMap((p) => p.problems.map((x) => x.documentId)).sort()).toEqual([docs08[0].id, docs01[1].id].sort());
    });

    it('checks only their province for a provincial inspector', async () => {
      const res = await verify(inspector08).expect(200);
      expect(res.body).toMatchObject({ ok: false, checked: 4 });
      expect(res.body.problems.map((p: { documentId: string }) => p.documentId)).toEqual([docs08[0].id]);
    });

    it('names every document that shares a damaged file', async () => {
      const h = sha256(shared);
      chmodSync(pathOf(h), 0o644);
      writeFileSync(pathOf(h), shared.subarray(0, 100));
      const res = await verify(inspector08).expect(200);
      const named = res.body.problems.map((p: { documentId: string; reason: string; actualSize: number }) => [p.documentId, p.reason, p.actualSize]);
      expect(named.sort()).toEqual(
        [
          [docs08[0].id, 'mismatch', docs08[0].sizeBytes],
          [docs08[2].id, 'mismatch', 100],
          [docs08[3].id, 'mismatch', 100],
        ].sort(),
      );
    });
  });
});
