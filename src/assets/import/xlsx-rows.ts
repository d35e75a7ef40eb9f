/**
 * The rows of an XLSX workbook's first worksheet, read from the file on disk under the import's
 * limits (sheet-limits.ts). The package is read through its central directory (zip-file.ts), so the
 * parts are taken in the order they are needed whatever order the archive has them in: the
 * relationships and the workbook (which sheet is first, the 1904 date system), the styles (which
 * cells are dates), the shared strings (kept as UTF-8 in a few large buffers, not as millions of
 * strings), then the worksheet, streamed row by row. Every entry's inflated bytes are counted
 * against IMPORT_MAX_INFLATED_BYTES, and the small parts against a cap of their own.
 *
 * Cell values are what the readers hand over (asset-row-parser.ts RawCell): text, numbers, booleans,
 * dates (a number in a date format), formulas as their cached result, errors as their text (#N/A).
 * A row without any value is skipped (its line number is kept by the rows after it).
 */
import { StringDecoder } from 'node:string_decoder';
import { DomainError } from '../../common/errors';
import { ImportFileError, type RawCell } from './asset-row-parser';
import { IMPORT_MESSAGES as M } from './import-messages';
import { cellTooLong, importTooLarge, MAX_CELL_CHARS, type SheetLimits, tooManyColumns } from './sheet-limits';
import { attr, decodeEntities, XmlError, type XmlHandler, XmlScanner } from './xml-scanner';
import { type ZipEntry, ZipError, ZipFile, ZipLimitError } from './zip-file';

export interface XlsxRow {
  line: number;
  cells: RawCell[];
}

/** Inflated bytes of one of the small parts (relationships, workbook, styles). */
const MAX_PART_BYTES = 16 * 1024 * 1024;
/** Sheets, relationships, cell formats and number formats kept from those parts. */
const MAX_LISTED = 100_000;
/** Text gathered for one cell before its entities are decoded (an entity is at most 10 characters for 1 or 2). */
const MAX_RAW_CELL = MAX_CELL_CHARS * 10;
const NOT_XLSX = {
  vi: 'Tệp là kho nén ZIP nhưng không phải sổ tính XLSX (không có trang tính); hãy gửi tệp CSV (UTF-8, phân cách bằng dấu phẩy) hoặc tệp XLSX',
  en: 'The file is a ZIP archive but not an XLSX workbook (no worksheet); send a CSV (UTF-8, comma-separated) or an XLSX file',
};

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;
const REL_STYLES = /\/styles$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;

/** Built-in number formats that show a date or time. */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** Whether a number format code shows a date or time (what is quoted or bracketed aside). */
export function isDateFormat(code: string): boolean {
  return /[ymdhsb]/i.test(
    code
      .replace(/\[[^\]]*]/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, '')
      .replace(/General/gi, ''),
  );
}

/** An Excel serial date (days since 1899-12-30, or 1904-01-01) as a Date. */
export const excelDate = (serial: number, date1904: boolean): Date => new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

/** The column number of a cell reference such as AB12 (1-based), or 0 when it has no letters. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
    if (col > 1 << 20) break;
  }
  return col;
}

/** Excel's escapes of characters XML cannot hold (_x000D_), and XML's line ends, in cell text. */
function cellString(raw: string): string {
  let s = raw.includes('&') ? decodeEntities(raw) : raw;
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  if (s.includes('_x')) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return s;
}

/** The shared strings, as UTF-8 in blocks of 1 MiB (a string never spans two), found by number. */
class SharedStrings {
  private static readonly BLOCK = 1 << 20;
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(0);
  private used = 0;
  /** Per string: its block, its start and its end in the block. */
  private where = new Uint32Array(3 * 1024);
  count = 0;
  chars = 0;

