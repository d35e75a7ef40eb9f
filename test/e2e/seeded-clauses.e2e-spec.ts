import { bearer, createTestApp, type TestApp } from '../support/app';
import { createAgency, createAsset } from '../support/factories';

/**
 * The seeded legal data as CorrectSeededDirectives left it switches the guards on: a clause that only
 * orders guidance, advice, leadership or completion authorises nothing, so an action resting on it alone
 * is refused at submission, and a completed one recorded before the correction is what the inspectors'
 * legal-basis check reports.
 */
const KL155_P6 = 'c0000155-0000-4000-8000-000000000006';
const KL202_MOF = 'c0000202-0000-4000-8000-000000000002';
const KL202_PLANNING = 'c0000202-0000-4000-8000-000000000003';
const KL202_OUTSTANDING = 'c0000202-0000-4000-8000-000000000007';
const KL221_HQ = 'c0000221-0000-4000-8000-000000000001';
const JUSTIFICATION = 'Không có nhu cầu y tế, giáo dục, văn hóa, thể thao tại khu vực này; phương án được duyệt là bán đấu giá.';

describe('the corrected seeded clauses', () => {
  let t: TestApp;
  let officer: string;
  let officerId: string;
  let inspector: string;
  let custodian: string;
  let receiver: string;

  const surplusAsset = async () => {
    const a = await createAsset(t, officer, custodian);
    await t.http.post(`/api/v1/assets/${a.id}/surplus`).set(bearer(officer)).send({ since: '2025-07-01', reason: 'Cấp huyện kết thúc hoạt động' }).expect(200);
    return a.id;
  };
  const draft = async (body: Record<string, unknown>) => {
    const res = await t.http
      .post('/api/v1/actions')
      .set(bearer(officer))
      .send({ assetId: await surplusAsset(), ...body });
    if (res.status !== 201) throw new Error(`draft: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; deadline: string | null };
  };
  const submit = (id: string) => t.http.post(`/api/v1/actions/${id}/submit`).set(bearer(officer)).send({});

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.userToken('officer', '08', 'officer.seeded');
    officerId = (await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'officer.seeded'`))[0].id;
    inspector = await t.userToken('inspector', '08');
    custodian = (await createAgency(t, officer)).id;
    receiver = (
      await createAgency(t, officer, { name: 'Trung tâm Y tế khu vực', kind: 'public_service_unit', unit: { era: 'new', level: 'commune', code: '00694' } })
    ).id;
  });
  afterAll(() => t.close());

  it.each([
    ['a retention citing 155-KL/TW point 6 (guidance on Party headquarters)', { type: 'retention', method: 'permanent', clauseIds: [KL155_P6] }],
    [
      'a retention citing 202-KL/TW "outstanding tasks" (a deadline, not an authority)',
      { type: 'retention', method: 'permanent', clauseIds: [KL202_OUTSTANDING] },
    ],
    ['a renovation citing 202-KL/TW (2) (the Ministry advises)', { type: 'renovation', method: 'repair', plannedCost: 500_000_000, clauseIds: [KL202_MOF] }],
    [
      'a sale citing 221-KL/TW "headquarters and public assets" (leaders lead and inspect)',
      { type: 'disposal', method: 'sale', justification: JUSTIFICATION, clauseIds: [KL221_HQ] },
    ],
    [
      'a sale citing the planning clause, which authorises transfers and conversions only',
      { type: 'disposal', method: 'sale', justification: JUSTIFICATION, clauseIds: [KL202_PLANNING] },
    ],
    [
      'a sale citing every over-broad clause of the first seed at once',
      { type: 'disposal', method: 'sale', justification: JUSTIFICATION, clauseIds: [KL202_MOF, KL202_OUTSTANDING, KL221_HQ, KL155_P6] },
    ],
  ])('refuses at submission %s: 422 no-authorising-clause', async (_, body) => {
    const a = await draft(body);
    const res = await submit(a.id).expect(422);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/no-authorising-clause$/), errors: [{ field: 'clauseIds' }] });
  });

  it('lets a transfer rest on the planning clause, and a clause that only orders guidance no longer makes it overdue at birth', async () => {
    const a = await draft({ type: 'reallocation', method: 'transfer', receivingAgencyId: receiver, clauseIds: [KL202_PLANNING, KL155_P6] });
    expect(a.deadline).toBeNull();
    expect((await submit(a.id).expect(200)).body.status).toBe('submitted');
  });

  it('puts other public works in the priority order of 213/CĐ-TTg: no justification for a public space, still one for an office', async () => {
    const purposes = (await t.http.get('/api/v1/purposes').set(bearer(officer)).expect(200)).body.items as {
      code: string;
      priorityRank: number;
      isPriority: boolean;
    }[];
    expect(purposes.map((p) => [p.code, p.priorityRank, p.isPriority])).toEqual([
      ['health', 1, true],
      ['education', 2, true],
      ['culture', 3, true],
      ['sports', 4, true],
      ['commune_police', 5, true],
      ['public_space', 6, true],
      ['other', 7, true],
      ['office', 8, false],
      ['vocational_training', 9, false],
      ['defence', 10, false],
      ['security', 11, false],
    ]);
    const park = await draft({ type: 'repurposing', method: 'change_of_function', purposeCode: 'public_space', clauseIds: [KL202_PLANNING] });
    await submit(park.id).expect(200);
    const office = await draft({ type: 'repurposing', method: 'change_of_function', purposeCode: 'office', clauseIds: [KL202_PLANNING] });
    expect((await submit(office.id).expect(422)).body.type).toMatch(/justification-required$/);
  });

  it('lets the legal-basis check report a completed action that rested only on a clause authorising nothing', async () => {
    const assetId = await surplusAsset();
    // Recorded before the correction, when "outstanding tasks" authorised every type.
    const [action] = await t.sql<{ id: string }>(
      `INSERT INTO action (asset_id, province_code, type, method, status, decision_no, decision_date, decision_authority, decision_recorded_at, created_by, submitted_by, completed_on)
       VALUES ($1, '08', 'retention', 'permanent', 'completed', '7/QĐ-UBND', '2025-11-03', 'UBND tỉnh Tuyên Quang', '2025-11-03T03:00:00Z', $2, $2, '2025-11-20') RETURNING id`,
      [assetId, officerId],
    );
    await t.sql(`INSERT INTO action_clause (action_id, clause_id) VALUES ($1, $2)`, [action.id, KL202_OUTSTANDING]);
    const inspection = (
      await t.http
        .post('/api/v1/inspections')
        .set(bearer(inspector))
        .send({ title: 'Kiểm tra căn cứ pháp lý', subjectType: 'asset', assetId, plannedStart: '2025-12-01' })
        .expect(201)
    ).body.id;
    const run = await t.http.post(`/api/v1/inspections/${inspection}/run-checks`).set(bearer(inspector)).expect(200);
    const legal = run.body.findings.filter((f: { checkId: string }) => f.checkId === 'legal-basis');
    expect(legal).toEqual([
      expect.objectContaining({ category: 'no_legal_basis', actionId: action.id, description: expect.stringContaining('202-KL/TW Nhiệm vụ tồn đọng') }),
    ]);
  });
});
