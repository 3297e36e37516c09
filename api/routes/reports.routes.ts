/**
 * 月通报 (办法 §22) — the monthly report as JSON, an HTML page with charts, or a PDF; archived versions
 * with their data snapshot and rule versions, reproduced on request: schema in, one report use case
 * (app/reports) call, schema out. Supervisors only, each seeing their region; archiving is the city
 * reform office's (a city-wide supervisor) and is audited by the write hook.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ReportUseCases } from '../../app/report-use-cases.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, missingBodyAsEmpty, Page, pageOf, PAGING, PROBLEMS } from './common.schemas.ts';

export interface ReportRoutesOptions {
  useCases: ReportUseCases;
}

const Month = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) });
const ArchiveInfo = Type.Object({
  version: Type.Integer(),
  generatedAt: Type.String({ format: 'date-time' }),
  generatedBy: Type.String(),
  narrative: Type.String(),
  ruleVersions: Type.Record(Type.String(), Type.Integer()),
  reportVersion: Type.Integer(),
  cases: Type.Integer(),
  flags: Type.Integer(),
});

export const reportRoutes: FastifyPluginAsyncTypebox<ReportRoutesOptions> = async (app, { useCases: u }) => {
  app.get(
    '/api/v1/reports/monthly/:month',
    {
      schema: {
        operationId: 'getMonthlyReport',
        tags: ['supervision'],
        security: BEARER,
        summary:
          '月通报 (办法 §22): volumes, timeliness, supplements, special procedures, anomalies, sync quality, rankings, overdue and long-outstanding cases; ?format=html|pdf; ?version=N for an archived version',
        params: Month,
        querystring: Type.Object(
          {
            format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html'), Type.Literal('pdf')])),
            version: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'The report: JSON (format=json, the default), its HTML page, or the page as PDF.',
            content: {
              'application/json': { schema: Type.Record(Type.String(), Type.Unknown()) },
              'text/html': { schema: Type.String() },
              'application/pdf': { schema: Type.String({ format: 'binary' }) },
            },
          },
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const rendered = await u.getMonthlyReport(actorOf(request), request.params.month, {
        format: request.query.format ?? 'json',
        ...(request.query.version ? { version: request.query.version } : {}),
      });
      if (rendered.format === 'html') return reply.type('text/html; charset=utf-8').send(rendered.html);
      if (rendered.format === 'pdf')
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${rendered.fileName}"`)
          .send(Buffer.from(rendered.pdf) as unknown as string);
      return reply.type('application/json').send(rendered.report);
    },
  );

  app.post(
    '/api/v1/reports/monthly/:month/archive',
    {
      preValidation: missingBodyAsEmpty,
      schema: {
        operationId: 'archiveMonthlyReport',
        tags: ['supervision'],
        security: BEARER,
        summary:
          "存档 the city-wide monthly report now, with its data snapshot and rule versions, as the month's next version (city supervisors; the month must have ended)",
        params: Month,
        body: Type.Optional(
          Type.Object(
            {
              narrative: Type.Optional(
                Type.String({
                  maxLength: 20_000,
                  description: '编者按、整改要求: published with the figures (plain text; paragraphs by blank lines)',
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 201: ArchiveInfo, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const info = await u.archiveMonthlyReport(actorOf(request), request.params.month, request.body?.narrative ?? '');
      request.auditInfo.target = `monthly-report:${request.params.month}`;
      request.auditInfo.details = { version: info.version, cases: info.cases, flags: info.flags };
      return reply.status(201).send(info);
    },
  );

  app.get(
    '/api/v1/reports/monthly/:month/versions',
    {
      schema: {
        operationId: 'listReportVersions',
        tags: ['supervision'],
        security: BEARER,
        summary: "The archived versions of a month's report, oldest first",
        params: Month,
        querystring: Type.Object({ ...PAGING }, { additionalProperties: false }),
        response: { 200: Page(ArchiveInfo, { month: Type.String() }), ...PROBLEMS },
      },
    },
    async (request) => u.listReportVersions(actorOf(request), request.params.month, pageOf(request.query)),
  );
};