  add(s: string): void {
    const bytes = Buffer.byteLength(s, 'utf8');
    if (this.used + bytes > this.block.length) {
      this.block = Buffer.allocUnsafe(Math.max(SharedStrings.BLOCK, bytes));
      this.blocks.push(this.block);
      this.used = 0;
    }
    if (3 * (this.count + 1) > this.where.length) {
      const grown = new Uint32Array(this.where.length * 2);
      grown.set(this.where);
      this.where = grown;
    }
    const at = 3 * this.count++;
    this.where[at] = this.blocks.length - 1;
    this.where[at + 1] = this.used;
    this.used += this.block.write(s, this.used, 'utf8');
    this.where[at + 2] = this.used;
    this.chars += s.length;
  }

  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.count)) return undefined;
    const at = 3 * i;
    return this.blocks[this.where[at]].toString('utf8', this.where[at + 1], this.where[at + 2]);
  }
}

/** Gathers the text of the elements it is told to, up to MAX_RAW_CELL characters. */
abstract class TextGatherer implements XmlHandler {
  wantsText = false;
  protected raw = '';

  abstract open(name: string, tag: string): void;
  abstract close(name: string): void;

  text(piece: string): void {
    if (this.raw.length + piece.length > MAX_RAW_CELL) this.tooLong();
    this.raw += piece;
  }

  protected abstract tooLong(): never;
}

class SharedStringsHandler extends TextGatherer {
  private inRun = false;
  private phonetic = false;

  constructor(
    readonly table: SharedStrings,
    private readonly limits: SheetLimits,
  ) {
    super();
  }

  open(name: string): void {
    if (name === 'si') {
      this.inRun = true;
      this.raw = '';
    } else if (name === 'rPh') this.phonetic = true;
    else if (name === 't' && this.inRun && !this.phonetic) this.wantsText = true;
  }

  close(name: string): void {
    if (name === 't') this.wantsText = false;
    else if (name === 'rPh') this.phonetic = false;
    else if (name === 'si' && this.inRun) {
      this.inRun = false;
      const s = cellString(this.raw);
      this.raw = '';
      if (s.length > MAX_CELL_CHARS) this.tooLong();
      if (this.table.count >= this.limits.maxSharedStrings)
        throw importTooLarge('IMPORT_MAX_SHARED_STRINGS', this.limits.maxSharedStrings, {
          vi: 'nhiều chuỗi dùng chung hơn số được đọc',
          en: 'more shared strings than are read',
        });
      if (this.table.chars + s.length > this.limits.maxSharedStringChars) {
        throw importTooLarge('IMPORT_MAX_SHARED_STRING_CHARS', this.limits.maxSharedStringChars, {
          vi: 'nhiều ký tự chuỗi dùng chung hơn số được đọc',
          en: 'more characters of shared strings than are read',
        });
      }
      this.table.add(s);
    }
  }

  protected tooLong(): never {
    throw cellTooLong(1);
  }
}

class SheetHandler extends TextGatherer {
  /** Rows complete since the caller last took them. */
  rows: XlsxRow[] = [];
  private line = 0;
  private cells: RawCell[] | null = null;
  private hasValue = false;
  private col = 0;
  private inCell = false;
  private hasText = false;
  private type: string | undefined;
  private style = 0;
  private inline = false;
  private phonetic = false;

  constructor(
    private readonly strings: SharedStrings,
    private readonly dateStyles: boolean[],
    private readonly date1904: boolean,
    private readonly maxColumns: number,
  ) {
    super();
  }

  open(name: string, tag: string): void {
    switch (name) {
      case 'row': {
        const r = attr(tag, 'r');
        this.line = (r === undefined ? 0 : Number.parseInt(r, 10)) || this.line + 1;
        this.cells = [];
        this.hasValue = false;
        this.col = 0;
        break;
      }
      case 'c': {
        if (!this.cells) return;
        const ref = attr(tag, 'r');
        this.col = (ref === undefined ? 0 : columnOf(ref)) || this.col + 1;
        this.type = attr(tag, 't');
        const s = attr(tag, 's');
        this.style = s === undefined ? 0 : Number(s);
        this.inCell = true;
        this.hasText = false;
        this.raw = '';
        break;
      }
      case 'v':
        if (this.inCell && !this.inline) {
          this.wantsText = true;
          this.hasText = true;
        }
        break;
      case 'is':
        if (this.inCell) {
          this.inline = true;
          this.hasText = true;
        }
        break;
      case 't':
        if (this.inline && !this.phonetic) this.wantsText = true;
        break;
      case 'rPh':
        this.phonetic = true;
        break;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.wantsText = false;
        break;
      case 'rPh':
        this.phonetic = false;
        break;
      case 'is':
        this.inline = false;
        break;
      case 'c':
        if (this.inCell) {
          this.inCell = false;
          if (this.hasText) this.cell();
        }
        break;
      case 'row':
        if (this.cells && this.hasValue) this.rows.push({ line: this.line, cells: this.cells });
        this.cells = null;
        break;
    }
  }

