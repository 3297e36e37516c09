/**
 * 月通报 (办法 §22) — the monthly report as JSON, an HTML page with charts, or a PDF; archived versions
 * with their data snapshot and rule versions, reproduced on request. Supervisors only, each seeing
 * their region (a district supervisor their district, also of an archived city report); archiving is
 * the city reform office's (a city-wide supervisor) and is audited by the write hook.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { MonthlyReports } from '../../infra/supervision/monthly-report.service.ts';
import { renderFoundReport, reportFooter } from '../../infra/supervision/monthly-report.html.ts';
import { htmlToPdf } from '../../infra/render/pdf.ts';
import { CITY_REGION, type Actor } from '../../domain/access/roles.ts';
import { assertListScope, can } from '../../domain/access/policy.ts';
import { DomainError } from '../../domain/errors.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, missingBodyAsEmpty, PROBLEMS } from './common.schemas.ts';

export interface ReportRoutesOptions { reports: MonthlyReports; chromiumPath: string }

/** The region whose reports the actor may read (null: the whole city), or 403 (policy.ts: supervision.read). */
const readableRegion = (actor: Actor): string | null => assertListScope(actor, 'supervision.read', '仅限工改办监察人员').regionCode;

const Month = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) });
const ArchiveInfo = Type.Object({
  version: Type.Integer(), generatedAt: Type.String({ format: 'date-time' }), generatedBy: Type.String(), narrative: Type.String(), ruleVersions: Type.Record(Type.String(), Type.Integer()),
  reportVersion: Type.Integer(), cases: Type.Integer(), flags: Type.Integer(),
});

export const reportRoutes: FastifyPluginAsyncTypebox<ReportRoutesOptions> = async (app, { reports, chromiumPath }) => {
  app.get('/api/v1/reports/monthly/:month', {
    schema: {
      tags: ['supervision'], security: BEARER,
      summary: '月通报 (办法 §22): volumes, timeliness, supplements, special procedures, anomalies, sync quality, rankings, overdue and long-outstanding cases; ?format=html|pdf; ?version=N for an archived version',
      params: Month,
      querystring: Type.Object({
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html'), Type.Literal('pdf')])),
        version: Type.Optional(Type.Integer({ minimum: 1 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Unknown(), ...PROBLEMS },
    },
  }, async (request, reply) => {
    const region = readableRegion(actorOf(request));
    const { month } = request.params;
    const { version, format } = request.query;
    const found = await reports.find(month, region, version);
    if (format === 'html' || format === 'pdf') {
      const html = renderFoundReport(found);
      if (format === 'html') return reply.type('text/html; charset=utf-8').send(html);
      const pdf = await htmlToPdf(html, { executablePath: chromiumPath, footer: reportFooter(month) });
      return reply.type('application/pdf').header('content-disposition', `inline; filename="monthly-report-${month}${version ? `-v${version}` : ''}.pdf"`).send(pdf);
    }
    return found.archive ? { ...found.report, archive: found.archive } : found.report;
  });

  app.post('/api/v1/reports/monthly/:month/archive', {
    preValidation: missingBodyAsEmpty,
    schema: {
      tags: ['supervision'], security: BEARER,
      summary: '存档 the city-wide monthly report now, with its data snapshot and rule versions, as the month\'s next version (city supervisors; the month must have ended)',
      params: Month,
      body: Type.Optional(Type.Object({
        narrative: Type.Optional(Type.String({ maxLength: 20_000, description: '编者按、整改要求: published with the figures (plain text; paragraphs by blank lines)' })),
      }, { additionalProperties: false })),
      response: { 201: ArchiveInfo, ...PROBLEMS },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    if (!can(actor, 'report.archive', { kind: 'region', regionCode: CITY_REGION })) throw new DomainError('FORBIDDEN', '月通报由市工改办存档', { field: 'authorization' });
    const { info } = await reports.archive(request.params.month, actor.userId, request.body?.narrative?.trim() ?? '');
    request.auditInfo.target = `monthly-report:${request.params.month}`;
    request.auditInfo.details = { version: info.version, cases: info.cases, flags: info.flags };
    return reply.status(201).send(info);
  });

  app.get('/api/v1/reports/monthly/:month/versions', {
    schema: {
      tags: ['supervision'], security: BEARER, summary: 'The archived versions of a month\'s report',
      params: Month,
      response: { 200: Type.Object({ month: Type.String(), versions: Type.Array(ArchiveInfo) }), ...PROBLEMS },
    },
  }, async (request) => {
    readableRegion(actorOf(request));
    return { month: request.params.month, versions: await reports.versions(request.params.month) };
  });
};
