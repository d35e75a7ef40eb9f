import { seedDemo } from '../../src/demo/demo-seed';
import { bearer, createTestApp, type TestApp } from '../support/app';
import { hasRealUnits, readRealUnits, smallUnitFiles } from '../support/units-fixture';

describe('demo:seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ units: 'none' });
  });
  afterAll(() => t.close());

  it('seeds one merged province through the real services, once', async () => {
    const real = hasRealUnits();
    const result = await seedDemo(t.app, { files: real ? readRealUnits() : smallUnitFiles(), source: real ? 'national dataset' : 'built-in set' });
    expect(result).toMatchObject({ alreadySeeded: false, province: '08' });
    expect(result.assets).toBeGreaterThan(real ? 150 : 10);
    expect(result.surplus).toBeGreaterThan(0);
    const counts = await t.sql<{ assets: number; declared: number; dissolved: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM asset WHERE province_code = '08') AS assets, (SELECT count(*)::int FROM surplus_declaration) AS declared,
              (SELECT count(*)::int FROM agency WHERE status = 'dissolved') AS dissolved,
              (SELECT count(*)::int FROM event WHERE entity_type = 'asset' AND action IN ('created', 'surplus-declared')) AS events`,
    );
    expect(counts[0]).toMatchObject({ assets: result.assets, declared: result.surplus });
    expect(counts[0].dissolved).toBeGreaterThan(0);
    expect(counts[0].events).toBe(result.assets + result.surplus);

    // A handful of handlings, through the workflow: every state, every kind of handling a province reports.
    expect(result.actions).toEqual({ completed: 3, in_progress: 1, approved: 1, submitted: 1 });
    expect(result.documents).toBe(6);
    const actions = await t.sql<{ type: string; method: string; status: string; authorised: boolean; events: number; four_eyes: boolean }>(
      `SELECT a.type, a.method, a.status, a.submitted_by IS DISTINCT FROM a.approved_by AS four_eyes,
              bool_or(a.type = ANY(c.authorised_action_types)) AS authorised,
              (SELECT count(*)::int FROM event e WHERE e.entity_type = 'action' AND e.entity_id = a.id::text) AS events
       FROM action a JOIN action_clause ac ON ac.action_id = a.id JOIN directive_clause c ON c.id = ac.clause_id GROUP BY a.id ORDER BY a.created_at`,
    );
    expect(actions.map((a) => [a.type, a.method, a.status])).toEqual([
      ['retention', 'permanent', 'completed'],
      ['reallocation', 'transfer', 'completed'],
      ['disposal', 'sale', 'completed'],
      ['repurposing', 'change_of_function', 'in_progress'],
      ['reallocation', 'handover_to_locality', 'approved'],
      ['retention', 'temporary', 'submitted'],
    ]);
    for (const a of actions) expect(a).toMatchObject({ authorised: true, four_eyes: true, events: expect.any(Number) });
    expect(actions.map((a) => a.events)).toEqual([5, 5, 5, 4, 3, 2]);

    // A surplus declared on 1 July 2025 rests on the resolution that arranged the old unit's communes
    // (in force that day), never on a conclusion issued later (202-KL/TW is of 31 October 2025).
    const bases = await t.sql<{ basis: string | null; n: number }>(
      `SELECT surplus_basis AS basis, count(*)::int AS n FROM asset WHERE status = 'surplus' GROUP BY 1 ORDER BY 1`,
    );
    expect(bases.length).toBeGreaterThan(0);
    for (const b of bases) expect(b.basis).toMatch(/^\d{4}\/NQ-UBTVQH15(, khoản \d+ Điều 1)?$/);
    const viewer = await t.userToken('viewer');
    const list = await t.http.get('/api/v1/assets?province=08&status=surplus&limit=5').set(bearer(viewer)).expect(200);
    expect(list.body.items).toHaveLength(5);
    expect(list.body.items[0].originUnit.era).toBe('old');

    // The newcomer's first report and overdue list show them.
    const report = (await t.http.get('/api/v1/reports/status?scope=province&province=08').set(bearer(viewer)).expect(200)).body;
    const cell = (key: string) => report.rows[0].cells.find((c: { key: string }) => c.key === key).facilities;
    expect([cell('surplus'), cell('completed')]).toEqual([result.surplus, 3]);
    const overdue = await t.http.get('/api/v1/actions?province=08&overdue=true').set(bearer(viewer)).expect(200);
    expect(overdue.body.items.map((a: { status: string }) => a.status).sort()).toEqual(['approved', 'in_progress', 'submitted']);
    const [paper] = await t.sql<{ id: string }>(`SELECT id FROM document ORDER BY uploaded_at LIMIT 1`);
    const file = await t.http.get(`/api/v1/documents/${paper.id}/content`).set(bearer(viewer)).expect(200);
    expect(file.headers['content-type']).toContain('application/pdf');

    const again = await seedDemo(t.app, { files: real ? readRealUnits() : smallUnitFiles(), source: real ? 'national dataset' : 'built-in set' });
    expect(again).toMatchObject({ alreadySeeded: true, assets: 0 });
    expect(await t.sql(`SELECT count(*)::int AS n FROM asset`)).toEqual([{ n: result.assets }]);
  }, 120_000);
});
