import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first authorities (shared/seeds/): the Politburo and Secretariat conclusions 155-KL/TW,
 * 202-KL/TW and 221-KL/TW as national directives, with the clauses on assets, headquarters,
 * records, finance and land-use planning, their deadlines and the action types each authorises.
 * Summaries are our own words (Vietnamese, then English), not the texts. Ids are fixed so tests
 * and clients can refer to them.
 */
const ISSUER = 'Bộ Chính trị, Ban Bí thư';
const ALL = ['retention', 'reallocation', 'disposal', 'renovation', 'repurposing'];

const SEEDED_DIRECTIVES = [
  {
    id: 'd0000155-0000-4000-8000-000000000000',
    number: '155-KL/TW',
    issuedOn: '2025-05-16',
    title: 'Kết luận về một số nhiệm vụ trọng tâm sắp xếp tổ chức bộ máy và đơn vị hành chính cần hoàn thành đến ngày 30/6/2025',
    clauses: [
      {
        id: 'c0000155-0000-4000-8000-000000000206',
        ref: '2.6',
        deadline: '2025-06-30',
        types: [] as string[],
        summary:
          'Lưu trữ, số hóa hồ sơ, kiểm kê, quyết toán tài sản và dự án công trước khi bàn giao do kết thúc cấp huyện, sáp nhập xã; kiểm soát mọi việc rà soát, chỉnh lý, hủy hồ sơ để không thất lạc hồ sơ đất đai, dự án đầu tư. ' +
          '— Records, digitisation, inventory and closing of accounts for assets and public projects before the hand-over when districts end and communes merge; every review, sorting or destruction of files is checked so that no land or investment-project record is lost.',
      },
      {
        id: 'c0000155-0000-4000-8000-000000000006',
        ref: '6',
        deadline: '2025-06-30',
        types: ['retention', 'reallocation'],
        summary:
          'Văn phòng Trung ương Đảng phối hợp Đảng ủy Bộ Tài chính hướng dẫn quản lý trụ sở cấp ủy sau sắp xếp. ' +
          '— The Central Party Office and the Party committee of the Ministry of Finance guide how Party committee headquarters are managed once the reorganisation is done.',
      },
    ],
  },
  {
    id: 'd0000202-0000-4000-8000-000000000000',
    number: '202-KL/TW',
    issuedOn: '2025-10-31',
    title: 'Kết luận về tình hình, kết quả hoạt động của bộ máy hệ thống chính trị và chính quyền địa phương 2 cấp tháng 10/2025',
    clauses: [
      {
        id: 'c0000202-0000-4000-8000-000000000001',
        ref: 'Thể chế',
        deadline: '2025-12-15',
        types: [] as string[],
        summary:
          'Hoàn thiện phân cấp, quy trình, thủ tục của chính quyền địa phương 2 cấp về tài chính, tài sản, quy hoạch, dự án, đất đai, trụ sở; xong trước 15/12/2025. ' +
          '— Decentralisation, processes and procedures of two-level local government in finance, assets, planning, projects, land and headquarters to be settled by 15 December 2025.',
      },
      {
        id: 'c0000202-0000-4000-8000-000000000002',
        ref: '(2)',
        deadline: '2025-12-15',
        types: ALL,
        summary:
          'Bộ Tài chính tham mưu kinh phí số hóa, trang thiết bị, cải tạo cơ sở vật chất (ưu tiên xã miền núi, vùng sâu, vùng khó khăn) và hướng dẫn quản lý, sử dụng, khai thác nhà, đất theo nhu cầu thực tế; xong trước 15/12/2025. ' +
          '— The Ministry of Finance advises on money for digitisation, equipment and renovating facilities (mountainous, remote and disadvantaged communes first) and guides how houses and land are managed, used and exploited to meet real needs; by 15 December 2025.',
      },
      {
        id: 'c0000202-0000-4000-8000-000000000003',
        ref: 'Quy hoạch',
        deadline: null,
        types: ['reallocation', 'repurposing'],
        summary:
          'Cập nhật, điều chỉnh ngay quy hoạch sử dụng đất, quy hoạch xây dựng, quy hoạch chuyên ngành (cả đất quốc phòng, an ninh) sau khi chuyển giao, chuyển đổi công năng nhà, đất làm trụ sở, cơ sở đào tạo nghề, y tế, trường học, văn hóa, thể thao, công trình công cộng, quốc phòng, an ninh; sớm bố trí, phân bổ tài sản công của địa phương. ' +
          '— Land-use, construction and specialised plans (defence and security land included) are updated at once after houses and land are handed over and converted to offices, vocational training, health, schools, culture, sports, public places, defence or security; local public assets are arranged and allocated without delay.',
      },
      {
        id: 'c0000202-0000-4000-8000-000000000004',
        ref: '(i)',
        deadline: null,
        types: [] as string[],
        summary:
          'Tỉnh ủy, thành ủy tiếp tục rà soát, thống kê việc sắp xếp, xử lý, quản lý, cải tạo, mua sắm tài sản công. ' +
          '— Provincial Party committees keep reviewing and counting how public assets are arranged, disposed of, managed, renovated and bought.',
      },
      {
        id: 'c0000202-0000-4000-8000-000000000005',
        ref: '(ii)',
        deadline: null,
        types: [] as string[],
        summary: 'Tỉnh ủy, thành ủy chủ động hỗ trợ vùng khó khăn bằng nguồn lực địa phương. — Provinces support disadvantaged areas from their own funds.',
      },
      {
        id: 'c0000202-0000-4000-8000-000000000006',
        ref: '(iii)',
        deadline: null,
        types: [] as string[],
        summary:
          'Tăng cường quản lý, kiểm tra, giám sát việc sắp xếp, xử lý, quản lý trụ sở, tài sản công của cơ quan, đơn vị thuộc phạm vi quản lý. ' +
          '— Provinces tighten management, inspection and oversight of how the headquarters and public assets of the bodies under them are arranged, disposed of and managed.',
      },
      {
        id: 'c0000202-0000-4000-8000-000000000007',
        ref: 'Nhiệm vụ tồn đọng',
        deadline: '2025-12-31',
        types: ALL,
        summary:
          'Hoàn thành trong năm 2025 các việc còn tồn đọng, chậm tiến độ về cơ sở vật chất, quản lý tài sản công; kết quả là căn cứ đánh giá, xếp loại tập thể, cá nhân, người đứng đầu năm 2025. ' +
          '— Outstanding or late work on facilities and public-asset management is finished in 2025; the outcome counts in the 2025 rating of units, staff and leaders.',
      },
    ],
  },
  {
    id: 'd0000221-0000-4000-8000-000000000000',
    number: '221-KL/TW',
    issuedOn: '2025-11-28',
    title: 'Kết luận về tình hình, kết quả hoạt động của bộ máy hệ thống chính trị và chính quyền địa phương 2 cấp tháng 11/2025',
    clauses: [
      {
        id: 'c0000221-0000-4000-8000-000000000001',
        ref: 'Trụ sở, tài sản công',
        deadline: null,
        types: ALL,
        summary:
          'Người đứng đầu cấp ủy, bộ, ngành trực tiếp chỉ đạo, tăng cường đi cơ sở, kiểm tra, giám sát, kịp thời tháo gỡ vướng mắc, nhất là xử lý trụ sở, tài sản công, bảo đảm đúng tiến độ. ' +
          '— Provincial Party secretaries, ministers and agency heads lead in person, go to the grassroots, inspect and clear obstacles in time, above all the handling of headquarters and public assets, so that the work keeps to schedule.',
      },
      {
        id: 'c0000221-0000-4000-8000-000000000002',
        ref: 'Phụ lục',
        deadline: '2025-12-31',
        types: [] as string[],
        summary:
          'Giải quyết dứt điểm trong năm 2025 các kiến nghị cụ thể của cơ quan, đơn vị, địa phương nêu tại phụ lục; việc chưa xử lý ngay phải có lộ trình. ' +
          '— The specific requests of agencies, units and localities listed in the annex are settled in 2025; what cannot be solved at once gets a schedule.',
      },
    ],
  },
];

export class SeedDirectives1764200000000 implements MigrationInterface {
  name = 'SeedDirectives1764200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const d of SEEDED_DIRECTIVES) {
      await q.query(`INSERT INTO directive (id, number, kind, issuer, issued_on, title) VALUES ($1, $2, 'party_conclusion', $3, $4, $5)`, [
        d.id,
        d.number,
        ISSUER,
        d.issuedOn,
        d.title,
      ]);
      for (const c of d.clauses) {
        await q.query(
          `INSERT INTO directive_clause (id, directive_id, ref, summary, deadline, authorised_action_types) VALUES ($1, $2, $3, $4, $5, $6::varchar(20)[])`,
          [c.id, d.id, c.ref, c.summary, c.deadline, c.types],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const directiveIds = SEEDED_DIRECTIVES.map((d) => d.id);
    await q.query(`DELETE FROM directive_clause WHERE directive_id = ANY($1::uuid[])`, [directiveIds]);
    await q.query(`DELETE FROM directive WHERE id = ANY($1::uuid[])`, [directiveIds]);
  }
}
