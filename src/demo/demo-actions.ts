import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ActionsService } from '../actions/actions.service';
import { ApproveActionDto, CompleteActionDto, CreateActionDto } from '../actions/actions.dto';
import { UsersService } from '../auth/users.service';
import { type RequestContext, systemContext } from '../common/auth-user';
import { renderPdf } from '../common/pdf';
import { DirectivesService } from '../directives/directives.service';
import { DocumentsService } from '../documents/documents.service';
import type { DocumentKind } from '../schema/vocabulary';

/** The seeded clauses the demo's actions cite (CorrectSeededDirectives). */
const KL202_PLANNING = 'c0000202-0000-4000-8000-000000000003';
const KL202_OUTSTANDING = 'c0000202-0000-4000-8000-000000000007';

/** A surplus facility of the demo, and who may receive it. */
export interface DemoFacility {
  id: string;
  code: string;
  name: string;
}

export interface DemoActionsResult {
  actions: number;
  byStatus: Record<string, number>;
  documents: number;
}

const AUTHORITY = 'Ủy ban nhân dân tỉnh Tuyên Quang';
const SALE_JUSTIFICATION =
  'Cơ sở nằm xa khu dân cư, không có nhu cầu bố trí cho y tế, giáo dục, văn hóa, thể thao hay công an xã; phương án được duyệt là bán đấu giá để nộp ngân sách.';

/**
 * A realistic handful of handlings of the demo province's surplus facilities, recorded through the
 * same services as the API (rules, guards and the event log), by two officers of the province (one
 * proposes, the other approves: four eyes) with the papers each step needs attached: a retention, a
 * reallocation to a commune People's Committee and a sale completed; a repurposing into a health
 * station in progress; a hand-over to the locality approved; a temporary retention submitted. The open
 * ones also cite 202-KL/TW's "outstanding tasks" (due 31 December 2025), so they show in the overdue
 * list once that date has passed. Retentions and sales rest on a provincial decision the demo records
 * (plainly named as demo data: no seeded political clause authorises them); transfers and conversions
 * on 202-KL/TW's planning clause. Decisions are dated after everything they rest on (the rules refuse
 * anything else) and recorded now, as a province catching up would.
 */
