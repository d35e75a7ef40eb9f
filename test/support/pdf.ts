import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RenderedPdf {
  pages: number;
  /** The text MuPDF extracts from each page after rendering it (NFC-normalised). */
  text: string[];
  /** Page 1 as a PNG image. */
  png: Buffer;
}

/** Renders a PDF to an image and extracts its text with MuPDF, in a child process. */
export function renderPdfForTest(pdf: Buffer): RenderedPdf {
  const dir = mkdtempSync(join(tmpdir(), 'vpa-pdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const out = execFileSync(process.execPath, [join(__dirname, 'pdf-render.mjs'), join(dir, 'in.pdf'), join(dir, 'page1.png')], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const parsed = JSON.parse(out.toString('utf8')) as { pages: number; text: string[] };
    return { pages: parsed.pages, text: parsed.text.map((t) => t.normalize('NFC')), png: readFileSync(join(dir, 'page1.png')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
