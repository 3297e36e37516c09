import { beforeEach, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/db.ts';
import { actor, appFixture } from '../../test/app-fixture.ts';
import { queryRows } from '../../infra/db/client.ts';
import { createRegisterProject } from './register-project.ts';
import { createSubmitApplication } from './submit-application.ts';

describeEachDatabase('submit a stage application (use case)', (get) => {
  let f: Awaited<ReturnType<typeof appFixture>>;
  let n = 0;
  const owner = actor(['APPLICANT'], { userId: 'u-owner', departmentCode: 'APPLICANT', orgUscc: '91440400MA4W000001' });
  const stranger = actor(['APPLICANT'], {
    userId: 'u-stranger',
    departmentCode: 'APPLICANT',
    orgUscc: '91440400MA4W000002',
  });
  const window = actor(['WINDOW'], { userId: 'u-window', departmentCode: 'ZH_ZWFWJ' });
  const count = async (table: string, where = 'true') =>
    Number(
      (await queryRows<{ n: string }>(get().db, sql.raw(`select count(*) as n from ${table} where ${where}`)))[0]!.n,
    );

  beforeEach(async () => {
    f = await appFixture(get());
    n += 1;
  });
  const register = async () => {
    const code = `2606-440402-04-01-${String(700000 + n)}`;
    await createRegisterProject({
      store: f.store,
      clock: f.clock,
      projectCodes: { verify: async () => ({ valid: true }) },
    })(owner, {
      code,
      name: '用例测试项目',
      ownerName: '珠海某建设有限公司',
      ownerUscc: '91440400MA4W000001',
      regionCode: '440402',
      flowType: 'SOCIAL_INVEST',
    });
    return code;
  };
  const submit = () =>
    createSubmitApplication({ store: f.store, catalog: f.catalog, catalogVersion: f.catalogVersion, clock: f.clock });

  it('records the application, its cases and SUBMITTED, and starts its process in the same unit of work', async () => {
    // given a registered project
    const code = await register();
    const before = f.committed.length;
    // when its owner applies online for two items of stage 3
    const done = await submit()(owner, {
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-03', 'ZH-S3-04'],
      materials: [],
      channel: 'online',
    });
    // then the application, both item cases and its first event are stored, recorded as the owner
    expect(done.caseIds).toEqual([`${done.applicationId}-01`, `${done.applicationId}-02`]);
    expect(await count('stage_application', `id = '${done.applicationId}' and state = 'SUBMITTED'`)).toBe(1);
    expect(await count('item_case', `application_id = '${done.applicationId}'`)).toBe(2);
    const events = await f.store.read.cases.events(done.applicationId);
    expect(events.map((e) => [e.type, e.actor.userId])).toEqual([['SUBMITTED', 'u-owner']]);
    // and the stage process and the project's message were committed with it
    const commands = f.committed.slice(before);
    expect(commands.map((c) => c.kind)).toEqual(['createInstance', 'publishMessage']);
    expect(commands[0]!.request).toMatchObject({
      bpmnProcessId: 'stage-application',
      businessKey: `application:${done.applicationId}`,
    });
    expect((await f.store.read.cases.application(done.applicationId))!.processInstanceKey).toBe(
      done.processInstanceKey,
    );
  });

  it('refuses what the actor may not do, and a second open application of the same items, writing nothing', async () => {
    // given a project with an open application for ZH-S3-03
    const code = await register();
    await submit()(owner, { projectCode: code, stage: 3, items: ['ZH-S3-03'], materials: [], channel: 'online' });
    const apps = await count('stage_application', `project_code = '${code}'`);
    const commands = f.committed.length;
    const input = { projectCode: code, stage: 3, items: ['ZH-S3-03'], materials: [], channel: 'online' as const };
    // then another organisation does not see the project, the window may not apply online, the owner may not apply twice
    await expect(submit()(stranger, input)).rejects.toMatchObject({
      code: 'PROJECT_NOT_FOUND',
      details: { field: 'body.projectCode' },
    });
    await expect(submit()(window, input)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { field: 'body.channel' },
    });
    await expect(submit()(owner, input)).rejects.toMatchObject({
      code: 'APPLICATION_EXISTS',
      details: { field: 'body.items' },
    });
    await expect(submit()(owner, { ...input, items: ['ZH-S1-01'] })).rejects.toMatchObject({
      code: 'ITEM_NOT_IN_STAGE',
      details: { field: 'body.items' },
    });
    await expect(submit()(owner, { ...input, items: ['ZH-NOPE'] })).rejects.toMatchObject({
      code: 'CATALOG_ITEM_NOT_FOUND',
      details: { field: 'body.items' },
    });
    expect(await count('stage_application', `project_code = '${code}'`)).toBe(apps);
    expect(f.committed.length).toBe(commands);
  });

  it('rolls back the application when the engine refuses its process', async () => {
    // given an engine that fails to create the instance
    const code = await register();
    const failing = {
      ...f.store,
      transaction: <T>(fn: Parameters<typeof f.store.transaction<T>>[0]) =>
        f.store.transaction((uow) =>
          fn({ ...uow, engine: { ...uow.engine, createInstance: () => Promise.reject(new Error('engine down')) } }),
        ),
    };
    // when the owner applies
    const attempt = createSubmitApplication({
      store: failing,
      catalog: f.catalog,
      catalogVersion: f.catalogVersion,
      clock: f.clock,
    })(owner, { projectCode: code, stage: 3, items: ['ZH-S3-03'], materials: [], channel: 'online' });
    // then the failure reaches the caller and nothing of the application remains
    await expect(attempt).rejects.toThrow('engine down');
    expect(await count('stage_application', `project_code = '${code}'`)).toBe(0);
    expect(await count('item_case', `project_code = '${code}'`)).toBe(0);
  });

  it('decodes, types and hashes an uploaded file; refuses a file that is not a document, naming it', async () => {
    const code = await register();
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    // when the owner uploads a PDF and, in another attempt, an executable
    const done = await submit()(owner, {
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-04'],
      channel: 'online',
      materials: [{ materialId: 'M110', source: 'upload', contentBase64: pdf.toString('base64') }],
    });
    const bad = submit()(owner, {
      projectCode: code,
      stage: 3,
      items: ['ZH-S3-03'],
      channel: 'online',
      materials: [
        { materialId: 'M100', source: 'upload', contentBase64: Buffer.from('MZ\x90\x00').toString('base64') },
      ],
    }).then(
      () => null,
      (err: unknown) => err,
    );
    // then the PDF is recorded by its SHA-256 and size, and the executable refused at its field
    const [material] = await f.store.read.cases.materialsOfApplication(done.applicationId);
    expect(material).toMatchObject({ materialId: 'M110', source: 'upload', size: pdf.length });
    expect(material!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await bad).toMatchObject({
      code: 'MATERIAL_FILE_TYPE',
      details: { field: 'body.materials.0.contentBase64' },
    });
  });
});
