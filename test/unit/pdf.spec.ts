import { writeFileSync } from 'node:fs';
import { renderPdf } from '../../src/common/pdf';
import { renderPdfForTest } from '../support/pdf';

describe('renderPdf (pdfmake + Noto Sans)', () => {
  const createdAt = new Date('2025-12-01T02:00:00Z');
  const title = 'Trụ sở UBND huyện Đông Anh — Báo cáo tình hình xử lý nhà, đất dôi dư';
  const doc = (text: string) => ({
    content: [{ text, fontSize: 14, bold: true }, 'Số cơ sở: 26.552; đã xử lý 65,89 %; Quảng Ngãi, Đắk Lắk, Thừa Thiên Huế'],
    footer: (page: number, pages: number) => ({ text: `Trang ${page}/${pages}`, alignment: 'center' as const }),
  });

  it('renders Vietnamese given in NFC or NFD, and the rendered page reads back the same text', async () => {
    for (const text of [title.normalize('NFC'), title.normalize('NFD')]) {
      const rendered = renderPdfForTest(await renderPdf(doc(text), createdAt));
      expect(rendered.pages).toBe(1);
      const lines = rendered.text[0]
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      expect(lines).toEqual([title, 'Số cơ sở: 26.552; đã xử lý 65,89 %; Quảng Ngãi, Đắk Lắk, Thừa Thiên Huế', 'Trang 1/1']);
      expect(rendered.png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // PDF_PNG_OUT=/tmp/page.png keeps the rendered page for a person to look at.
      if (process.env.PDF_PNG_OUT) writeFileSync(process.env.PDF_PNG_OUT, rendered.png);
    }
  });

  it('is deterministic: the same definition and time give the same bytes', async () => {
    const a = await renderPdf(doc(title), createdAt);
    const b = await renderPdf(doc(title), createdAt);
    expect(a.equals(b)).toBe(true);
    const c = await renderPdf(doc(title), new Date('2025-12-02T02:00:00Z'));
    expect(a.equals(c)).toBe(false);
  });

  it('refuses to read local files or fetch URLs named in a document', async () => {
    await expect(renderPdf({ content: [{ image: '/etc/passwd' }] }, createdAt)).rejects.toThrow();
    await expect(renderPdf({ content: [{ image: 'https://example.com/x.png' }] }, createdAt)).rejects.toThrow();
  });
});
