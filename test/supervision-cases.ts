/**
 * Cases for the supervision tests, written straight into the tables: a project, its stage-3
 * application and one item case of 住建局 (ZH-S3-03), and case events appended to it at given times.
 */
import type { Database } from '../infra/db/client.ts';
import { appendCaseEvent } from '../infra/db/case.repo.ts';
import { itemCase, project, stageApplication } from '../infra/db/schema.ts';
import type { CaseEventType } from '../domain/case/case-event.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';

export const REVIEWER = { userId: 'rev1', role: 'REVIEWER', departmentCode: 'ZH_ZJJ' };

export function supervisionCases(get: () => Database, t0: Date) {
  return {
    /** Project P-<id>, application A-<id>, case C-<id> in `regionCode`. */
    async seed(id: string, regionCode = '440402', catalogVersion = ZHUHAI_CATALOG.version) {
      const { db } = get();
      await db.insert(project).values({
        code: `P-${id}`,
        name: '项目',
        ownerName: '建设单位',
        ownerUscc: '91440400MA0000000X',
        regionCode,
        flowType: 'SOCIAL_INVEST',
        createdAt: t0,
      });
      await db.insert(stageApplication).values({
        id: `A-${id}`,
        projectCode: `P-${id}`,
        stageNo: 3,
        channel: 'window',
        state: 'SUBMITTED',
        catalogVersion,
        regionCode,
        leadDepartment: 'ZH_ZJJ',
        submittedAt: t0,
      });
      await db.insert(itemCase).values({
        id: `C-${id}`,
        applicationId: `A-${id}`,
        projectCode: `P-${id}`,
        itemCode: 'ZH-S3-03',
        department: 'ZH_ZJJ',
        regionCode,
        stageNo: 3,
        state: 'PENDING',
      });
    },
    append: (id: string, type: CaseEventType, at: Date, payload: Record<string, unknown> = {}) =>
      appendCaseEvent(
        get().db,
        { aggregateId: `C-${id}`, aggregate: 'CASE', type, actor: REVIEWER, businessTime: at, payload },
        at,
      ),
  };
}
