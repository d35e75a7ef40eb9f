import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';

const enc = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

/** Every cursor-paginated list, found in the committed OpenAPI document (GET, no path parameter, a `cursor` query parameter). */
function cursorLists(): string[] {
  const doc = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8')) as {
    paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
  };
  return Object.entries(doc.paths)
    .filter(([path, item]) => !path.includes('{') && item.get?.parameters?.some((p) => p.in === 'query' && p.name === 'cursor'))
    .map(([path]) => path);
}

describe('cursor pagination across the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('finds the lists to check', () => {
    expect(cursorLists()).toEqual(
      expect.arrayContaining(['/api/v1/assets', '/api/v1/actions', '/api/v1/documents', '/api/v1/inspections', '/api/v1/reports', '/api/v1/events']),
    );
  });

  // A forged or foreign cursor is a 400 invalid-cursor (or, where it happens to fit the key, a page): never a 500.
  it.each([
    [['x', 'y']],
    [[1.5]],
    [['2025-01-01T00:00:00Z', 'not-a-uuid']],
    [['not-a-date', '00000000-0000-0000-0000-000000000000']],
    [['2025-99-99', '00000000-0000-0000-0000-000000000000']],
    [['2025-99-99T00:00:00Z', '00000000-0000-0000-0000-000000000000']],
    [['2025-02-30T00:00:00Z', '00000000-0000-0000-0000-000000000000']],
    [['2025-02-28T24:00:00Z', '00000000-0000-0000-0000-000000000000']],
    [['x']],
    [[['nested']]],
    [[]],
  ])('answers a forged cursor %j with 400 invalid-cursor or a page on every list', async (key) => {
    for (const path of cursorLists()) {
      const required = path === '/api/v1/reports/status/items' ? { scope: 'national', key: 'surplus' } : {};
      const res = await t.http
        .get(path)
        .query({ cursor: enc(key), ...required })
        .set(bearer(t.adminToken));
      expect({ path, status: res.status === 400 ? res.body.type : res.status }).toEqual({
        path,
        status: res.status === 200 ? 200 : expect.stringMatching(/problem:invalid-cursor$/),
      });
    }
  });

  it('pages through actions one by one without repeating a row (keys to the microsecond)', async () => {
    const officer = await t.userToken('officer', '08');
    const agency = (await createAgency(t, officer)).id;
    const created: string[] = [];
    for (let i = 0; i < 4; i++) {
      const asset = await createAsset(t, officer, agency);
      await t.http.post(`/api/v1/assets/${asset.id}/surplus`).set(bearer(officer)).send({ since: '2025-07-01', reason: 'Dôi dư' }).expect(200);
      created.push(
        (await t.http.post('/api/v1/actions').set(bearer(officer)).send({ assetId: asset.id, type: 'retention', method: 'permanent' }).expect(201)).body.id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await t.http
        .get('/api/v1/actions')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .set(bearer(officer))
        .expect(200);
      seen.push(...res.body.items.map((a: { id: string }) => a.id));
      cursor = res.body.page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(created);
  });
});
