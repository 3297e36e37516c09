/**
 * One stage of the demo: apply online, the window's check (and the one-time supplement notice when a
 * material is missing), the department reviews (a special procedure; a slow department going yellow and
 * red), the joint review, the decisions, the results and their delivery.
 */
import { advance, api, BASE, task, until, type Json } from './client.ts';
import { chinaTime, say, step } from './output.ts';
import type { StagePlan } from './plan.ts';

const PDF = Buffer.from('%PDF-1.7\n% demo material\n%%EOF\n').toString('base64');

async function materialsOf(items: string[], omit: string[] = []): Promise<Json[]> {
  const ids = new Set<string>();
  for (const code of items)
    for (const m of (await api(null, 'GET', `/api/v1/catalog/items/${code}`)).materials as Json[]) ids.add(m.id);
  return [...ids]
    .filter((id) => !omit.includes(id))
    .map((materialId) => ({ materialId, source: 'upload', fileName: `${materialId}.pdf`, contentBase64: PDF }));
}

export async function runStage(projectCode: string, plan: StagePlan): Promise<string[]> {
  const stages = (await api(null, 'GET', '/api/v1/catalog/stages')).stages as Json[];
  say(`\n■ 第${plan.stage}阶段 ${stages.find((s) => s.no === plan.stage)?.nameZh ?? ''}`);
  const itemCodes = plan.items.map((i) => i.code);
  let materials = await materialsOf(itemCodes);
  const omitted = plan.omit?.includes('__LAST__') ? [materials.at(-1)!.materialId as string] : [];
  materials = materials.filter((m) => !omitted.includes(m.materialId));
  const created = await api('applicant', 'POST', '/api/v1/applications', {
    projectCode,
    stage: plan.stage,
    items: itemCodes,
    channel: 'online',
    materials,
  });
  const applicationId = created.applicationId as string;
  const caseIds = created.caseIds as string[];
  step(`网上申报 ${applicationId}: ${itemCodes.join('、')}${omitted.length ? `(缺 ${omitted.join('、')})` : ''}`);

  let check = await until('the window check', () =>
    api('window', 'POST', `/api/v1/applications/${applicationId}/initial-check`, { materialChecks: [] }),
  );
  if (check.outcome === 'SUPPLEMENT_NOTICE') {
    step(
      `综合窗口一次性告知补正: ${(check.missing as Json[]).map((m) => `${m.materialId} ${m.nameZh ?? ''}`).join('、')}(不计时)`,
    );
    await advance(24);
    await api('applicant', 'POST', `/api/v1/applications/${applicationId}/supplements`, {
      materials: omitted.map((materialId) => ({
        materialId,
        source: 'upload',
        fileName: `${materialId}.pdf`,
        contentBase64: PDF,
      })),
    });
    step('申请人补齐材料');
    check = await until('the window check after the supplement', () =>
      api('window', 'POST', `/api/v1/applications/${applicationId}/initial-check`, { materialChecks: [] }),
    );
  }
  step(`正式收件回执,开始计时: ${(check.caseNumbers as string[]).join('、')}`);

  for (const [i, item] of plan.items.entries()) {
    const caseId = caseIds[i]!;
    if (plan.special?.item === item.code) {
      await task(item.reviewer, 'Task_Review', { caseId });
      await api(item.reviewer, 'POST', `/api/v1/cases/${caseId}/special-procedures`, {
        type: plan.special.type,
        reason: '需现场踏勘核实',
      });
      const sp = await until(
        'the special procedure',
        async () => ((await api(item.reviewer, 'GET', `/api/v1/cases/${caseId}`)).specialProcedures as Json[])[0],
      );
      step(`${item.code} 启动特别程序 ${sp.type}(时限 ${sp.limitDays} 个工作日,行政时钟暂停)`);
      await advance(2 * 24);
      await until('finish the special procedure', () =>
        api(item.reviewer, 'POST', `/api/v1/special-procedures/${sp.id}/finish`, {
          result: 'PASS',
          note: '现场核实通过',
        }),
      );
      step(`${item.code} 特别程序结束(通过),行政时钟恢复`);
    }
    if (plan.slow === item.code) {
      await task(item.reviewer, 'Task_Review', { caseId });
      step(`${item.code} 部门迟迟未办理 —— 时间前移,逐日推进`);
      for (let day = 0; day < 6; day++) {
        await advance(24);
        const c = await api('supervisor', 'GET', `/api/v1/cases/${caseId}`);
        const admin = (c.clocks as Json[]).find((k) => k.kind === 'ADMIN');
        step(
          `  ${chinaTime(String((await fetch(`${BASE}/health`).then((r) => r.json() as Promise<Json>)).time))} 剩余 ${admin?.remainingDays} 个工作日 · 灯 ${admin?.light}`,
        );
        if (admin?.light === 'RED') break;
      }
    }
    const review = await task(item.reviewer, 'Task_Review', { caseId });
    await api(item.reviewer, 'POST', `/api/v1/tasks/${review.id}/claim`);
    await api(item.reviewer, 'POST', `/api/v1/tasks/${review.id}/complete`, {
      action: 'OPINION',
      opinion: `${item.code} 审查通过`,
    });
    step(`${item.code} ${item.reviewer} 出具审查意见`);
  }
  const joint = await task(plan.lead, 'Task_JointReview', { applicationId });
  await api(plan.lead, 'POST', `/api/v1/tasks/${joint.id}/complete`, { conclusion: '联合会审通过' });
  step(`牵头单位 ${plan.lead} 组织会审`);
  await advance(1);
  for (const [i, item] of plan.items.entries()) {
    const decide = await task(item.head, 'Task_Decide', { caseId: caseIds[i]! });
    await api(item.head, 'POST', `/api/v1/tasks/${decide.id}/complete`, { decision: 'APPROVED' });
    step(`${item.code} ${item.head} 作出准予许可决定`);
  }
  for (const caseId of caseIds) {
    const c = await until(`result of ${caseId}`, async () => {
      const v = await api('applicant', 'GET', `/api/v1/cases/${caseId}`);
      return v.state === 'RESULT_ISSUED' ? v : undefined;
    });
    const r = (c.results as Json[])[0];
    step(
      `${c.itemCode} 出件: ${r?.title ?? ''} ${r?.certificateId ? `电子证照 ${r.certificateId}` : (r?.docNumber ?? '')}`,
    );
    await api('window', 'POST', `/api/v1/cases/${caseId}/delivery`, { method: 'pickup', recipient: '张经办' });
  }
  return caseIds;
}
