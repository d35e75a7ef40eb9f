import { errorStatusesOf, type OperationTraits, withErrorContract } from '../../src/common/openapi-contract';
import type { OpenAPIObject } from '@nestjs/swagger';

const op = (over: Partial<OperationTraits> = {}): OperationTraits => ({
  method: 'get',
  path: '/api/v1/things',
  signedIn: true,
  hasPathParams: false,
  hasQuery: false,
  hasBody: false,
  multipart: false,
  ifMatch: false,
  idempotent: false,
  ...over,
});

describe('errorStatusesOf (which errors an operation declares)', () => {
  it('every operation: 400, 500, 503; signed-in ones 401 and 403; public ones neither', () => {
    expect(errorStatusesOf(op())).toEqual([400, 401, 403, 500, 503]);
    expect(errorStatusesOf(op({ signedIn: false }))).toEqual([400, 500, 503]);
  });

  it('a path parameter, a query or a body can name what is not there (404) or break a rule (422)', () => {
    for (const t of [{ hasPathParams: true }, { hasQuery: true }]) expect(errorStatusesOf(op(t))).toEqual([400, 401, 403, 404, 422, 500, 503]);
    expect(errorStatusesOf(op({ method: 'post', hasBody: true }))).toEqual([400, 401, 403, 404, 409, 413, 415, 422, 500, 503]);
  });

  it('a write: 409, 413, 415 even without a declared body; PATCH and If-Match: 412 and 428', () => {
    expect(errorStatusesOf(op({ method: 'delete', hasPathParams: true }))).toEqual([400, 401, 403, 404, 409, 413, 415, 422, 500, 503]);
    expect(errorStatusesOf(op({ method: 'patch', hasPathParams: true, hasBody: true, ifMatch: true }))).toEqual([
      400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 500, 503,
    ]);
    expect(errorStatusesOf(op({ method: 'patch', hasPathParams: true, hasBody: true }))).not.toContain(428);
    expect(errorStatusesOf(op({ method: 'post', hasBody: true, ifMatch: true }))).toContain(428);
  });

  it('throttled operations declare 429; others do not', () => {
    expect(errorStatusesOf(op({ method: 'post', path: '/api/v1/auth/login', signedIn: false, hasBody: true }))).toContain(429);
    expect(errorStatusesOf(op({ method: 'post', path: '/api/v1/reports', hasBody: true }))).toContain(429);
    expect(errorStatusesOf(op({ method: 'post', path: '/api/v1/assets', hasBody: true }))).not.toContain(429);
  });
});

describe('withErrorContract', () => {
  const doc = (): OpenAPIObject =>
    ({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/api/v1/auth/login': {
          post: { requestBody: { content: { 'application/json': {} } }, responses: { '200': { description: 'ok' }, '401': { description: 'wrong password' } } },
        },
        '/api/v1/things/{id}': { get: { parameters: [{ name: 'id', in: 'path' }], security: [{ bearer: [] }], responses: { '200': { description: 'ok' } } } },
      },
    }) as unknown as OpenAPIObject;

  it('adds the Problem schema, problem+json error responses (keeping descriptions), Retry-After, servers and security: [] on public operations', () => {
    const out = withErrorContract(doc()) as unknown as {
      servers: unknown[];
      components: { schemas: Record<string, { required?: string[] }> };
      paths: Record<
        string,
        Record<
          string,
          { security: unknown[]; responses: Record<string, { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }> }
        >
      >;
    };
    expect(out.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail']);
    expect(out.servers).toHaveLength(1);
    const login = out.paths['/api/v1/auth/login'].post;
    expect(login.security).toEqual([]);
    expect(login.responses['401'].description).toBe('wrong password');
    expect(login.responses['401'].content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
    expect(Object.keys(login.responses['429'].headers ?? {})).toEqual(['Retry-After']);
    expect(login.responses['200'].content).toBeUndefined();
    const get = out.paths['/api/v1/things/{id}'].get;
    expect(get.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(get.responses).sort()).toEqual(['200', '400', '401', '403', '404', '422', '500', '503']);
  });
});

describe('withErrorContract: the response headers', () => {
  type Res = { headers?: Record<string, { description: string }> };
  const doc = (): OpenAPIObject =>
    ({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/api/v1/things': {
          post: {
            parameters: [{ name: 'Idempotency-Key', in: 'header' }],
            requestBody: { content: { 'application/json': {} } },
            security: [{ bearer: [] }],
            'x-sends-etag': 'The version',
            responses: { '201': { description: 'made' } },
          },
        },
        '/api/v1/things/{id}/content': {
          get: {
            parameters: [{ name: 'id', in: 'path' }],
            security: [{ bearer: [] }],
            'x-sends-etag': 'The hash',
            responses: { '200': { description: 'ok' }, '304': { description: 'not modified' } },
          },
        },
        '/api/v1/others': { get: { security: [{ bearer: [] }], responses: { '200': { description: 'ok' } } } },
      },
    }) as unknown as OpenAPIObject;
  const out = withErrorContract(doc()) as unknown as { paths: Record<string, Record<string, Record<string, unknown> & { responses: Record<string, Res> }>> };
  const headersOf = (path: string, method: string, status: string) => Object.keys(out.paths[path][method].responses[status].headers ?? {});

  it('ETag on the successful answers (and a 304) of an operation whose handler takes @Etag(), described as it says; the marker is removed', () => {
    expect(headersOf('/api/v1/things', 'post', '201')).toEqual(['ETag', 'Idempotency-Replayed']);
    expect(out.paths['/api/v1/things'].post.responses['201'].headers?.ETag.description).toBe('The version');
    expect(headersOf('/api/v1/things/{id}/content', 'get', '200')).toEqual(['ETag']);
    expect(headersOf('/api/v1/things/{id}/content', 'get', '304')).toEqual(['ETag']);
    expect(out.paths['/api/v1/things'].post['x-sends-etag']).toBeUndefined();
  });

  it('no ETag or Idempotency-Replayed elsewhere: not on errors, not on operations without them', () => {
    expect(headersOf('/api/v1/others', 'get', '200')).toEqual([]);
    expect(headersOf('/api/v1/things', 'post', '409')).toEqual(['Retry-After']);
    expect(headersOf('/api/v1/things', 'post', '422')).toEqual([]);
    expect(headersOf('/api/v1/things', 'post', '503')).toEqual(['Retry-After']);
  });
});
