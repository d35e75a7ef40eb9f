import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// pdfmake 0.3's server build: one shared instance configured here and nowhere else.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- pdfmake is CommonJS with `export =` typings
import pdfmakeModule = require('pdfmake');
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

/** The parts of pdfmake 0.3's server API used here (its published types predate the access policies). */
interface PdfMake {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}
const pdfmake = pdfmakeModule as unknown as PdfMake;

export type PdfDocument = TDocumentDefinitions;

/**
 * Noto Sans (OFL) covers every Vietnamese letter in NFC and NFD; pdfmake's bundled Roboto does not.
 * The files are read from the package once into pdfmake's in-memory file system, so the local
 * access policy can refuse every real path.
 */
function notoSans(): Record<string, string> {
  const root = join(require.resolve('@expo-google-fonts/noto-sans/package.json'), '..');
  const file = (dir: string): string => {
    const name = `NotoSans_${dir}.ttf`;
    pdfmake.virtualfs.writeFileSync(name, readFileSync(join(root, dir, name)));
    return name;
  };
  return { normal: file('400Regular'), bold: file('700Bold'), italics: file('400Regular_Italic'), bolditalics: file('700Bold_Italic') };
}

let configured = false;
function configure(): void {
  if (configured) return;
  pdfmake.setFonts({ NotoSans: notoSans() });
  // A document definition may never make the server fetch a URL or read a local file.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  configured = true;
}

/**
 * Every string in NFC: Noto Sans draws NFD too, but its combining marks then extract (copy, search,
 * screen readers) as broken text. Functions (headers, footers) are wrapped so their output is too.
 */
function nfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (typeof value === 'function') return ((...args: unknown[]) => nfc((value as (...a: unknown[]) => unknown)(...args))) as T;
  if (Array.isArray(value)) return value.map(nfc) as T;
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfc(v)])) as T;
  }
  return value;
}

/**
 * Renders a document to PDF bytes. Deterministic for the same definition: the creation date is
 * taken from `createdAt` (never the clock), so a regenerated report matches byte for byte.
 */
export async function renderPdf(doc: PdfDocument, createdAt: Date): Promise<Buffer> {
  configure();
  const def: TDocumentDefinitions = {
    ...nfc(doc),
    defaultStyle: {
      font: 'NotoSans',
      fontSize: 9, // ccmp off keeps precomposed letters (ụ, ệ) as one glyph, so extracted text matches what is drawn.
      fontFeatures: { ccmp: false } as never,
      ...(doc.defaultStyle ?? {}),
    },
    info: { producer: 'vn-public-assets-api', creator: 'vn-public-assets-api', ...(doc.info ?? {}), creationDate: createdAt, modDate: createdAt } as never,
  };
  return Buffer.from(await pdfmake.createPdf(def).getBuffer());
}
