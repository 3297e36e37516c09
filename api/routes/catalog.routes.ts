/**
 * 事项目录 and process versions — GET /api/v1/catalog/stages, GET /api/v1/catalog/items/{code} (public:
 * the 办事指南 is published), GET /api/v1/processes (deployed versions, staff only) and
 * POST /api/v1/deployments (developers: lint gate for Camunda 8.8, then the engine's own validation;
 * audited by the write hook; nothing deployed when refused): schema in, one catalogue use case
 * (app/catalog) call, schema out.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CatalogUseCases } from '../../app/catalog-use-cases.ts';
import { actorOf } from '../request-context.ts';
import { BEARER, Page, pageOf, PAGING, PROBLEMS, PUBLIC } from './common.schemas.ts';

export interface CatalogRoutesOptions {
  useCases: CatalogUseCases;
}

const Json = Type.Unknown();
const StageItem = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  department: Type.String(),
  promised: Json,
  immediate: Type.Boolean(),
  parallelTrack: Type.Boolean(),
});
const Stage = Type.Object({
  no: Type.Integer(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  leadDepartment: Type.String(),
  stageLimits: Json,
  items: Type.Array(StageItem),
});
const ItemView = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  department: Type.String(),
  kind: Type.String(),
  promised: Json,
  statutory: Json,
  immediate: Type.Boolean(),
  parallelTrack: Type.Boolean(),
  specialProcedures: Json,
  materials: Json,
  result: Json,
  stage: Type.Integer(),
});
const ProcessVersion = Type.Object({
  key: Type.String(),
  bpmnProcessId: Type.String(),
  version: Type.Integer(),
  checksum: Type.String(),
});

export const catalogRoutes: FastifyPluginAsyncTypebox<CatalogRoutesOptions> = async (app, { useCases: u }) => {
  app.get(
    '/api/v1/catalog/stages',
    {
      config: { public: true },
      schema: {
        operationId: 'listStages',
        tags: ['catalog'],
        summary: 'The catalogue: its version and the stages with their lead departments, limits and items',
        security: PUBLIC,
        response: { 200: Type.Object({ version: Type.String(), stages: Type.Array(Stage) }), ...PROBLEMS },
      },
    },
    async () => u.listStages(),
  );

  app.get(
    '/api/v1/catalog/items/:code',
    {
      config: { public: true },
      schema: {
        operationId: 'getCatalogItem',
        tags: ['catalog'],
        summary: 'One item: department, limits, allowed special procedures, materials, result',
        security: PUBLIC,
        params: Type.Object({ code: Type.String({ pattern: '^[A-Z0-9-]{3,32}$' }) }),
        response: { 200: ItemView, ...PROBLEMS },
      },
    },
    async (request) => u.getCatalogItem(request.params.code),
  );

  app.get(
    '/api/v1/processes',
    {
      schema: {
        operationId: 'listProcessVersions',
        tags: ['processes'],
        summary: 'Deployed process versions (newest first per process)',
        security: BEARER,
        querystring: Type.Object({ ...PAGING }, { additionalProperties: false }),
        response: { 200: Page(ProcessVersion), ...PROBLEMS },
      },
    },
    async (request) => u.listProcessVersions(actorOf(request), pageOf(request.query)),
  );

  app.post(
    '/api/v1/deployments',
    {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        operationId: 'deployProcesses',
        tags: ['processes'],
        summary: 'Deploy BPMN (developers): lint gate for Camunda 8.8, then the engine; all or nothing',
        security: BEARER,
        body: Type.Object(
          {
            resources: Type.Array(
              Type.Object(
                {
                  name: Type.String({ pattern: '^[A-Za-z0-9._-]{1,100}\\.bpmn$' }),
                  xml: Type.String({ minLength: 1, maxLength: 2_000_000 }),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 20 },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            deployed: Type.Array(
              Type.Object({ bpmnProcessId: Type.String(), version: Type.Integer(), isNew: Type.Boolean() }),
            ),
          }),
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const done = await u.deployProcesses(actorOf(request), request.body.resources);
      request.auditInfo.details = { deployed: done.deployed.map((d) => `${d.bpmnProcessId}@${d.version}`) };
      return reply.status(201).send(done);
    },
  );
};
