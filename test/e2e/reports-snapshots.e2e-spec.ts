import { createHash } from 'node:crypto';
import { RENDERER_VERSIONS } from '../../src/reports/render/render';
import { bearer, binaryParser, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Snapshots: generated (small: at once), stored with their hashes, served exactly, verified, compared. */
describe('report snapshots (POST/GET /reports, content, verify, diff)', () => {
  let t: TestApp;
  let officer08: string;
  let officer01: string;
  let viewer: string;
  let inspector08: string;
  const ids: Record<string, string> = {};
  const at = (d: string) => `${d}T03:00:00Z`;

  beforeAll(async () => {
    t = await createTestApp();
    officer08 = await t.userToken('officer', '08');
    officer01 = await t.userToken('officer', '01');
    viewer = await t.userToken('viewer');
    inspector08 = await t.userToken('inspector', '08');
    const ag = (await createAgency(t, officer08)).id;
    for (const [name, land] of [
      ['A1', 1000],
      ['A2', 200.5],
    ] as const) {
      ids[name] = (await createAsset(t, t.adminToken, ag, { code: `08.S.${name}`, landArea: land, floorArea: 10 })).id;
    }
    await t.http.post(`/api/v1/assets/${ids.A1}/surplus`).set(bearer(t.adminToken)).send({ since: '2025-07-01', reason: 'Dôi dư' }).expect(200);
    await t.sql(`UPDATE surplus_declaration SET declared_recorded_at = $1`, [at('2025-07-02')]);
  });
  afterAll(() => t.close());

  const create = (token: string, body: Record<string, unknown>) => t.http.post('/api/v1/reports').set(bearer(token)).send(body);

  it('generates a provincial report at once (201) with every format, stored with hashes and an event', async () => {
    const res = await create(officer08, { scope: 'province', province: '08', asOf: '2025-12-01', knownAt: '2025-12-01T00:00:00.000Z' }).expect(201);
    expect(res.headers.location).toBe(`/api/v1/reports/${res.body.id}`);
    expect(res.body.params).toEqual({
      scope: 'province',
      province: '08',
      asOf: '2025-12-01',
      knownAt: '2025-12-01T00:00:00.000Z',
      period: 'weekly',
      lang: 'vi',
    });
    expect(res.body.contents.map((c: { format: string }) => c.format)).toEqual(['json', 'csv', 'xlsx', 'pdf']);
    ids.s1 = res.body.id;
    const [ev] = await t.sql<{ action: string; entity_type: string; contents: unknown }>(
      `SELECT action, entity_type, after->'contents' AS contents FROM event WHERE entity_id = $1`,
      [ids.s1],
    );
    expect(ev).toEqual({
      action: 'report-generated',
      entity_type: 'report',
      contents: res.body.contents.map((c: { format: string; sha256: string; sizeBytes: number; rendererVersion: number }) => ({
        format: c.format,
        sha256: c.sha256,
        sizeBytes: c.sizeBytes,
        rendererVersion: c.rendererVersion,
      })),
    });

    for (const c of res.body.contents as { format: string; sha256: string; mediaType: string; url: string }[]) {
      const got = await t.http
        .get(c.url)
        .set(bearer(officer08))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      expect(sha256(got.body as Buffer)).toBe(c.sha256);
      expect(got.headers.etag).toBe(`"${c.sha256}"`);
      expect(got.headers['content-type']).toContain(c.mediaType.split(';')[0]);
    }
    const json = await t.http
      .get(`/api/v1/reports/${ids.s1}/content?format=json`)
      .set(bearer(officer08))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    const report = JSON.parse((json.body as Buffer).toString('utf8'));
    const surplus = report.rows[0].cells.find((c: { key: string }) => c.key === 'surplus');
    expect([surplus.facilities, surplus.landArea]).toEqual([1, 1000]);
  });

  it('verify says true, then false once a stored byte is tampered with; the damaged bytes are not served', async () => {
    const ok = await t.http.get(`/api/v1/reports/${ids.s1}/verify`).set(bearer(officer08)).expect(200);
    expect(ok.body.matches).toBe(true);
    expect(ok.body.formats.map((f: { matches: boolean }) => f.matches)).toEqual([true, true, true, true]);
    expect(ok.body.formats.find((f: { format: string }) => f.format === 'xlsx')).toMatchObject({
      intact: true,
      regenerated: true,
      rendererVersion: RENDERER_VERSIONS.xlsx,
      currentRendererVersion: RENDERER_VERSIONS.xlsx,
    });
    await t.sql(`DO $$ BEGIN SET LOCAL session_replication_role = replica;
      UPDATE report_content SET content = set_byte(content, 10, (get_byte(content, 10) + 1) % 256) WHERE snapshot_id = '${ids.s1}' AND format = 'csv'; END $$`);
    const bad = await t.http.get(`/api/v1/reports/${ids.s1}/verify`).set(bearer(officer08)).expect(200);
    expect(bad.body.matches).toBe(false);
    const csv = bad.body.formats.find((f: { format: string }) => f.format === 'csv');
    expect(csv.matches).toBe(false);
    expect(csv.storedSha256).not.toBe(csv.recordedSha256);
    expect(csv.regeneratedSha256).toBe(csv.recordedSha256);
    expect(csv).toMatchObject({ intact: false, regenerated: true });
    const served = await t.http.get(`/api/v1/reports/${ids.s1}/content?format=csv`).set(bearer(officer08)).expect(500);
    expect(served.body.type).toBe('urn:vn-public-assets:problem:report-integrity');
  });

  it('answers 304 without a body when If-None-Match names the stored content, 200 otherwise', async () => {
    const url = `/api/v1/reports/${ids.s1}/content?format=json`;
    const full = await t.http.get(url).set(bearer(officer08)).expect(200);
    const etag = full.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await t.http.get(url).set(bearer(officer08)).set('If-None-Match', header).expect(304);
      expect(res.headers.etag).toBe(etag);
      expect(res.text ?? '').toBe('');
    }
    const other = await t.http.get(url).set(bearer(officer08)).set('If-None-Match', '"0000"').expect(200);
    expect(other.headers.etag).toBe(etag);
    // Scope and existence come first.
    await t.http.get(url).set(bearer(officer01)).set('If-None-Match', etag).expect(404);
    await t.http.get(`/api/v1/reports/${ids.s1}/content?format=xlsx`).set(bearer(officer08)).set('If-None-Match', etag).expect(200);
  });

  it('snapshots are immutable in the database', async () => {
    await expect(t.sql(`UPDATE report_snapshot SET lang = 'en' WHERE id = $1`, [ids.s1])).rejects.toThrow(/immutable/);
    await expect(t.sql(`DELETE FROM report_content WHERE snapshot_id = $1`, [ids.s1])).rejects.toThrow(/immutable/);
  });

  it('diff shows the changed cell and the facility that explains it', async () => {
    await t.http.post(`/api/v1/assets/${ids.A2}/surplus`).set(bearer(t.adminToken)).send({ since: '2025-07-01', reason: 'Dôi dư' }).expect(200);
    const s2 = await create(officer08, { scope: 'province', province: '08', asOf: '2025-12-01', formats: ['json'] }).expect(201);
    ids.s2 = s2.body.id;
    const res = await t.http.get(`/api/v1/reports/${ids.s1}/diff/${ids.s2}`).set(bearer(viewer)).expect(200);
    const change = res.body.changes.find((c: { key: string }) => c.key === 'surplus');
    expect(change).toMatchObject({
      provinceCode: '08',
      before: { facilities: 1, landArea: 1000 },
      after: { facilities: 2, landArea: 1200.5 },
      delta: { facilities: 1, landArea: 200.5 },
    });
    expect(change.entered).toEqual([{ assetId: ids.A2, code: '08.S.A2', name: 'Trụ sở UBND thành phố Hà Giang (cũ)' }]);
    expect(change.left).toEqual([]);
  });

  it('lists in scope; another province reads nothing (404); validation and scope on create', async () => {
    const list = await t.http.get('/api/v1/reports?limit=1').set(bearer(inspector08)).expect(200);
    expect(list.body.items).toHaveLength(1);
    const page2 = await t.http.get(`/api/v1/reports?limit=1&cursor=${list.body.page.nextCursor}`).set(bearer(inspector08)).expect(200);
    expect(new Set([list.body.items[0].id, page2.body.items[0].id])).toEqual(new Set([ids.s1, ids.s2]));
    expect((await t.http.get('/api/v1/reports').set(bearer(officer01)).expect(200)).body.items).toEqual([]);
    await t.http.get(`/api/v1/reports/${ids.s1}`).set(bearer(officer01)).expect(404);
    await t.http.get(`/api/v1/reports/${ids.s1}/content?format=pdf`).set(bearer(officer01)).expect(404);
    await t.http.get(`/api/v1/reports/${ids.s1}/verify`).set(bearer(officer01)).expect(404);
    await t.http.get(`/api/v1/reports/${ids.s2}/content?format=pdf`).set(bearer(officer08)).expect(404);
    await t.http.get(`/api/v1/reports/${ids.s1}/content?format=doc`).set(bearer(officer08)).expect(400);
    await t.http.get('/api/v1/reports/not-a-uuid').set(bearer(officer08)).expect(400);
    expect((await create(officer01, { scope: 'province', province: '08' }).expect(404)).body).toMatchObject({
      errors: [{ field: 'province', message: 'unknown province' }],
    });
    await create(officer08, { scope: 'national' }).expect(403);
    const e1 = await create(officer08, { scope: 'province' }).expect(422);
    expect(e1.body.errors[0].field).toBe('province');
    const e2 = await create(viewer, { scope: 'province', province: '08', formats: ['docx'] }).expect(422);
    expect(JSON.stringify(e2.body.errors)).toContain('formats');
    const e3 = await create(viewer, { scope: 'province', province: '08', asOf: '2999-01-01' }).expect(422);
    expect(e3.body.errors[0].field).toBe('asOf');
    await create(viewer, { scope: 'province', province: '99' }).expect(422);
    await t.http.post('/api/v1/reports').send({ scope: 'national' }).expect(401);
  });

  it('verify checks the hash but does not regenerate a format made by an earlier renderer version; a damaged one is still caught', async () => {
    const made = await create(officer08, { scope: 'province', province: '08', formats: ['json', 'xlsx'] }).expect(201);
    const id = made.body.id;
    expect(made.body.contents.map((c: { format: string; rendererVersion: number }) => [c.format, c.rendererVersion])).toEqual([
      ['json', RENDERER_VERSIONS.json],
      ['xlsx', RENDERER_VERSIONS.xlsx],
    ]);
    // As if stored by the XLSX writer before the streamed one: other bytes, version 1, its own recorded hash.
    await t.sql(`DO $$ BEGIN SET LOCAL session_replication_role = replica;
      UPDATE report_content SET renderer_version = 1, content = content || '\\x00'::bytea, sha256 = encode(sha256(content || '\\x00'::bytea), 'hex') WHERE snapshot_id = '${id}' AND format = 'xlsx'; END $$`);
    const old = await t.http.get(`/api/v1/reports/${id}/verify`).set(bearer(officer08)).expect(200);
    expect(old.body.matches).toBe(true);
    const xlsx = old.body.formats.find((f: { format: string }) => f.format === 'xlsx');
    expect(xlsx).toEqual({
      format: 'xlsx',
      matches: true,
      intact: true,
      regenerated: false,
      rendererVersion: 1,
      currentRendererVersion: RENDERER_VERSIONS.xlsx,
      recordedSha256: xlsx.storedSha256,
      storedSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      regeneratedSha256: null,
    });
    expect(old.body.formats.find((f: { format: string }) => f.format === 'json')).toMatchObject({ matches: true, intact: true, regenerated: true });
    await t.sql(`DO $$ BEGIN SET LOCAL session_replication_role = replica;
      UPDATE report_content SET content = set_byte(content, 10, (get_byte(content, 10) + 1) % 256) WHERE snapshot_id = '${id}' AND format = 'xlsx'; END $$`);
    const damaged = await t.http.get(`/api/v1/reports/${id}/verify`).set(bearer(officer08)).expect(200);
    expect(damaged.body.matches).toBe(false);
    expect(damaged.body.formats.find((f: { format: string }) => f.format === 'xlsx')).toMatchObject({ matches: false, intact: false, regenerated: false });
  });

  it('each snapshot records the one it follows: the latest earlier (as-of, then known-at) of its scope, province and period', async () => {
    const previousOf = async (id: string) => (await t.http.get(`/api/v1/reports/${id}`).set(bearer(officer08)).expect(200)).body.previousId;
    expect(await previousOf(ids.s1)).toBeNull();
    // s2: the same as-of date, known later.
    expect(await previousOf(ids.s2)).toBe(ids.s1);
    const json = { scope: 'province', province: '08', formats: ['json'] };
    expect((await create(officer08, { ...json, asOf: '2025-12-01', period: 'monthly' }).expect(201)).body.previousId).toBeNull();
    expect((await create(officer08, { ...json, asOf: '2025-11-24' }).expect(201)).body.previousId).toBeNull();
    // Another language is the same series; another province is not.
    expect((await create(officer08, { ...json, asOf: '2025-12-08', lang: 'en' }).expect(201)).body.previousId).toBe(ids.s2);
    expect((await create(officer01, { ...json, province: '01', asOf: '2025-12-08' }).expect(201)).body.previousId).toBeNull();
    // A snapshot made later for an earlier date leaves the links already recorded as they were.
    expect(await previousOf(ids.s1)).toBeNull();
  });
});
