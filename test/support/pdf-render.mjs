// Renders a PDF with MuPDF (WASM, no system packages): prints JSON { pages, text: [..per page], png? }.
// Run as a child process: mupdf is ESM with top-level await, which Jest's CommonJS sandbox cannot load.
import { readFileSync, writeFileSync } from 'node:fs';
import * as mupdf from 'mupdf';

const [file, pngOut] = process.argv.slice(2);
const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
const pages = doc.countPages();
const text = [];
for (let i = 0; i < pages; i++) text.push(doc.loadPage(i).toStructuredText('preserve-whitespace').asText());
if (pngOut) {
  const pix = doc.loadPage(0).toPixmap(mupdf.Matrix.scale(1.5, 1.5), mupdf.ColorSpace.DeviceRGB, false, true);
  writeFileSync(pngOut, pix.asPNG());
}
process.stdout.write(JSON.stringify({ pages, text }));