  protected tooLong(): never {
    throw cellTooLong(this.line, this.col);
  }

  private cell(): void {
    const raw = this.raw;
    this.raw = '';
    let value: RawCell;
    switch (this.type) {
      case 's':
        value = this.strings.get(Number(raw));
        break;
      case 'inlineStr':
      case 'str':
        value = cellString(raw);
        if (value.length > MAX_CELL_CHARS) this.tooLong();
        break;
      case 'b': {
        const t = raw.trim();
        value = t === '' ? null : !(t === '0' || t === 'false');
        break;
      }
      case 'e':
        value = cellString(raw).trim();
        break;
      case 'd':
        value = raw.trim() === '' ? null : new Date(raw.trim());
        break;
      default: {
        const t = raw.trim();
        if (t === '') value = null;
        else {
          const n = Number(t);
          value = this.dateStyles[this.style] && Number.isFinite(n) ? excelDate(n, this.date1904) : n;
        }
      }
    }
    if (value === null || value === undefined || value === '') return;
    if (this.col > this.maxColumns) throw tooManyColumns(this.line, this.col, this.maxColumns);
    this.cells![this.col - 1] = value;
    this.hasValue = true;
  }
}

/** Reads one entry through an XML handler (whole, for the small parts). */
async function scan(zip: ZipFile, entry: ZipEntry, maxBytes: number, handler: XmlHandler): Promise<void> {
  const scanner = new XmlScanner(handler);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of zip.read(entry, maxBytes)) scanner.write(decoder.write(chunk));
  scanner.write(decoder.end());
  scanner.end();
}

/** A small part's start tags, each by name with its attributes as asked for. */
async function tagsOf(
  zip: ZipFile,
  entry: ZipEntry | undefined,
  wanted: Record<string, string[]>,
): Promise<{ name: string; attrs: Record<string, string | undefined>; depth: string[] }[]> {
  const found: { name: string; attrs: Record<string, string | undefined>; depth: string[] }[] = [];
  if (!entry) return found;
  const path: string[] = [];
  await scan(zip, entry, MAX_PART_BYTES, {
    wantsText: false,
    text: () => undefined,
    open(name, tag) {
      const names = wanted[name];
      if (names) {
        if (found.length >= MAX_LISTED) throw new ImportFileError([{ line: 1, field: '(file)', message: M.tooManyItems(entry.name, MAX_LISTED) }]);
        found.push({ name, attrs: Object.fromEntries(names.map((a) => [a, attr(tag, a)])), depth: [...path] });
      }
      path.push(name);
    },
    close() {
      path.pop();
    },
  });
  return found;
}

/** The relationships of a part: id → type and the target's path in the package. */
async function relationships(zip: ZipFile, partPath: string): Promise<Map<string, { type: string; path: string }>> {
  const slash = partPath.lastIndexOf('/');
  const dir = partPath.slice(0, slash + 1);
  const rels = zip.entry(`${dir}_rels/${partPath.slice(slash + 1)}.rels`);
  const map = new Map<string, { type: string; path: string }>();
  for (const { attrs } of await tagsOf(zip, rels, { Relationship: ['Id', 'Type', 'Target', 'TargetMode'] })) {
    if (!attrs.Id || !attrs.Target || attrs.TargetMode === 'External') continue;
    map.set(attrs.Id, { type: attrs.Type ?? '', path: resolvePath(dir, attrs.Target) });
  }
  return map;
}

