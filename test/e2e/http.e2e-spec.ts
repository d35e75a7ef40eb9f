import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { buildOpenApiDocument } from '../../src/app.setup';
import { IS_PUBLIC, ROLES_KEY } from '../../src/common/decorators';
import { bearer, createTestApp, type TestApp } from '../support/app';

describe('HTTP conventions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: 'https://sotc.tuyenquang.gov.vn', BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => t.close());

  describe('problem details', () => {
    it('answers an unknown route with a 404 problem', async () => {
      const res = await t.http.get('/api/v1/nothing-here').set(bearer(t.adminToken)).expect(404);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.body).toEqual({
        type: 'urn:vn-public-assets:problem:not-found',
        title: 'Not found',
        status: 404,
        detail: 'No route GET /api/v1/nothing-here',
        instance: '/api/v1/nothing-here',
        requestId: res.headers['x-request-id'],
      });
    });

    it('answers malformed JSON with a 400 problem', async () => {
      const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username": ').expect(400);
      expect(res.body).toMatchObject({ status: 400, type: 'urn:vn-public-assets:problem:bad-request', detail: expect.stringContaining('not valid JSON') });
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
    });

    it('answers a body that is not an object with 422', async () => {
      const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('[1,2]').expect(422);
      expect(res.body.errors).toEqual([{ field: '(body)', message: 'must be a JSON object' }]);
    });

    it('answers a body over the configured limit with 413', async () => {
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ username: 'x'.repeat(4000), password: 'y' })
        .expect(413);
      expect(res.body.type).toMatch(/payload-too-large$/);
    });

    it('lists each field error', async () => {
      const res = await t.http.post('/api/v1/users').set(bearer(t.adminToken)).send({ username: 'UPPER', role: 'boss', extra: 1 }).expect(422);
      expect(res.body.type).toBe('urn:vn-public-assets:problem:validation-failed');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['username', 'role', 'password', 'displayName', 'extra']));
    });
  });

  describe('request id', () => {
    it('echoes a well-formed X-Request-Id', async () => {
      const res = await t.http.get('/health/live').set('X-Request-Id', 'commune-00700-retry-1').expect(200);
      expect(res.headers['x-request-id']).toBe('commune-00700-retry-1');
    });
    it.each(['bad id with spaces', 'short', 'x'.repeat(200)])('replaces a malformed one (%s) with a UUID', async (id) => {
      const res = await t.http.get('/health/live').set('X-Request-Id', id).expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
    it('puts the request id in problems', async () => {
      const res = await t.http.get('/api/v1/auth/me').set('X-Request-Id', 'trace-me-please').expect(401);
      expect(res.body.requestId).toBe('trace-me-please');
    });
  });

  describe('security headers and CORS', () => {
    it('sends helmet headers', async () => {
      const res = await t.http.get('/health/live');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    });
    it('allows the configured origin only', async () => {
      const ok = await t.http.options('/api/v1/units').set('Origin', 'https://sotc.tuyenquang.gov.vn').set('Access-Control-Request-Method', 'GET');
      expect(ok.headers['access-control-allow-origin']).toBe('https://sotc.tuyenquang.gov.vn');
      const other = await t.http.options('/api/v1/units').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('health', () => {
    it('is live and ready outside the API prefix, without sign-in', async () => {
      expect((await t.http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
      const ready = await t.http.get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });
  });

  describe('OpenAPI', () => {
    it('serves the interactive page and the JSON document', async () => {
      const page = await t.http.get('/api/docs').redirects(1).expect(200);
      expect(page.text).toContain('swagger-ui');
      const json = await t.http.get('/api/docs-json').expect(200);
      expect(json.body.openapi).toMatch(/^3\./);
      expect(Object.keys(json.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/login', '/api/v1/units/{era}/{level}/{code}/successors', '/health/ready']),
      );
    });

    it('is not served when API_DOCS=false (the production default)', async () => {
      const hidden = await createTestApp({ units: 'none', env: { API_DOCS: 'false' } });
      try {
        for (const path of ['/api/docs', '/api/docs-json']) expect((await hidden.http.get(path)).status).toBe(404);
        await hidden.http.get('/health/live').expect(200);
      } finally {
        await hidden.close();
      }
    });

    it('matches the committed openapi.json (run `npm run openapi` after changing the API)', () => {
      const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'));
      expect(JSON.parse(JSON.stringify(buildOpenApiDocument(t.app)))).toEqual(committed);
    });
  });

  describe('roles', () => {
    it('every route is public or declares its roles', () => {
      const controllers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
      const reflector = t.app.get(Reflector);
      const scanner = new MetadataScanner();
      const undeclared: string[] = [];
      let routes = 0;
      for (const wrapper of controllers) {
        const proto = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
        for (const name of scanner.getAllMethodNames(proto)) {
          const handler = proto[name] as () => unknown;
          if (Reflect.getMetadata('method', handler) === undefined) continue;
          routes++;
          const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, wrapper.metatype as never]);
          const roles = reflector.getAllAndOverride<string[]>(ROLES_KEY, [handler, wrapper.metatype as never]);
          if (!isPublic && !roles?.length) undeclared.push(`${wrapper.name}.${name} (${RequestMethod[Reflect.getMetadata('method', handler) as number]})`);
        }
      }
      expect(routes).toBeGreaterThan(10);
      expect(undeclared).toEqual([]);
    });

    it('answers every signed-in route with 401 without a token', async () => {
      const doc = buildOpenApiDocument(t.app);
      let checked = 0;
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops as Record<string, { security?: unknown[] }>)) {
          if (!op.security?.length) continue;
          const url = path
            .replace('{era}', 'old')
            .replace('{level}', 'district')
            .replace('{code}', '024')
            .replace('{id}', '00000000-0000-4000-8000-000000000000');
          const res = await (t.http as unknown as Record<string, (u: string) => Promise<{ status: number }>>)[method](url);
          expect([method, url, res.status]).toEqual([method, url, 401]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(8);
    });
  });
});
