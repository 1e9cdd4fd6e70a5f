// Paper for the browser tests (not a test file): a page printed to PDF by Chromium, the PDF's
// pages read back as text by pdfjs-dist (pinned in package.json), and QR codes decoded by jsQR
// from the image the page draws. Used by print.test.mjs and scenario.test.mjs.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { OUTPUT_DIR } from './harness.mjs';

mkdirSync(OUTPUT_DIR, { recursive: true });
const output = (name) => path.join(OUTPUT_DIR, name);

/** Text without any white space, so words wrapped over lines or split into items still match. */
export const squeeze = (text) => text.replace(/[\s\u2068\u2069]+/g, '');

/**
 * Each page of a PDF: its size in points, its text (items joined by spaces) and each text item's
 * right edge, to check nothing is drawn past the page.
 */
export async function pdfPages(bytes) {
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages = [];
  for (let n = 1; n <= document.numPages; n += 1) {
    const page = await document.getPage(n);
    const { width, height } = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items = content.items.filter((item) => typeof item.str === 'string' && item.str.trim() !== '');
    pages.push({
      width,
      height,
      text: items.map((item) => item.str).join(' '),
      rightmost: Math.max(0, ...items.map((item) => item.transform[4] + item.width)),
    });
  }
  await document.destroy();
  return pages;
}

/** Draws the QR `<img>` onto a canvas in the page, large and unsmoothed, and decodes it. */
export async function decodeQr(locator) {
  const size = 480;
  const pixels = await locator.evaluate(async (image, side) => {
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const context = canvas.getContext('2d');
    context.imageSmoothingEnabled = false;
    context.drawImage(image, 0, 0, side, side);
    return Array.from(context.getImageData(0, 0, side, side).data);
  }, size);
  const code = jsQR(Uint8ClampedArray.from(pixels), size, size);
  assert.ok(code, 'the QR code decodes');
  return code.data;
}

/**
 * What the browser does as printing starts (`beforeprint`), which `page.pdf` and print media
 * emulation do not: the page reads the print date and makes the QR codes it only prints.
 */
export async function startPrinting(page) {
  // The page updates in a microtask after the event: a frame later it has.
  await page.evaluate(() => {
    window.dispatchEvent(new Event('beforeprint'));
    return new Promise((done) => requestAnimationFrame(() => done()));
  });
}

/** The page printed to PDF with the page sizes its CSS asks for (A4 default, A3 for mats). */
export async function printToPdf(page, name) {
  await startPrinting(page);
  await page.emulateMedia({ media: 'print' });
  const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(output(name), bytes);
  return bytes;
}

