import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrects the legal data SeedDirectives1764200000000 seeded, which switched the
 * guards off: clauses that only order guidance, advice or completion authorised action types, so
 * "no authorising clause" and the inspectors' legal-basis check could never fire; and adds the
 * clauses the seeds name but the first migration left out. Read against shared/seeds/ (000 and 004:
 * 202-KL/TW, 001: 155-KL/TW, 003: 221-KL/TW) and shared/DOMAIN.md.
 *
 * Nothing recorded is lost: clause ids and refs stay, so every action keeps its citations and an
 * action already past submission goes on (the authorising clause is checked at submission). Each
 * correction applies only where the row is still as seeded (an administrator's own correction is
 * kept), bumps the row's version (a client's If-Match on the old row gets 412) and is undone by
 * down(). Completed actions that rested only on the over-broad clauses now get the inspectors'
 * "no legal basis" suggestion: that is the check working, not a regression.
 *
 * Not seeded, because neither the seeds nor DOMAIN.md give the document:
 * - the Ministry of Finance's request that every surplus facility have an approved plan by
 *   31 December 2025 (reported in the press): its number, date and text are not in shared/; an administrator
 *   adds it (kind official_letter, issuer Bộ Tài chính, a clause with deadline 2025-12-31) from
 *   the document itself;
 * - the text of dispatch 213/CĐ-TTg: its number, date and priority order come from DOMAIN.md and
 *   the press and DOMAIN.md only, so its clause has no full text and authorises nothing (an order of priority is
 *   not an authority to act), and its title is a description, not the official one.
 */
const ALL = ['retention', 'reallocation', 'disposal', 'renovation', 'repurposing'];

const KL155 = 'd0000155-0000-4000-8000-000000000000';
const KL202 = 'd0000202-0000-4000-8000-000000000000';
const KL221 = 'd0000221-0000-4000-8000-000000000000';
const CD213 = 'd0000213-0000-4000-8000-000000000000';

/** A seeded clause, as seeded and as corrected; the comment on each says which passage it reads and what was wrong. */
interface Correction {
  id: string;
  seeded: { deadline: string | null; types: string[]; summary?: string };
  corrected: { deadline: string | null; types: string[]; summary?: string };
}

const PLANNING_SEEDED =
  'Cập nhật, điều chỉnh ngay quy hoạch sử dụng đất, quy hoạch xây dựng, quy hoạch chuyên ngành (cả đất quốc phòng, an ninh) sau khi chuyển giao, chuyển đổi công năng nhà, đất làm trụ sở, cơ sở đào tạo nghề, y tế, trường học, văn hóa, thể thao, công trình công cộng, quốc phòng, an ninh; sớm bố trí, phân bổ tài sản công của địa phương. ' +
  '— Land-use, construction and specialised plans (defence and security land included) are updated at once after houses and land are handed over and converted to offices, vocational training, health, schools, culture, sports, public places, defence or security; local public assets are arranged and allocated without delay.';

const CORRECTIONS: Correction[] = [
  {
    id: 'c0000155-0000-4000-8000-000000000006',
    // 155-KL/TW point 6 (seed 001): the Central Party Office, with the Ministry of Finance's Party committee,
    // guides how Party committee headquarters are managed after the arrangement. It orders guidance to be
    // written: it authorises no action, and the 30 June 2025 horizon of the conclusion is the guidance's, not a
    // deadline for handling facilities (every action citing it was overdue at birth).
    seeded: { deadline: '2025-06-30', types: ['retention', 'reallocation'] },
    corrected: { deadline: null, types: [] },
  },
  {
    id: 'c0000202-0000-4000-8000-000000000002',
    // 202-KL/TW (2) (seeds 000, 004): the Government's Party committee directs the Ministry of Finance to
    // advise on funds and to advise and guide how houses and land are managed, used and exploited, by 15
    // December 2025. Advice and guidance authorise nothing; the deadline is the text's and stays.
    seeded: { deadline: '2025-12-15', types: ALL },
    corrected: { deadline: '2025-12-15', types: [] },
  },
  {
    id: 'c0000202-0000-4000-8000-000000000003',
    // 202-KL/TW, planning (seeds 000, 004): after houses and land are transferred and converted into offices,
    // public-service facilities (cơ sở sự nghiệp: the French translation renders it "vocational training
    // centres", the Ukrainian one literally "кар'єрні установи"), health, schools, culture, sports, public
    // places, defence and security and other uses under the local land-use plan. Only the wording changes; it
    // still authorises reallocation and repurposing.
    seeded: { deadline: null, types: ['reallocation', 'repurposing'], summary: PLANNING_SEEDED },
    corrected: {
      deadline: null,
      types: ['reallocation', 'repurposing'],
      summary:
        'Cập nhật, điều chỉnh ngay quy hoạch sử dụng đất, quy hoạch xây dựng, quy hoạch chuyên ngành (cả quy hoạch sử dụng đất quốc phòng, an ninh) sau khi chuyển giao, chuyển đổi công năng nhà, đất làm trụ sở, cơ sở sự nghiệp, y tế, giáo dục, văn hóa, thể thao, công trình công cộng, quốc phòng, an ninh và mục đích khác theo quy hoạch sử dụng đất của địa phương; sớm bố trí, phân bổ tài sản công của địa phương. ' +
        '— Land-use, construction and specialised plans (defence and security land use included) are updated at once after houses and land are handed over and converted to offices, public-service facilities, health, education, culture, sports, public places, defence, security or other uses under the local land-use plan; local public assets are arranged and allocated without delay.',
    },
  },
  {
    id: 'c0000202-0000-4000-8000-000000000007',
    // 202-KL/TW, outstanding tasks (seeds 000, 004): the remaining, unfinished and late tasks (facilities,
    // public-asset management among them) are completed in 2025 and count in the 2025 rating. It sets when, not
    // what: it authorises no type or method; its 31 December 2025 deadline stays.
    seeded: { deadline: '2025-12-31', types: ALL },
    corrected: { deadline: '2025-12-31', types: [] },
  },
  {
    id: 'c0000221-0000-4000-8000-000000000001',
    // 221-KL/TW, headquarters and public assets (seed 003): provincial Party secretaries, ministers and heads
    // of agencies lead in person, go to the grassroots, inspect and supervise to clear obstacles, above all in
    // handling headquarters and public assets, on schedule. A duty to lead and inspect authorises no type or
    // method.
    seeded: { deadline: null, types: ALL },
    corrected: { deadline: null, types: [] },
  },
];

