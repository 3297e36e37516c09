/**
 * 事项目录 and process versions — GET /api/v1/catalog/stages, GET /api/v1/catalog/items/{code} (public:
 * the 办事指南 is published), GET /api/v1/processes (deployed versions, staff only) and
 * POST /api/v1/deployments (developers: lint gate for Camunda 8.8, then the engine's own validation;
 * audited by the write hook; nothing deployed when refused).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../infra/db/client.ts';
import type { EnginePort } from '../../infra/engine/port.ts';
import { listProcessVersions } from '../../infra/engine/process-versions.ts';
import { lintBpmn } from '../../infra/engine/lint/lint-bpmn.ts';
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import type { Item } from '../../domain/catalog/catalog.types.ts';
import { assertCan, hasAction } from '../../domain/access/policy.ts';
import { DomainError } from '../../domain/errors.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, PROBLEMS } from './common.schemas.ts';

export interface CatalogRoutesOptions { catalog: CatalogIndex; database: Database; engine: EnginePort }

const Json = Type.Unknown();
const itemView = (i: Item) => ({
  code: i.code, nameZh: i.nameZh, nameEn: i.nameEn, department: i.department, kind: i.kind, promised: i.promised, statutory: i.statutory ?? null,
  immediate: i.immediate, parallelTrack: i.parallelTrack, specialProcedures: i.specialProcedures, materials: i.materials, result: i.result,
});

export const catalogRoutes: FastifyPluginAsyncTypebox<CatalogRoutesOptions> = async (app, { catalog, database, engine }) => {
  app.get('/api/v1/catalog/stages', {
    config: { public: true },
    schema: {
      tags: ['catalog'], summary: 'The stages with their lead departments, limits and items',
      response: { 200: Type.Object({ version: Type.String(), stages: Type.Array(Type.Object({ no: Type.Integer(), nameZh: Type.String(), nameEn: Type.String(), leadDepartment: Type.String(), stageLimits: Json, items: Type.Array(Type.Object({ code: Type.String(), nameZh: Type.String(), department: Type.String(), promised: Json, immediate: Type.Boolean(), parallelTrack: Type.Boolean() })) })) }), ...PROBLEMS },
    },
  }, async () => ({
    version: catalog.catalog.version,
    stages: catalog.catalog.stages.map((s) => ({ no: s.no, nameZh: s.nameZh, nameEn: s.nameEn, leadDepartment: s.leadDepartment, stageLimits: s.stageLimits, items: s.items.map((i) => ({ code: i.code, nameZh: i.nameZh, department: i.department, promised: i.promised, immediate: i.immediate, parallelTrack: i.parallelTrack })) })),
  }));

  app.get('/api/v1/catalog/items/:code', {
    config: { public: true },
    schema: {
      tags: ['catalog'], summary: 'One item: department, limits, allowed special procedures, materials, result', params: Type.Object({ code: Type.String({ pattern: '^[A-Z0-9-]{3,32}$' }) }),
      response: { 200: Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), department: Type.String(), kind: Type.String(), promised: Json, statutory: Json, immediate: Type.Boolean(), parallelTrack: Type.Boolean(), specialProcedures: Json, materials: Json, result: Json, stage: Type.Integer() }), ...PROBLEMS },
    },
  }, async (request) => {
    if (!catalog.hasItem(request.params.code)) throw new DomainError('CATALOG_ITEM_NOT_FOUND', `事项 ${request.params.code} 不在目录中`, { field: 'params.code' });
    return { ...itemView(catalog.item(request.params.code)), stage: catalog.stageOf(request.params.code).no };
  });

  app.get('/api/v1/processes', {
    schema: {
      tags: ['processes'], summary: 'Deployed process versions (newest first)', security: BEARER,
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ key: Type.String(), bpmnProcessId: Type.String(), version: Type.Integer(), checksum: Type.String() })) }), ...PROBLEMS },
    },
  }, async (request) => {
    const actor = actorOf(request);
    // developers, supervisors and department staff; not applicants, not the platform admins
    const staff = actor.roles.some((r) => r === 'WINDOW' || r === 'REVIEWER' || r === 'DEPT_HEAD' || r === 'SUPERVISOR');
    if (!hasAction(actor, 'process.deploy') && !staff) throw new DomainError('FORBIDDEN', '无权查看流程版本', { field: 'authorization' });
    return { items: await listProcessVersions(database.db) };
  });

  app.post('/api/v1/deployments', {
    bodyLimit: 4 * 1024 * 1024,
    schema: {
      tags: ['processes'], summary: 'Deploy BPMN (developers): lint gate for Camunda 8.8, then the engine; all or nothing', security: BEARER,
      body: Type.Object({ resources: Type.Array(Type.Object({ name: Type.String({ pattern: '^[A-Za-z0-9._-]{1,100}\\.bpmn$' }), xml: Type.String({ minLength: 1, maxLength: 2_000_000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ deployed: Type.Array(Type.Object({ bpmnProcessId: Type.String(), version: Type.Integer(), isNew: Type.Boolean() })) }), ...PROBLEMS },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    assertCan(actor, 'process.deploy', { kind: 'platform' });
    const problems = [];
    for (const [i, r] of request.body.resources.entries()) {
      const result = await lintBpmn(r.xml);
      problems.push(...result.problems.filter((p) => p.category === 'error').map((p) => ({ field: `body.resources.${i}${p.elementId ? `#${p.elementId}` : ''}`, message: `${p.rule}: ${p.message}` })));
    }
    if (problems.length) {
      return reply.status(422).type('application/problem+json').send({
        type: 'https://zhuhai-approval.example/problems/deploy-lint-failed', title: 'The diagram does not lint clean for Camunda 8.8; nothing was deployed.',
        status: 422, code: 'DEPLOY_LINT_FAILED', field: problems[0]!.field, errors: problems, instance: request.url,
      });
    }
    const deployed = await engine.deploy(request.body.resources.map((r) => ({ name: r.name, xml: r.xml })));
    request.auditInfo.details = { deployed: deployed.map((d) => `${d.bpmnProcessId}@${d.version}`) };
    return reply.status(201).send({ deployed: deployed.map((d) => ({ bpmnProcessId: d.bpmnProcessId, version: d.version, isNew: d.isNew })) });
  });
};
