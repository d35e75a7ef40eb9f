import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES_KEY } from '../../src/common/decorators';
import { bearer, binaryParser, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';
import { createClause } from '../support/workflow';

const PROBLEM = 'urn:vn-public-assets:problem:';
const NIL = '00000000-0000-4000-8000-000000000000';
/** The route families an inspector reads but never changes. */
const FAMILIES = /^\/api\/v1\/(assets|agencies|actions|directives|land-use-categories|purposes|land-use-plans|plan-updates|documents|units|users)([/.]|$)/;
/** Non-GET routes of those families an inspector may call: they change nothing. */
const INSPECTOR_MAY_POST = new Set(['POST /api/v1/documents/verify']);

interface Route {
  method: string;
  path: string;
  roles: string[];
}

/** Every route of the application, from the same controller metadata the auth-guard test walks. */
function routeTable(t: TestApp): Route[] {
  const controllers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
  const reflector = t.app.get(Reflector);
  const scanner = new MetadataScanner();
  const out: Route[] = [];
  for (const wrapper of controllers) {
    const base = String(Reflect.getMetadata('path', wrapper.metatype as object) ?? '');
    const proto = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as () => unknown;
      const method = Reflect.getMetadata('method', handler) as number | undefined;
      if (method === undefined) continue;
      const sub = String(Reflect.getMetadata('path', handler) ?? '');
      const path = `/api/v1/${[base, sub]
        .map((s) => s.replace(/^\/+|\/+$/g, ''))
        .filter(Boolean)
        .join('/')}`.replace(/\/$/, '');
      out.push({ method: RequestMethod[method], path, roles: reflector.getAllAndOverride<string[]>(ROLES_KEY, [handler, wrapper.metatype as never]) ?? [] });
    }
  }
  return out;
}