interface NewClause {
  id: string;
  directiveId: string;
  ref: string;
  deadline: string | null;
  types: string[];
  summary: string;
}

const NEW_CLAUSES: NewClause[] = [
  {
    // 155-KL/TW point 7 (seed 001): the Central Inspection Committee, with the Government Inspectorate's Party committee, guides inspection committees and inspectorates at every level.
    id: 'c0000155-0000-4000-8000-000000000007',
    directiveId: KL155,
    ref: '7',
    deadline: null,
    types: [],
    summary:
      'Ủy ban Kiểm tra Trung ương chủ trì, phối hợp Đảng ủy Thanh tra Chính phủ hướng dẫn ủy ban kiểm tra, cơ quan thanh tra các cấp rà soát, theo dõi, kiểm tra, giám sát kết quả thực hiện các nhiệm vụ về sắp xếp tổ chức bộ máy và chính quyền địa phương 2 cấp, nhất là phân cấp, phân quyền. ' +
      "— The Central Inspection Committee, with the Government Inspectorate's Party committee, guides inspection committees and inspectorates at every level to review, monitor, inspect and oversee how the tasks of the reorganisation and of two-level local government are carried out, decentralisation above all.",
  },
  {
    // 202-KL/TW (seeds 000, 004): the arrangement of public-service units, state enterprises and internal units, to be completed in 2025.
    id: 'c0000202-0000-4000-8000-000000000008',
    directiveId: KL202,
    ref: 'Đơn vị sự nghiệp',
    deadline: '2025-12-31',
    types: [],
    summary:
      'Đảng ủy Chính phủ, Đảng ủy Mặt trận Tổ quốc và các đảng ủy trực thuộc Trung ương khẩn trương lãnh đạo hoàn thành việc sắp xếp đơn vị sự nghiệp công lập, doanh nghiệp nhà nước và đầu mối bên trong các cơ quan, tổ chức, hội quần chúng, cơ quan báo chí; xong trong năm 2025. ' +
      "— The Government's and the Fatherland Front's Party committees and the central Party bodies urgently complete the arrangement of public-service units, state enterprises and the internal units of agencies, organisations, mass associations and press bodies, in 2025.",
  },
  {
    // 221-KL/TW (seed 003): public education establishments at commune level; the received text breaks off there ("(école"), so no deadline is read into it.
    id: 'c0000221-0000-4000-8000-000000000003',
    directiveId: KL221,
    ref: 'Trường công lập cấp xã',
    deadline: null,
    types: [],
    summary:
      'Các cấp ủy, cơ quan, đơn vị, địa phương khẩn trương hoàn thành sắp xếp đơn vị sự nghiệp công lập theo yêu cầu, tiến độ; tỉnh ủy, thành ủy phối hợp Bộ Y tế, Bộ Giáo dục và Đào tạo, Bộ Nội vụ khẩn trương sắp xếp các cơ sở giáo dục công lập cấp xã. ' +
      '— Party committees, agencies and localities finish arranging public-service units as required and on schedule; provincial Party committees, with the Ministries of Health, of Education and Training and of Home Affairs, urgently arrange the public education establishments at commune level.',
  },
  {
    // Dispatch 213/CĐ-TTg of 11 Nov 2025 (DOMAIN.md; its text is not in shared/seeds/): the priority order the purposes follow.
    id: 'c0000213-0000-4000-8000-000000000001',
    directiveId: CD213,
    ref: 'Thứ tự ưu tiên',
    deadline: null,
    types: [],
    summary:
      'Cơ sở nhà, đất dôi dư được ưu tiên bố trí cho y tế, giáo dục, văn hóa, thể thao, công an xã, sau đó cho các công trình công cộng khác. ' +
      '— Surplus facilities go first to health, education, culture, sports and commune police, then to other public works.',
  },
];