function resolvePath(dir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** Which cell formats (the `s` of a cell) show dates. */
async function dateStylesOf(zip: ZipFile, entry: ZipEntry | undefined): Promise<boolean[]> {
  const tags = await tagsOf(zip, entry, { numFmt: ['numFmtId', 'formatCode'], xf: ['numFmtId'] });
  const custom = new Map<number, boolean>();
  for (const t of tags) if (t.name === 'numFmt') custom.set(Number(t.attrs.numFmtId), isDateFormat(t.attrs.formatCode ?? ''));
  return tags
    .filter((t) => t.name === 'xf' && t.depth[t.depth.length - 1] === 'cellXfs')
    .map((t) => {
      const id = Number(t.attrs.numFmtId ?? 0);
      return custom.get(id) ?? BUILT_IN_DATE_FORMATS.has(id);
    });
}

/** Maps what zip-file.ts throws to the import's answers; anything else passes through. */
function importError(err: unknown, limits: SheetLimits): unknown {
  if (err instanceof ZipLimitError) {
    return err.kind === 'total'
      ? importTooLarge('IMPORT_MAX_INFLATED_BYTES', limits.maxInflatedBytes, {
          vi: 'nhiều byte giải nén hơn số được đọc',
          en: 'more unpacked bytes than are read',
        })
      : new ImportFileError([{ line: 1, field: '(file)', message: M.notXlsx(err.message) }]);
  }
  if (err instanceof ZipError || err instanceof XmlError) return new ImportFileError([{ line: 1, field: '(file)', message: M.notXlsx(err.message) }]);
  return err;
}

/** The rows of the first worksheet of the XLSX file at `path`, as they are read. */
export async function* xlsxRows(path: string, limits: SheetLimits): AsyncGenerator<XlsxRow> {
  let zip: ZipFile | undefined;
  try {
    zip = await ZipFile.open(path, limits.maxInflatedBytes);
    const root = await relationships(zip, '');
    const workbookPath = [...root.values()].find((r) => REL_OFFICE_DOCUMENT.test(r.type))?.path ?? 'xl/workbook.xml';
    const workbook = zip.entry(workbookPath);
    const rels = await relationships(zip, workbookPath);
    const tags = await tagsOf(zip, workbook, { sheet: ['id', 'name'], workbookPr: ['date1904'] });
    const date1904 = tags.some((t) => t.name === 'workbookPr' && (t.attrs.date1904 === '1' || t.attrs.date1904 === 'true'));
    const firstSheet = tags.map((t) => (t.name === 'sheet' && t.attrs.id ? rels.get(t.attrs.id) : undefined)).find((r) => r && REL_WORKSHEET.test(r.type));
    const sheet =
      zip.entry(firstSheet?.path ?? '') ?? (workbook ? undefined : zip.entry(zip.names.find((n) => /^xl\/worksheets\/sheet\d*\.xml$/i.test(n)) ?? ''));
    if (!sheet) throw new DomainError('unsupported-media-type', NOT_XLSX);
    const partOf = (re: RegExp, fallback: string) => zip!.entry([...rels.values()].find((r) => re.test(r.type))?.path ?? fallback);
    const dateStyles = await dateStylesOf(zip, partOf(REL_STYLES, 'xl/styles.xml'));
    const strings = new SharedStrings();
    const sst = partOf(REL_SHARED_STRINGS, 'xl/sharedStrings.xml');
    if (sst) await scan(zip, sst, Number.POSITIVE_INFINITY, new SharedStringsHandler(strings, limits));

    const handler = new SheetHandler(strings, dateStyles, date1904, limits.maxColumns);
    const scanner = new XmlScanner(handler);
    const decoder = new StringDecoder('utf8');
    for await (const chunk of zip.read(sheet, Number.POSITIVE_INFINITY)) {
      scanner.write(decoder.write(chunk));
      if (handler.rows.length) {
        const rows = handler.rows;
        handler.rows = [];
        yield* rows;
      }
    }
    scanner.write(decoder.end());
    scanner.end();
    yield* handler.rows;
  } catch (err) {
    throw importError(err, limits);
  } finally {
    await zip?.close();
  }
}