describe('inspector views', () => {
  let t: TestApp;
  let dir: string;
  let inspector: string;
  let inspectorId: string;
  let inspector08: string;
  let inspector01: string;
  let officer08: string;
  let viewer: string;
  let ids: Record<string, string>;
  let routes: Route[];

  const get = (token: string, url: string) => t.http.get(url).set(bearer(token));
  const reads = async (entityType: string, entityId: string) =>
    t.sql<{ actor_id: string; action: string; after: { route: string } }>(
      `SELECT actor_id, action, after FROM event WHERE entity_type = $1 AND entity_id = $2 AND action = 'inspected-read' ORDER BY seq`,
      [entityType, entityId],
    );
  const eventCount = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event`))[0].n;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpa-inspector-views-'));
    t = await createTestApp({ env: { DOCUMENTS_DIR: dir } });
    inspector = await t.userToken('inspector', null, 'inspector.national');
    inspectorId = (await get(inspector, '/api/v1/auth/me').expect(200)).body.id;
    inspector08 = await t.userToken('inspector', '08');
    inspector01 = await t.userToken('inspector', '01');
    officer08 = await t.userToken('officer', '08');
    viewer = await t.userToken('viewer');
    const agency = (await createAgency(t, officer08)).id;
    const asset = (await createAsset(t, officer08, agency)).id;
    await t.http.post(`/api/v1/assets/${asset}/surplus`).set(bearer(officer08)).send({ since: '2025-07-01', reason: 'District abolished' }).expect(200);
    const clause = await createClause(t);
    const action = (
      await t.http
        .post('/api/v1/actions')
        .set(bearer(officer08))
        .send({ assetId: asset, type: 'retention', method: 'permanent', clauseIds: [clause] })
        .expect(201)
    ).body.id;
    const directive = (await t.sql<{ directive_id: string }>(`SELECT directive_id FROM directive_clause WHERE id = $1`, [clause]))[0].directive_id;
    const plan = (
      await t.http
        .post('/api/v1/land-use-plans')
        .set(bearer(officer08))
        .send({
          unit: { era: 'new', level: 'province', code: '08' },
          kind: 'land_use',
          title: 'Quy hoạch sử dụng đất tỉnh Tuyên Quang',
          periodStart: 2021,
          periodEnd: 2030,
        })
        .expect(201)
    ).body.id;
    const update = (
      await t.http
        .post(`/api/v1/land-use-plans/${plan}/updates`)
        .set(bearer(officer08))
        .send({ parcelRef: 'Thửa 1, tờ 2', fromCategory: 'TSC', toCategory: 'DVH' })
        .expect(201)
    ).body.id;
    const document = (
      await t.http
        .post('/api/v1/documents')
        .set(bearer(officer08))
        .field('kind', 'decision')
        .field('assetId', asset)
        .attach('file', Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(600)]), { filename: 'qd.pdf', contentType: 'application/pdf' })
        .expect(201)
    ).body.id;
    ids = { asset, agency, action, clause, directive, plan, update, document, user: inspectorId };
    routes = routeTable(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('never changes anything', () => {
    it('gets 403 on every non-GET route of assets, agencies, actions, directives, land use, plans, documents, units and users', async () => {
      const writes = routes.filter((r) => r.method !== 'GET' && FAMILIES.test(r.path) && !INSPECTOR_MAY_POST.has(`${r.method} ${r.path}`));
      expect(writes.length).toBeGreaterThan(35);
      const before = await eventCount();
      const answered: string[] = [];
      for (const r of writes) {
        const url = r.path.replace(/:[A-Za-z]+/g, (p) =>
          p === ':province' ? '08' : p === ':code' ? '024' : p === ':era' ? 'old' : p === ':level' ? 'district' : NIL,
        );
        const res = await (
          t.http as unknown as Record<
            string,
            (u: string) => { set: (h: Record<string, string>) => { send: (b: unknown) => Promise<{ status: number; body: { type?: string } }> } }
          >
        )
          [r.method.toLowerCase()](url)
          .set({ ...bearer(inspector), 'If-Match': '"1"' })
          .send({});
        answered.push(`${r.method} ${r.path} ${res.status} ${res.body.type ?? ''}`);
        expect(r.roles).not.toContain('inspector');
      }
      expect(answered).toEqual(writes.map((r) => `${r.method} ${r.path} 403 ${PROBLEM}forbidden`));
      expect(await eventCount()).toBe(before);
    });

    it('is refused by a provincial inspector too, in their own province', async () => {
      await t.http.patch(`/api/v1/assets/${ids.asset}`).set(bearer(inspector08)).set('If-Match', '"2"').send({ name: 'x' }).expect(403);
      await t.http.post(`/api/v1/actions/${ids.action}/submit`).set(bearer(inspector08)).set('If-Match', '"1"').send({}).expect(403);
      await t.http.post('/api/v1/directives').set(bearer(inspector08)).send({}).expect(403);
    });
  });

  describe('reads everything in scope', () => {
    /** A URL for a GET route, with the fixture's ids. */
    const urlOf = (path: string): string => {
      const special: Record<string, string> = {
        '/api/v1/assets/export': '/api/v1/assets/export?format=csv',
        '/api/v1/units/:era/:level/:code': '/api/v1/units/new/province/08',
        '/api/v1/units/:era/:level/:code/successors': '/api/v1/units/old/district/024/successors',
        '/api/v1/units/:era/:level/:code/predecessors': '/api/v1/units/new/province/08/predecessors',
      };
      if (special[path]) return special[path];
      const family = /^\/api\/v1\/([a-z-]+)/.exec(path)![1];
      const idOf: Record<string, string> = {
        assets: ids.asset,
        agencies: ids.agency,
        actions: ids.action,
        directives: ids.directive,
        'land-use-plans': ids.plan,
        documents: ids.document,
        users: ids.user,
      };
      return path.replace(':id', idOf[family]).replace(':clauseId', ids.clause).replace(':updateId', ids.update).replace(':code', 'TSC');
    };

    it('gets 200 on every GET route open to inspectors, nationally and in their province; 403 on the others', async () => {
      const gets = routes.filter((r) => r.method === 'GET' && FAMILIES.test(r.path));
      expect(gets.length).toBeGreaterThan(25);
      const answered: string[] = [];
      const expected: string[] = [];
      for (const r of gets) {
        for (const [who, token] of [
          ['national', inspector],
          ['08', inspector08],
        ] as const) {
          const res = await get(token, urlOf(r.path))
            .buffer(true)
            .parse(binaryParser as never);
          answered.push(`${who} ${r.path} ${res.status}`);
          expected.push(`${who} ${r.path} ${r.roles.includes('inspector') ? 200 : 403}`);
        }
      }
      expect(answered).toEqual(expected);
      expect(gets.filter((r) => r.roles.includes('inspector')).length).toBeGreaterThan(20);
    });

    it('sees nothing of another province (404), and records no read there', async () => {
      const before = await eventCount();
      await get(inspector01, `/api/v1/assets/${ids.asset}`).expect(404);
      await get(inspector01, `/api/v1/assets/${ids.asset}/history`).expect(404);
      await get(inspector01, `/api/v1/actions/${ids.action}`).expect(404);
      await get(inspector01, `/api/v1/documents/${ids.document}`).expect(404);
      await get(inspector01, `/api/v1/documents/${ids.document}/content`).expect(404);
      expect((await get(inspector01, `/api/v1/documents?assetId=${ids.asset}`).expect(200)).body.items).toEqual([]);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('their reads are on the record', () => {
    const cases: [string, string, (i: Record<string, string>) => string, string][] = [
      ['an asset', 'asset', (i) => `/api/v1/assets/${i.asset}`, 'GET /api/v1/assets/{id}'],
      ["an asset's history", 'asset', (i) => `/api/v1/assets/${i.asset}/history`, 'GET /api/v1/assets/{id}/history'],
      ["an asset's documents", 'asset', (i) => `/api/v1/documents?assetId=${i.asset}`, 'GET /api/v1/documents?assetId={id}'],
      ['an action', 'action', (i) => `/api/v1/actions/${i.action}`, 'GET /api/v1/actions/{id}'],
      ['a document', 'document', (i) => `/api/v1/documents/${i.document}`, 'GET /api/v1/documents/{id}'],
      ["a document's content", 'document', (i) => `/api/v1/documents/${i.document}/content`, 'GET /api/v1/documents/{id}/content'],
    ];

    it.each(cases)(
      'an inspector reading %s appends exactly one inspected-read event with the actor; an officer, viewer or admin none',
      async (_what, type, url, route) => {
        const id = type === 'asset' ? ids.asset : type === 'action' ? ids.action : ids.document;
        const mine = async () => (await reads(type, id)).filter((e) => e.after.route === route);
        const before = await eventCount();
        for (const token of [officer08, viewer, t.adminToken])
          await get(token, url(ids))
            .buffer(true)
            .parse(binaryParser as never)
            .expect(200);
        expect(await eventCount()).toBe(before);

        const seen = (await mine()).length;
        await get(inspector, url(ids))
          .buffer(true)
          .parse(binaryParser as never)
          .expect(200);
        expect(await eventCount()).toBe(before + 1);
        const after = await mine();
        expect(after).toHaveLength(seen + 1);
        expect(after[after.length - 1]).toEqual({ actor_id: inspectorId, action: 'inspected-read', after: { route } });
      },
    );

    it("records a provincial inspector's read in their province, and not a list", async () => {
      const me = (await get(inspector08, '/api/v1/auth/me').expect(200)).body.id;
      const before = await eventCount();
      await get(inspector08, '/api/v1/assets').expect(200);
      await get(inspector08, '/api/v1/actions').expect(200);
      await get(inspector08, '/api/v1/documents').expect(200);
      expect(await eventCount()).toBe(before);
      await get(inspector08, `/api/v1/actions/${ids.action}`).expect(200);
      const rows = await t.sql<{ actor_id: string; entity_type: string; entity_id: string }>(
        `SELECT actor_id, entity_type, entity_id FROM event WHERE seq > (SELECT max(seq) - 1 FROM event)`,
      );
      expect(rows).toEqual([{ actor_id: me, entity_type: 'action', entity_id: ids.action }]);
    });

    it('shows the history as it was at the first read, and the read in the next one', async () => {
      const fresh = (await createAsset(t, officer08, ids.agency)).id;
      const first = await get(inspector, `/api/v1/assets/${fresh}/history`).expect(200);
      expect(first.body.items.map((e: { action: string }) => e.action)).toEqual(['created']);
      const second = await get(inspector, `/api/v1/assets/${fresh}/history`).expect(200);
      expect(second.body.items.map((e: { action: string; actorId: string }) => [e.action, e.actorId])).toEqual([
        ['created', expect.any(String)],
        ['inspected-read', inspectorId],
      ]);
    });
  });

  describe('GET /events', () => {
    const list = (token: string, query = '') => get(token, `/api/v1/events${query}`);

    it("lists an entity's events in chain order, with actor and hashes", async () => {
      const res = await list(inspector, `?entity_type=action&entity_id=${ids.action}`).expect(200);
      expect(res.body.items.length).toBeGreaterThanOrEqual(1);
      expect(res.body.items[0]).toMatchObject({
        entityType: 'action',
        entityId: ids.action,
        action: 'created',
        before: null,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const seqs = res.body.items.map((e: { seq: number }) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(res.body.items.every((e: { entityType: string; entityId: string }) => e.entityType === 'action' && e.entityId === ids.action)).toBe(true);
      const [stored] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE entity_type = 'action' AND entity_id = $1`, [ids.action]);
      expect(res.body.items).toHaveLength(stored.n);
    });

    it('filters by actor and by time, and pages by cursor', async () => {
      const mine = await list(t.adminToken, `?actor=${inspectorId}&limit=200`).expect(200);
      const [stored] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE actor_id = $1`, [inspectorId]);
      expect(mine.body.items).toHaveLength(stored.n);
      expect(stored.n).toBeGreaterThan(3);
      expect(
        mine.body.items.every(
          (e: { actorId: string; actorUsername: string; action: string }) =>
            e.actorId === inspectorId && e.actorUsername === 'inspector.national' && e.action === 'inspected-read',
        ),
      ).toBe(true);

      const p1 = await list(t.adminToken, `?actor=${inspectorId}&limit=2`).expect(200);
      expect(p1.body.items).toHaveLength(2);
      const p2 = await list(t.adminToken, `?actor=${inspectorId}&limit=2&cursor=${p1.body.page.nextCursor}`).expect(200);
      expect([...p1.body.items, ...p2.body.items].map((e: { seq: number }) => e.seq)).toEqual(mine.body.items.slice(0, 4).map((e: { seq: number }) => e.seq));

      // The third event's instant to the microsecond (occurredAt is given to the millisecond).
      const [{ at }] = await t.sql<{ at: string }>(
        `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at FROM event WHERE seq = $1`,
        [mine.body.items[2].seq],
      );
      const third = { occurredAt: at };
      const since = await list(t.adminToken, `?actor=${inspectorId}&limit=200&from=${encodeURIComponent(third.occurredAt)}`).expect(200);
      expect(since.body.items.map((e: { seq: number }) => e.seq)).toEqual(mine.body.items.slice(2).map((e: { seq: number }) => e.seq));
      const until = await list(t.adminToken, `?actor=${inspectorId}&to=${encodeURIComponent(third.occurredAt)}`).expect(200);
      expect(until.body.items.map((e: { seq: number }) => e.seq)).toEqual(mine.body.items.slice(0, 2).map((e: { seq: number }) => e.seq));
      expect((await list(t.adminToken, '?from=2099-01-01T00:00:00%2B07:00').expect(200)).body).toEqual({ items: [], page: { nextCursor: null, limit: 50 } });
    });

    it('is for admins and national inspectors only', async () => {
      expect((await list(inspector08).expect(403)).body.type).toBe(`${PROBLEM}national-scope-required`);
      for (const token of [officer08, viewer]) expect((await list(token).expect(403)).body.type).toBe(`${PROBLEM}forbidden`);
      await t.http.get('/api/v1/events').expect(401);
    });

    it.each([
      ['?entity_type=Asset%20x', 'entity_type', 'invalid-parameter'],
      [`?entity_id=${'x'.repeat(65)}`, 'entity_id', 'invalid-parameter'],
      ['?actor=nobody', 'actor', 'invalid-parameter'],
      ['?from=2025-07-01', 'from', 'invalid-parameter'],
      ['?from=2025-02-30T00:00:00Z', 'from', 'invalid-parameter'],
      ['?to=yesterday', 'to', 'invalid-parameter'],
      ['?limit=201', 'limit', 'invalid-parameter'],
      ['?cursor=abc', 'cursor', 'invalid-cursor'],
    ])('refuses %s naming %s (400)', async (query, field, type) => {
      const res = await list(inspector, query).expect(400);
      expect(res.body.type).toBe(`${PROBLEM}${type}`);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });
});
