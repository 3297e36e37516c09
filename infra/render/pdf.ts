/**
 * HTML → PDF through the machine's Chromium (Debian package `chromium`, driven by playwright-core;
 * no browser is downloaded). The page is printed exactly as the HTML renders, so the PDF and the
 * HTML of a report cannot disagree. One short-lived browser per document: reports are rare, and
 * nothing is left running between them.
 */
import { access, constants } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { DomainError } from '../../domain/errors.ts';
import { escapeHtml } from './html.ts';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export interface PdfOptions {
  executablePath: string;
  /** Text at the foot of every page (e.g. the report's title); page numbers are added. */
  footer?: string;
}

export async function chromiumAvailable(executablePath: string): Promise<boolean> {
  try {
    await access(executablePath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function htmlToPdf(html: string, options: PdfOptions): Promise<Buffer> {
  if (!(await chromiumAvailable(options.executablePath))) {
    throw new DomainError(
      'REPORT_PDF_UNAVAILABLE',
      `PDF 需要 Chromium(${options.executablePath} 不存在;apt-get install chromium fonts-noto-cjk,或设置 CHROMIUM_PATH)`,
      { field: 'query.format' },
    );
  }
  const browser = await chromium.launch({ executablePath: options.executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    // the HTML is self-contained: refuse every request so a report can never reach the network
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#666">${escapeHtml(options.footer)} · 第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页</div>`,
    });
  } finally {
    await browser.close();
  }
}
