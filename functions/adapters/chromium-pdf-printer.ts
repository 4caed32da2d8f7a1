import { chromium } from 'playwright-core';
import { findChromium } from './find-chromium.js';

/** Port: prints a self-contained HTML page to PDF. */
export interface PdfPrinter {
  /**
   * The page as an A4 PDF. `documentDate` becomes the PDF's creation and modification date, so the
   * same page prints to the same bytes whenever it is printed.
   */
  print(html: string, documentDate: number): Promise<Buffer>;
}

/** `D:YYYYMMDDHHmmSS+00'00'`, the PDF date form Chromium writes (always 14 digits, UTC). */
const pdfDate = (ms: number) => `D:${new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)}+00'00'`;
const PDF_DATE = /\/(CreationDate|ModDate) \(D:\d{14}\+00'00'\)/g;

/**
 * Replaces the print time Chromium stamps into the document information with `documentDate`: the
 * same length, so the cross-reference offsets stay right.
 */
export function fixPdfDates(pdf: Buffer, documentDate: number): Buffer {
  const text = pdf.toString('latin1');
  return Buffer.from(
    text.replace(PDF_DATE, (_, field: string) => `/${field} (${pdfDate(documentDate)})`),
    'latin1',
  );
}

/**
 * Prints with the Chromium {@link findChromium} chooses (`CHROMIUM_PATH`, a system Chromium, or the
 * `@sparticuz/chromium` that `npm ci` installs): a fresh browser per print, JavaScript off, no
 * network (the page is given as content and its CSP allows nothing outside it).
 */
export function createChromiumPdfPrinter(env: Record<string, string | undefined>): PdfPrinter {
  return {
    async print(html, documentDate) {
      const choice = await findChromium(env);
      const browser = await chromium
        .launch({ executablePath: choice.executablePath, args: choice.args, env: { ...env, ...choice.env } })
        .catch((error: unknown) => {
          throw new Error(`Chromium from ${choice.source} (${choice.executablePath}) did not start`, {
            cause: error,
          });
        });
      try {
        const page = await browser.newPage({ javaScriptEnabled: false, offline: true });
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        return fixPdfDates(pdf, documentDate);
      } finally {
        await browser.close();
      }
    },
  };
}
