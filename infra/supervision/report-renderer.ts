/** The report renderer (domain/ports/report-renderer.port.ts): the HTML page (monthly-report.html.ts), printed by the machine's Chromium for the PDF. */
import type { ReportRenderer } from '../../domain/ports/report-renderer.port.ts';
import { htmlToPdf } from '../render/pdf.ts';
import { renderFoundReport, reportFooter } from './monthly-report.html.ts';

export function createReportRenderer(options: { chromiumPath: string }): ReportRenderer {
  return {
    html: renderFoundReport,
    pdf: (found) =>
      htmlToPdf(renderFoundReport(found), {
        executablePath: options.chromiumPath,
        footer: reportFooter(found.report.month),
      }),
  };
}
