/** 月通报 as people read it: one self-contained HTML page, and the same page printed as a PDF (REPORT_PDF_UNAVAILABLE without a printer). */
import type { FoundReport } from '../supervision/report-snapshot.ts';

export interface ReportRenderer {
  html(found: FoundReport): string;
  pdf(found: FoundReport): Promise<Uint8Array>;
}
