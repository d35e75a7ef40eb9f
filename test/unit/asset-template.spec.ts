import ExcelJS from 'exceljs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMPORT_COLUMNS } from '../../src/assets/import/asset-columns';
import { AssetRowParser, parseHeader } from '../../src/assets/import/asset-row-parser';
import { buildTemplate } from '../../src/assets/import/asset-template';
import { ZipFile } from '../../src/assets/import/zip-file';
import { LANGUAGES } from '../../src/common/language';
import { ASSET_CATEGORY_LABELS, ASSET_CONDITION_LABELS } from '../../src/schema/labels';
import { ASSET_CATEGORIES, ASSET_CONDITIONS } from '../../src/schema/vocabulary';

const MAX_ROWS = 500;
const LAND_USE = [
  { code: 'DGD', name: 'Đất xây dựng cơ sở giáo dục và đào tạo' },
  { code: 'TSC', name: 'Đất xây dựng trụ sở cơ quan' },
];

/** Every part of an XLSX package as text, read with the import's own ZIP reader. */
async function partsOf(xlsx: Buffer): Promise<Map<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'template-'));
  try {
    await writeFile(join(dir, 't.xlsx'), xlsx);
    const zip = await ZipFile.open(join(dir, 't.xlsx'), 50_000_000);
    try {
      const parts = new Map<string, string>();
      for (const name of zip.names) {
        const chunks: Buffer[] = [];
        for await (const c of zip.read(zip.entry(name)!, 50_000_000)) chunks.push(c);
        parts.set(name, Buffer.concat(chunks).toString('utf8'));
      }
      return parts;
    } finally {
      await zip.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const unescapeXml = (s: string) =>
  s
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attr = (attrs: string, name: string) => {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  return m ? unescapeXml(m[1]) : undefined;
};

interface Validation {
  sqref: string;
  type?: string;
  allowBlank?: string;
  errorStyle?: string;
  errorTitle?: string;
  error?: string;
  formula: string;
}

/** The data validations of a worksheet's XML, as written. */
function validationsOf(sheetXml: string): Validation[] {
  return [...sheetXml.matchAll(/<dataValidation ([^>]*)>\s*<formula1>([^<]*)<\/formula1>\s*<\/dataValidation>/g)].map(([, attrs, formula]) => ({
    sqref: attr(attrs, 'sqref')!,
    type: attr(attrs, 'type'),
    allowBlank: attr(attrs, 'allowBlank'),
    errorStyle: attr(attrs, 'errorStyle'),
    errorTitle: attr(attrs, 'errorTitle'),
    error: attr(attrs, 'error'),
    formula: unescapeXml(formula),
  }));
}

/** The values a list formula ('Danh mục'!$A$2:$A$8) points at in the workbook. */
function listValues(wb: ExcelJS.Workbook, formula: string): unknown[] {
  const m = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(formula);
  if (!m) throw new Error(`not a one-column range on a named sheet: ${formula}`);
  const [, sheet, col, from, col2, to] = m;
  expect(col2).toBe(col);
  const ws = wb.getWorksheet(sheet.replace(/''/g, "'"))!;
  const out: unknown[] = [];
  for (let r = Number(from); r <= Number(to); r++) out.push(ws.getCell(`${col}${r}`).value);
  return out;
}

const letterOf = (key: string) => String.fromCharCode(65 + IMPORT_COLUMNS.findIndex((c) => c.key === key));

describe.each(LANGUAGES)('the import template (%s)', (lang) => {
  let xlsx: Buffer;
  let wb: ExcelJS.Workbook;
  let validations: Validation[];

  beforeAll(async () => {
    xlsx = await buildTemplate(lang, MAX_ROWS, LAND_USE);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const parts = await partsOf(xlsx);
    const workbookXml = parts.get('xl/workbook.xml')!;
    const sheets = [...workbookXml.matchAll(/<sheet ([^>]*)\/>/g)].map(([, a]) => ({ name: attr(a, 'name'), state: attr(a, 'state') }));
    expect(sheets).toEqual([
      { name: lang === 'vi' ? 'Tài sản' : 'Assets', state: 'visible' },
      { name: lang === 'vi' ? 'Hướng dẫn' : 'Guide', state: 'visible' },
      { name: lang === 'vi' ? 'Danh mục' : 'Lists', state: 'hidden' },
    ]);
    validations = validationsOf(parts.get('xl/worksheets/sheet1.xml')!);
  });

  it('gives each coded column of the data sheet a drop-down list over every row the import reads, and no other column', () => {
    expect(validations.map((v) => v.sqref).sort()).toEqual(
      ['category', 'condition', 'land_use_category'].map((k) => `${letterOf(k)}2:${letterOf(k)}${1 + MAX_ROWS}`).sort(),
    );
    for (const v of validations) {
      expect(v).toMatchObject({ type: 'list', errorStyle: 'warning' });
      // Excel shows an error title of at most 32 characters and a message of at most 255.
      expect(v.errorTitle!.length).toBeLessThanOrEqual(32);
      expect(v.error!.length).toBeLessThanOrEqual(255);
    }
  });

  it("lists the labels of the template's language, from the hidden lists sheet, blank allowed where the column is optional", () => {
    const of = (key: string) => validations.find((v) => v.sqref.startsWith(`${letterOf(key)}2:`))!;
    expect(listValues(wb, of('category').formula)).toEqual(ASSET_CATEGORIES.map((c) => ASSET_CATEGORY_LABELS[c][lang]));
    expect(listValues(wb, of('condition').formula)).toEqual(ASSET_CONDITIONS.map((c) => ASSET_CONDITION_LABELS[c][lang]));
    expect(listValues(wb, of('land_use_category').formula)).toEqual(['DGD', 'TSC']);
    expect(of('category').formula.startsWith(lang === 'vi' ? "'Danh mục'!" : "'Lists'!")).toBe(true);
    expect([of('category').allowBlank, of('condition').allowBlank, of('land_use_category').allowBlank]).toEqual([undefined, '1', '1']);
  });

  it("writes the example row's coded cells as labels, and the import reads the row back", () => {
    const data = wb.worksheets[0];
    const header = (data.getRow(1).values as unknown[]).slice(1) as string[];
    const example = (data.getRow(2).values as unknown[]).slice(1);
    expect(example[header.indexOf(lang === 'vi' ? 'Loại tài sản' : 'category')]).toBe(ASSET_CATEGORY_LABELS.headquarters[lang]);
    expect(example[header.indexOf(lang === 'vi' ? 'Tình trạng' : 'condition')]).toBe(ASSET_CONDITION_LABELS.fair[lang]);
    const parsed = new AssetRowParser(parseHeader(header), '2026-03-15').parse(2, example as never[]);
    expect(parsed?.row).toMatchObject({ code: '08.TSC.000123', category: 'headquarters', condition: 'fair', landUseCategory: 'TSC' });
  });

  it('lists the allowed labels in the guide, and leaves out the land-use list when there are no categories', async () => {
    const guide = wb.worksheets[1];
    const row = guide.getRow(1 + 1 + IMPORT_COLUMNS.findIndex((c) => c.key === 'category'));
    expect(row.getCell(5).value).toBe(ASSET_CATEGORIES.map((c) => ASSET_CATEGORY_LABELS[c][lang]).join('; '));
    const bare = validationsOf((await partsOf(await buildTemplate(lang, MAX_ROWS))).get('xl/worksheets/sheet1.xml')!);
    expect(bare.map((v) => v.sqref[0]).sort()).toEqual([letterOf('category'), letterOf('condition')].sort());
  });
});