/**
 * The priority order of dispatch 213/CĐ-TTg (DOMAIN.md): health, education, culture, sports, commune
 * police, then other public works. Public works (public spaces and other public uses) were seeded below
 * offices and vocational training and outside the priority group, so choosing them needed a
 * justification the dispatch does not ask for.
 */
const PURPOSES: { code: string; seeded: [number, boolean]; corrected: [number, boolean] }[] = [
  { code: 'public_space', seeded: [8, false], corrected: [6, true] },
  { code: 'other', seeded: [11, false], corrected: [7, true] },
  { code: 'office', seeded: [6, false], corrected: [8, false] },
  { code: 'vocational_training', seeded: [7, false], corrected: [9, false] },
  { code: 'defence', seeded: [9, false], corrected: [10, false] },
  { code: 'security', seeded: [10, false], corrected: [11, false] },
];

export class CorrectSeededDirectives1764412190000 implements MigrationInterface {
  name = 'CorrectSeededDirectives1764412190000';

  async up(q: QueryRunner): Promise<void> {
    for (const c of CORRECTIONS) await this.apply(q, c.id, c.seeded, c.corrected);
    await q.query(
      `INSERT INTO directive (id, number, kind, issuer, issued_on, title) VALUES ($1, '213/CĐ-TTg', 'official_letter', 'Thủ tướng Chính phủ', '2025-11-11', $2) ON CONFLICT (number) DO NOTHING`,
      [
        CD213,
        'Công điện của Thủ tướng Chính phủ ngày 11/11/2025: thứ tự ưu tiên bố trí, sử dụng cơ sở nhà, đất dôi dư sau sắp xếp (mô tả; trích yếu chính thức chưa có trong tài liệu nguồn)',
      ],
    );
    for (const c of NEW_CLAUSES) {
      // Only under the seeded directive (an administrator may already have recorded 213/CĐ-TTg under another id: then its clause is theirs to add).
      await q.query(
        `INSERT INTO directive_clause (id, directive_id, ref, summary, deadline, authorised_action_types)
         SELECT $1, $2, $3::varchar, $4, $5::date, $6::varchar(20)[] WHERE EXISTS (SELECT 1 FROM directive WHERE id = $2)
         ON CONFLICT DO NOTHING`,
        [c.id, c.directiveId, c.ref, c.summary, c.deadline, c.types],
      );
    }
    for (const p of PURPOSES) {
      await q.query(
        `UPDATE repurpose_purpose SET priority_rank = $2, is_priority = $3, version = version + 1 WHERE code = $1 AND priority_rank = $4 AND is_priority = $5`,
        [p.code, p.corrected[0], p.corrected[1], p.seeded[0], p.seeded[1]],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const p of PURPOSES) {
      await q.query(
        `UPDATE repurpose_purpose SET priority_rank = $2, is_priority = $3, version = version + 1 WHERE code = $1 AND priority_rank = $4 AND is_priority = $5`,
        [p.code, p.seeded[0], p.seeded[1], p.corrected[0], p.corrected[1]],
      );
    }
    await q.query(`DELETE FROM clause_province_deadline WHERE clause_id = ANY($1::uuid[])`, [NEW_CLAUSES.map((c) => c.id)]);
    await q.query(`DELETE FROM directive_clause WHERE id = ANY($1::uuid[])`, [NEW_CLAUSES.map((c) => c.id)]);
    await q.query(`DELETE FROM directive WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM directive_clause WHERE directive_id = $1)`, [CD213]);
    for (const c of CORRECTIONS) await this.apply(q, c.id, c.corrected, c.seeded);
  }

  /** Sets a clause from one state to the other, only where it is still in the first. */
  private async apply(q: QueryRunner, id: string, from: Correction['seeded'], to: Correction['seeded']): Promise<void> {
    await q.query(
      `UPDATE directive_clause SET deadline = $2::date, authorised_action_types = $3::varchar(20)[], summary = coalesce($4, summary), version = version + 1, updated_at = now()
       WHERE id = $1 AND deadline IS NOT DISTINCT FROM $5::date AND authorised_action_types = $6::varchar(20)[] AND ($7::text IS NULL OR summary = $7)`,
      [id, to.deadline, to.types, to.summary ?? null, from.deadline, from.types, from.summary ?? null],
    );
  }
}
