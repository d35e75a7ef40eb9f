import { ALL_CHECKS } from '../../src/inspections/checks';
import { CHECK_TEXT_VI } from '../../src/inspections/export/check-text';
import { evidenceText, findingText, viDate } from '../../src/inspections/export/inspection-export';
import type { ExportFacts } from '../../src/inspections/export/inspection-export.repository';
import { FindingDto } from '../../src/inspections/findings.dto';

const ACTION = '3f2a0c1e-8d7b-4c6a-9e5f-1a2b3c4d5e6f';
const FINDING = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const facts: ExportFacts = {
  provinceName: 'Tỉnh Tuyên Quang',
  assets: new Map(),
  actions: new Map([[ACTION, { assetCode: '08.TSC.1', type: 'disposal', method: 'sale', decisionNo: '12/QĐ-UBND', decisionDate: '2025-11-10' }]]),
  evidence: new Map([
    [FINDING, [{ kind: 'photo', fileName: 'Ảnh hiện trạng.pdf', note: null, sha256: 'ab'.repeat(32), uploadedAt: new Date('2025-12-01T18:30:00Z') }]],
  ]),
};
const finding = (over: Partial<FindingDto>): FindingDto =>
  ({ id: FINDING, category: 'below_valuation', severity: 'critical', status: 'open', checkId: null, actionId: null, assetId: null, ...over }) as FindingDto;

describe('inspection export text', () => {
  it('has Vietnamese text for every automatic check', () => {
    for (const c of ALL_CHECKS) {
      expect(CHECK_TEXT_VI[c.id]).toEqual({ fault: expect.any(String), recommendation: expect.any(String) });
    }
  });

  it('renders an automatic finding in Vietnamese from its check and action, never its stored English or ids', () => {
    const f = finding({
      checkId: 'sale-below-valuation',
      actionId: ACTION,
      description: `Sale ${ACTION} is 500000000 VND below`,
      recommendation: 'Explain the price',
    });
    const text = findingText(f, facts);
    expect(text.description).toBe(
      'Giá bán thấp hơn giá trị thẩm định, hoặc bán khi chưa có kết quả thẩm định giá (Bán, thanh lý, thu hồi: bán tài sản 08.TSC.1, quyết định số 12/QĐ-UBND ngày 10/11/2025). Phát hiện qua kiểm tra tự động.',
    );
    expect(text.recommendation).toBe(CHECK_TEXT_VI['sale-below-valuation'].recommendation);
    expect(findingText(finding({ description: 'Cho thuê trái phép', recommendation: null }), facts)).toEqual({
      description: 'Cho thuê trái phép',
      recommendation: '',
    });
  });

  it('cites evidence by kind, file, short hash and Vietnam date; writes dates dd/mm/yyyy', () => {
    expect(evidenceText(finding({}), facts)).toBe('Hình ảnh: Ảnh hiện trạng.pdf, SHA-256 abababababab…, ngày 02/12/2025');
    expect(viDate('2025-07-01')).toBe('01/07/2025');
    expect(viDate(null)).toBe('…');
  });
});