export async function seedDemoActions(
  app: INestApplicationContext,
  province: string,
  facilities: DemoFacility[],
  receivingAgencyId: string,
): Promise<DemoActionsResult> {
  if (facilities.length < 6) throw new Error(`the demo's actions need 6 surplus facilities, the province has ${facilities.length}`);
  const system = systemContext('demo-seed');
  const actions = app.get(ActionsService);
  const documents = app.get(DocumentsService);
  const directives = app.get(DirectivesService);
  const users = app.get(UsersService);

  // Two officers of the province, who act here only: created disabled, with a password nobody knows.
  const officer = async (username: string, displayName: string): Promise<RequestContext> => {
    const u = await users.create(system, { username, displayName, password: randomBytes(24).toString('base64url'), role: 'officer', provinceCode: province });
    await users.update(system, u.id, u.version, { disabled: true });
    return { user: { id: u.id, username, role: 'officer', provinceCode: province }, requestId: 'demo-seed' };
  };
  const proposer = await officer(`demo.officer.${province}.a`, 'Chuyên viên Sở Tài chính (dữ liệu minh họa)');
  const approver = await officer(`demo.officer.${province}.b`, 'Lãnh đạo Sở Tài chính (dữ liệu minh họa)');

  const decision = await directives.create(system, {
    number: `DEMO-1/QĐ-UBND-${province}`,
    kind: 'decision',
    issuer: AUTHORITY,
    issuedOn: '2025-08-15',
    provinceCode: province,
    title: 'Phương án sắp xếp, xử lý trụ sở, nhà, đất dôi dư sau sắp xếp đơn vị hành chính (dữ liệu minh họa, không phải văn bản thật)',
  });
  const provincial = await directives.createClause(system, decision.id, {
    ref: 'Điều 1',
    summary: 'Phê duyệt phương án giữ lại, bán, cải tạo các cơ sở nhà, đất dôi dư trong danh mục kèm theo (dữ liệu minh họa).',
    authorisedActionTypes: ['retention', 'disposal', 'renovation'],
  });

  let documentCount = 0;
  const attach = async (actionId: string, kinds: DocumentKind[], title: string) => {
    for (const kind of kinds) {
      const content = await renderPdf(
        {
          content: [
            { text: 'DỮ LIỆU MINH HỌA — KHÔNG PHẢI VĂN BẢN THẬT', bold: true },
            { text: `${kind}: ${title}`, margin: [0, 8, 0, 0] },
          ],
        },
        new Date('2025-11-01T00:00:00Z'),
      );
      await documents.storeOwn(proposer, { kind, actionId, note: 'Dữ liệu minh họa' }, { fileName: `${kind}.pdf`, mediaType: 'application/pdf', content });
      documentCount++;
    }
  };
  const byStatus: Record<string, number> = {};
  const record = async (
    f: DemoFacility,
    draft: Omit<CreateActionDto, 'assetId'>,
    until: 'submitted' | 'approved' | 'in_progress' | 'completed',
    approval?: ApproveActionDto,
    completion?: { documents: DocumentKind[]; body: CompleteActionDto },
  ): Promise<void> => {
    const a = await actions.create(proposer, { assetId: f.id, ...draft });
    await actions.submit(proposer, a.id, undefined, {});
    if (until !== 'submitted') await actions.approve(approver, a.id, undefined, approval!);
    if (until === 'in_progress' || until === 'completed') await actions.start(proposer, a.id, undefined, {});
    if (until === 'completed') {
      await attach(a.id, completion!.documents, f.name);
      await actions.complete(proposer, a.id, undefined, completion!.body);
    }
    byStatus[until] = (byStatus[until] ?? 0) + 1;
  };
  // The decision states the new use of a retention or reallocation (what the Ministry counts it as).
  const approval = (decisionNo: string, decisionDate: string, newUse?: string): ApproveActionDto => {
    const body = { decisionNo, decisionDate, decisionAuthority: AUTHORITY, ...(newUse ? { newUse } : {}) };
    return body as ApproveActionDto;
  };

  const [kept, transferred, sold, repurposed, handedOver, temporary] = facilities;
  await record(
    kept,
    { type: 'retention', method: 'permanent', clauseIds: [provincial.id] },
    'completed',
    approval('2101/QĐ-UBND', '2025-11-03', 'working_office'),
    {
      documents: ['decision'],
      body: { completedOn: '2025-11-10' },
    },
  );
  await record(
    transferred,
    { type: 'reallocation', method: 'transfer', clauseIds: [KL202_PLANNING], receivingAgencyId },
    'completed',
    approval('2155/QĐ-UBND', '2025-11-05', 'working_office'),
    {
      documents: ['decision', 'handover_minutes'],
      body: { completedOn: '2025-11-20', handoverDate: '2025-11-18', minutesConfirmedBySender: true, minutesConfirmedByReceiver: true },
    },
  );
  await record(
    sold,
    {
      type: 'disposal',
      method: 'sale',
      saleMethod: 'auction',
      justification: SALE_JUSTIFICATION,
      valuationAmount: 12_500_000_000,
      valuationDate: '2025-10-20',
      clauseIds: [provincial.id],
    },
    'completed',
    approval('2210/QĐ-UBND', '2025-11-07'),
    {
      documents: ['decision', 'valuation_report', 'auction_result'],
      body: {
        completedOn: '2025-12-05',
        valuationAmount: 12_500_000_000,
        salePrice: 13_150_000_000,
        buyer: 'Công ty TNHH Đầu tư Minh Xuân (dữ liệu minh họa)',
        proceedsPaid: 13_150_000_000,
        proceedsPaidDate: '2025-12-05',
      },
    },
  );
  await record(
    repurposed,
    { type: 'repurposing', method: 'change_of_function', purposeCode: 'health', clauseIds: [KL202_PLANNING, KL202_OUTSTANDING] },
    'in_progress',
    approval('2302/QĐ-UBND', '2025-11-12'),
  );
  await record(
    handedOver,
    { type: 'reallocation', method: 'handover_to_locality', clauseIds: [KL202_PLANNING, KL202_OUTSTANDING], receivingAgencyId },
    'approved',
    approval('2388/QĐ-UBND', '2025-11-21', 'public_service_facility'),
  );
  await record(temporary, { type: 'retention', method: 'temporary', clauseIds: [provincial.id, KL202_OUTSTANDING] }, 'submitted');
  return { actions: Object.values(byStatus).reduce((n, k) => n + k, 0), byStatus, documents: documentCount };
}
