/**
 * A tiny ZIP writer for tests that need archives no spreadsheet program would write: upload bombs
 * (a few hundred KB that inflate to hundreds of MB) and hand-made XLSX packages. Each entry is
 * deflated as it is produced (node:zlib), so an entry of hundreds of MB is never held whole; the
 * archive has sizes in its local headers (no data descriptors) and a central directory.
 */
import { crc32, createDeflateRaw } from 'node:zlib';

/** A piece of an entry: bytes or text, or one repeated many times. */
export type ZipPiece = Buffer | string | { repeat: Buffer | string; times: number };

export interface ZipEntry {
  name: string;
  pieces: ZipPiece[];
  /** Stored (method 0) instead of deflated. */
  store?: boolean;
}

const bytes = (b: Buffer | string) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : b);

async function* piecesOf(pieces: ZipPiece[]): AsyncGenerator<Buffer> {
  for (const p of pieces) {
    if (typeof p === 'string' || Buffer.isBuffer(p)) yield bytes(p);
    else {
      const chunk = bytes(p.repeat);
      for (let i = 0; i < p.times; i++) yield chunk;
    }
  }
}

async function compress(entry: ZipEntry): Promise<{ data: Buffer; crc: number; size: number }> {
  let crc = 0;
  let size = 0;
  if (entry.store) {
    const chunks: Buffer[] = [];
    for await (const chunk of piecesOf(entry.pieces)) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      chunks.push(chunk);
    }
    return { data: Buffer.concat(chunks), crc, size };
  }
  const deflate = createDeflateRaw({ level: 9, memLevel: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  for await (const chunk of piecesOf(entry.pieces)) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

/** The archive of the entries, in their order. Sizes must stay under 4 GiB (no ZIP64). */
export async function zip(entries: ZipEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { data, crc, size } = await compress(entry);
    const method = entry.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by
    header.writeUInt16LE(20, 6); // needed
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(0, 12);
    header.writeUInt32LE(crc >>> 0, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal and external attributes: 0
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    parts.push(local, name, data);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
export const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';
export const SST_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
export const SST_TAIL = '</sst>';

/**
 * A minimal XLSX package, its entries in the order Excel writes them (the worksheet before the shared
 * strings, so a streaming reader must keep the sheet until the strings have been read).
 */
export function xlsxPackage(sheet: ZipPiece[], sharedStrings: ZipPiece[] = [SST_HEAD, SST_TAIL]): Promise<Buffer> {
  return zip([
    { name: '[Content_Types].xml', pieces: [CONTENT_TYPES] },
    { name: '_rels/.rels', pieces: [ROOT_RELS] },
    { name: 'xl/workbook.xml', pieces: [WORKBOOK] },
    { name: 'xl/_rels/workbook.xml.rels', pieces: [WORKBOOK_RELS] },
    { name: 'xl/worksheets/sheet1.xml', pieces: sheet },
    { name: 'xl/sharedStrings.xml', pieces: sharedStrings },
  ]);
}
