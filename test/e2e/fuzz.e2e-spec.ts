import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'supertest';
import { binaryParser, createTestApp, type TestApp } from '../support/app';
import {
  type Call,
  checkResponse,
  describeRequest,
  type FuzzRequest,
  type FuzzResponse,
  generateRequests,
  type OpenApiDoc,
  setupFixtures,
  urlOf,
} from '../support/fuzz';

/**
 * The schema-driven fuzzer: every operation of openapi.json, for every role, with mutated
 * parameters, headers and bodies. Bounded for CI (FUZZ_PER_OPERATION requests per operation, about
 * 2,600 in all); `npm run bench:fuzz` runs a larger one against a running server. Reproducible: the
 * seed is printed, and FUZZ_SEED=<seed> runs the same requests again.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_207);
const PER_OPERATION = Number(process.env.FUZZ_PER_OPERATION ?? 25);
const ROLES = ['admin', 'officer', 'inspector', 'viewer', 'anonymous'];

describe(`fuzzing every operation of openapi.json (seed ${SEED})`, () => {
  let t: TestApp;
  const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as OpenApiDoc;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const send = (r: { method: string; url: string; headers: Record<string, string>; token?: string | null; body?: FuzzRequest['body'] }): Test => {
    let req = t.http[r.method.toLowerCase() as 'get'](r.url)
      .timeout(30_000)
      .buffer(true)
      .parse(binaryParser as never);
    if (r.token) req = req.set('Authorization', `Bearer ${r.token}`);
    for (const [k, v] of Object.entries(r.headers)) req = req.set(k, v);
    if (r.body?.kind === 'json') req = req.set('Content-Type', 'application/json').send(JSON.stringify(r.body.value));
    else if (r.body?.kind === 'raw') {
      if (r.body.contentType !== undefined) req = req.set('Content-Type', r.body.contentType);
      req = req.send(r.body.data);
    }
    return req;
  };

  it('answers every mutated request with a 2xx-4xx, every error a problem, and stays up', async () => {
    const call: Call = async (c) => {
      const res = await send({
        method: c.method,
        url: c.path,
        headers: {},
        token: c.token,
        body: c.raw ? { kind: 'raw', ...c.raw } : c.json !== undefined ? { kind: 'json', value: c.json } : undefined,
      });
      return { status: res.status, body: JSON.parse((res.body as Buffer).toString('utf8') || 'null') as unknown };
    };
    const { tokens, fixtures } = await setupFixtures(call, t.adminToken, `S${SEED}`);
    const requests = generateRequests(doc, { seed: SEED, perOperation: PER_OPERATION, roles: ROLES, fixtures });

    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    const started = Date.now();
    for (const r of requests) {
      let res: FuzzResponse;
      try {
        const out = await send({
          method: r.method,
          url: urlOf(r),
          headers: r.headers,
          token: 'Authorization' in r.headers ? null : tokens[r.role],
          body: r.body,
        });
        res = { status: out.status, headers: out.headers as Record<string, string>, text: Buffer.isBuffer(out.body) ? out.body.toString('utf8') : '' };
      } catch (err) {
        const e = err as { response?: { status: number; headers: Record<string, string>; body?: Buffer }; message?: string };
        res = e.response
          ? { status: e.response.status, headers: e.response.headers, text: e.response.body?.toString('utf8') ?? '' }
          : { status: 0, headers: {}, text: '', error: e.message ?? String(err) };
      }
      statuses[String(res.status).replace(/\d\d$/, 'xx')] = (statuses[String(res.status).replace(/\d\d$/, 'xx')] ?? 0) + 1;
      const fault = checkResponse(res);
      if (fault) failures.push(`${fault}: ${describeRequest(r)}\n    → ${res.text.slice(0, 300)}`);
    }
    // The process is still alive and its database pool usable.
    const live = await t.http.get('/health/live');
    const ready = await t.http.get('/health/ready');
    process.stdout.write(
      `\nfuzz: seed ${SEED}, ${requests.length} requests over ${new Set(requests.map((r) => r.op)).size} operations and ${ROLES.length} roles in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `answers ${JSON.stringify(statuses)}; ${failures.length} failure(s)${failures.length ? `\n${failures.slice(0, Number(process.env.FUZZ_SHOW ?? 40)).join('\n')}` : ''}\n`,
    );
    expect(failures).toEqual([]);
    expect(live.status).toBe(200);
    expect(ready.status).toBe(200);
  }, 300_000);
});
