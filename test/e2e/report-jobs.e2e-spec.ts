import { bearer, createTestApp, type TestApp } from '../support/app';
import { ReportWorker } from '../../src/reports/jobs/report-worker';
import { ReportFiguresPort } from '../../src/reports/snapshots/figures.port';

/** Report jobs (PostgreSQL queue, worker driven by runDueJobs in tests) and schedules. */
describe('report jobs and schedules', () => {
  let t: TestApp;
  let worker: ReportWorker;
  let viewer: string;
  let officer08: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { REPORT_JOB_MAX_ATTEMPTS: '2' } });
    worker = t.app.get(ReportWorker);
    viewer = await t.userToken('viewer');
    officer08 = await t.userToken('officer', '08');
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const job = (id: string, token = viewer) => t.http.get(`/api/v1/reports/jobs/${id}`).set(bearer(token));

  it('a national XLSX/PDF report is a job: 202 queued, then running with percent, then done with the snapshot', async () => {
    const res = await t.http
      .post('/api/v1/reports')
      .set(bearer(viewer))
      .send({ scope: 'national', formats: ['xlsx', 'pdf'], lang: 'en' })
      .expect(202);
    expect(res.headers.location).toBe(`/api/v1/reports/jobs/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'queued', percent: 0, reportId: null, attempts: 0 });
    const port = t.app.get(ReportFiguresPort);
    const real = port.generate.bind(port);
    const seen: { status: string; percent: number }[] = [];
    jest.spyOn(port, 'generate').mockImplementation(async (...args) => {
      seen.push((await job(res.body.id).expect(200)).body);
      return real(...args);
    });
    const ran = await worker.runDueJobs();
    expect(ran.map((j) => j.id)).toEqual([res.body.id]);
    expect(seen[0]).toMatchObject({ status: 'running', percent: 5, attempts: 1 });
    const done = (await job(res.body.id).expect(200)).body;
    expect(done).toMatchObject({ status: 'done', percent: 100, reportUrl: `/api/v1/reports/${done.reportId}` });
    const snap = (await t.http.get(`/api/v1/reports/${done.reportId}`).set(bearer(viewer)).expect(200)).body;
    expect(snap.contents.map((c: { format: string }) => c.format)).toEqual(['xlsx', 'pdf']);
    expect(snap.params).toMatchObject({ scope: 'national', province: null, lang: 'en' });
    await job(res.body.id, officer08).expect(404);
    expect((await worker.runDueJobs()).length).toBe(0);
  });

  it('a job-made snapshot verifies on an untouched database, in every format (its parameters read back canonically)', async () => {
    const res = await t.http.post('/api/v1/reports').set(bearer(viewer)).send({ scope: 'national' }).expect(202);
    await worker.runDueJobs();
    const done = (await job(res.body.id).expect(200)).body;
    expect(done.status).toBe('done');
    const v = (await t.http.get(`/api/v1/reports/${done.reportId}/verify`).set(bearer(viewer)).expect(200)).body;
    expect(v.formats.map((f: { format: string; matches: boolean; regenerated: boolean }) => [f.format, f.matches, f.regenerated])).toEqual([
      ['json', true, true],
      ['csv', true, true],
      ['xlsx', true, true],
      ['pdf', true, true],
    ]);
    expect(v.matches).toBe(true);
  });

  it('a failing job is retried, then failed with a problem', async () => {
    const res = await t.http
      .post('/api/v1/reports')
      .set(bearer(viewer))
      .send({ scope: 'national', formats: ['pdf'] })
      .expect(202);
    jest.spyOn(t.app.get(ReportFiguresPort), 'generate').mockRejectedValue(new Error('boom'));
    await worker.runDueJobs();
    expect((await job(res.body.id)).body).toMatchObject({ status: 'queued', attempts: 1, problem: { type: 'urn:vn-public-assets:problem:report-job-failed' } });
    await t.sql(`UPDATE report_job SET run_after = now() WHERE id = $1`, [res.body.id]);
    await worker.runDueJobs();
    expect((await job(res.body.id)).body).toMatchObject({ status: 'failed', attempts: 2, reportId: null, problem: { status: 500 } });
  });

  it('re-runs a job whose worker died once its lease expired', async () => {
    const res = await t.http
      .post('/api/v1/reports')
      .set(bearer(viewer))
      .send({ scope: 'national', formats: ['csv', 'xlsx'] })
      .expect(202);
    await t.sql(`UPDATE report_job SET status = 'running', attempts = 1, locked_by = 'dead', locked_until = now() + interval '1 minute' WHERE id = $1`, [
      res.body.id,
    ]);
    expect((await worker.runDueJobs()).length).toBe(0);
    await t.sql(`UPDATE report_job SET locked_until = now() - interval '1 second' WHERE id = $1`, [res.body.id]);
    await worker.runDueJobs();
    expect((await job(res.body.id)).body).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('fails a job whose workers kept dying, once its attempts are spent', async () => {
    const res = await t.http
      .post('/api/v1/reports')
      .set(bearer(viewer))
      .send({ scope: 'national', formats: ['pdf'] })
      .expect(202);
    await t.sql(`UPDATE report_job SET status = 'running', attempts = 2, locked_by = 'dead', locked_until = now() - interval '1 second' WHERE id = $1`, [
      res.body.id,
    ]);
    await worker.runDueJobs();
    expect((await job(res.body.id)).body).toMatchObject({
      status: 'failed',
      attempts: 3,
      problem: { type: 'urn:vn-public-assets:problem:report-job-abandoned' },
    });
  });

  it('bounds the jobs a user may have queued or running (429 with Retry-After), even when asked all at once', async () => {
    const eager = await t.userToken('viewer');
    const asks = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.http
          .post('/api/v1/reports')
          .set(bearer(eager))
          .send({ scope: 'national', formats: ['pdf'] }),
      ),
    );
    expect(asks.map((r) => r.status).sort()).toEqual([202, 202, 202, 429, 429, 429, 429, 429]);
    const refused = asks.find((r) => r.status === 429)!;
    expect(refused.body.type).toMatch(/too-many-report-jobs$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(
      await t.sql(
        `SELECT count(*)::int AS n FROM report_job j JOIN app_user u ON u.id = j.requested_by WHERE j.status = 'queued' AND u.id = (SELECT requested_by FROM report_job WHERE id = $1)`,
        [asks.find((r) => r.status === 202)!.body.id],
      ),
    ).toEqual([{ n: 3 }]);
    // Once the worker has made them, the user may ask again; another user was never held back.
    await t.http
      .post('/api/v1/reports')
      .set(bearer(viewer))
      .send({ scope: 'national', formats: ['csv', 'pdf'] })
      .expect(202);
    await worker.runDueJobs();
    await t.http
      .post('/api/v1/reports')
      .set(bearer(eager))
      .send({ scope: 'national', formats: ['pdf'] })
      .expect(202);
    await worker.runDueJobs();
  });

  it('answers the same parameters with an explicit knownAt with the snapshot or job that already has them', async () => {
    const knownAt = new Date(Date.now() - 60_000).toISOString();
    const national = { scope: 'national', formats: ['pdf'], knownAt, asOf: '2025-12-01' };
    const first = await t.http.post('/api/v1/reports').set(bearer(viewer)).send(national).expect(202);
    const again = await t.http
      .post('/api/v1/reports')
      .set(bearer(viewer))
      .send({ ...national, formats: ['pdf'] })
      .expect(202);
    expect(again.body.id).toBe(first.body.id);
    await worker.runDueJobs();
    const done = (await job(first.body.id).expect(200)).body;
    const reused = await t.http.post('/api/v1/reports').set(bearer(viewer)).send(national).expect(200);
    expect(reused.body.id).toBe(done.reportId);
    expect(reused.headers.location).toBe(`/api/v1/reports/${done.reportId}`);
    // More formats than the snapshot holds, or no knownAt (then "now"), make a new one.
    expect(
      (
        await t.http
          .post('/api/v1/reports')
          .set(bearer(viewer))
          .send({ ...national, formats: ['pdf', 'xlsx'] })
          .expect(202)
      ).body.id,
    ).not.toBe(first.body.id);
    await worker.runDueJobs();
    // A small report is made at once, then answered as it is.
    const small = { scope: 'province', province: '08', formats: ['json'], knownAt, asOf: '2025-12-01' };
    const made = await t.http.post('/api/v1/reports').set(bearer(officer08)).send(small).expect(201);
    const same = await t.http.post('/api/v1/reports').set(bearer(officer08)).send(small).expect(200);
    expect(same.body.id).toBe(made.body.id);
    expect(await t.sql(`SELECT count(*)::int AS n FROM report_snapshot WHERE known_at = $1 AND scope = 'province'`, [knownAt])).toEqual([{ n: 1 }]);
  });

  it('schedules: admin only, validated; a due schedule produces one snapshot as of its VN date, once', async () => {
    const body = { scope: 'province', province: '08', period: 'weekly', weekday: 1, time: '08:30', formats: ['json', 'csv'] };
    await t.http.post('/api/v1/reports/schedules').set(bearer(viewer)).send(body).expect(403);
    await t.http.post('/api/v1/reports/schedules').set(bearer(officer08)).send(body).expect(403);
    await t.http.get('/api/v1/reports/schedules').set(bearer(officer08)).expect(403);
    const e = await t.http
      .post('/api/v1/reports/schedules')
      .set(bearer(t.adminToken))
      .send({ ...body, weekday: null })
      .expect(422);
    expect(e.body.errors[0].field).toBe('weekday');
    const several = await t.http
      .post('/api/v1/reports/schedules')
      .set(bearer(t.adminToken))
      .send({ ...body, scope: 'national', weekday: null, dayOfMonth: 3 })
      .expect(422);
    expect(several.body.errors).toEqual([
      { field: 'province', message: 'must be absent when scope is "national"' },
      { field: 'weekday', message: 'required for a weekly schedule' },
      { field: 'dayOfMonth', message: 'not allowed for a weekly schedule' },
    ]);
    const unknown = await t.http
      .post('/api/v1/reports/schedules')
      .set(bearer(t.adminToken))
      .send({ ...body, province: '99' })
      .expect(422);
    expect(unknown.body.errors).toEqual([{ field: 'province', message: 'unknown new-era province' }]);
    await t.http
      .post('/api/v1/reports/schedules')
      .set(bearer(t.adminToken))
      .send({ ...body, time: '25:00' })
      .expect(422);
    const s = await t.http.post('/api/v1/reports/schedules').set(bearer(t.adminToken)).send(body).expect(201);
    expect(new Date(s.body.nextRunAt).getUTCHours()).toBe(1);
    await t.http.patch(`/api/v1/reports/schedules/${s.body.id}`).set(bearer(t.adminToken)).send({ time: '09:00' }).expect(428);
    const p = await t.http
      .patch(`/api/v1/reports/schedules/${s.body.id}`)
      .set(bearer(t.adminToken))
      .set('If-Match', '"1"')
      .send({ period: 'monthly', dayOfMonth: 31 })
      .expect(200);
    expect(p.body).toMatchObject({ period: 'monthly', dayOfMonth: 31, weekday: null, version: 2 });
    // Due at 2025-12-01 01:30 UTC = 08:30 in Vietnam on 1 December.
    await t.sql(`UPDATE report_schedule SET next_run_at = '2025-12-01T01:30:00Z' WHERE id = $1`, [s.body.id]);
    await Promise.all([worker.runDueJobs(), worker.runDueJobs()]);
    const jobs = await t.sql<{ status: string; report_id: string }>(`SELECT status, report_id FROM report_job WHERE schedule_id = $1`, [s.body.id]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].status).toBe('done');
    const snap = (await t.http.get(`/api/v1/reports/${jobs[0].report_id}`).set(bearer(officer08)).expect(200)).body;
    expect(snap).toMatchObject({ scheduleId: s.body.id, params: { asOf: '2025-12-01', knownAt: '2025-12-01T01:30:00.000Z', province: '08' } });
    expect((await t.http.get(`/api/v1/reports/${jobs[0].report_id}/verify`).set(bearer(officer08)).expect(200)).body.matches).toBe(true);
    const after = (await t.http.get(`/api/v1/reports/schedules/${s.body.id}`).set(bearer(t.adminToken)).expect(200)).body;
    expect(new Date(after.nextRunAt).getTime()).toBeGreaterThan(Date.now());
    await t.http.get('/api/v1/reports/schedules').set(bearer(t.adminToken)).expect(200);
    await t.http.delete(`/api/v1/reports/schedules/${s.body.id}`).set(bearer(t.adminToken)).expect(204);
    await t.http.get(`/api/v1/reports/${jobs[0].report_id}`).set(bearer(officer08)).expect(200);
  });
});

describe('report worker running on its own', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { REPORT_WORKER_ENABLED: 'true', REPORT_WORKER_INTERVAL_MS: '100' } });
  });
  afterAll(() => t.close());

  it('picks up a job without being asked, and a replayed POST (same Idempotency-Key) gives the same job', async () => {
    const send = () =>
      t.http
        .post('/api/v1/reports')
        .set(bearer(t.adminToken))
        .set('Idempotency-Key', 'nat-1')
        .send({ scope: 'national', formats: ['pdf'] });
    const res = await send().expect(202);
    const again = await send().expect(202);
    expect(again.body.id).toBe(res.body.id);
    expect(again.headers['idempotency-replayed']).toBe('true');
    let body: { status: string } = { status: 'queued' };
    for (let i = 0; i < 100 && body.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      body = (await t.http.get(`/api/v1/reports/jobs/${res.body.id}`).set(bearer(t.adminToken)).expect(200)).body;
    }
    expect(body).toMatchObject({ status: 'done', percent: 100 });
  });
});
