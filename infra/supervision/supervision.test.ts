import { beforeAll, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describeEachDatabase } from '../../test/db.ts';
import { appendCaseEvent } from '../db/case.repo.ts';
import { loadCatalog } from '../db/catalog.repo.ts';
import { anomalyFlag, flagTransition } from '../db/schema.ts';
import { ManualClock } from '../clock.ts';
import { ZHUHAI_CATALOG } from '../../domain/catalog/zhuhai-catalog.data.ts';
import { indexCatalog } from '../../domain/catalog/catalog-index.ts';
import { createCalendars } from '../../domain/calendar/calendars.ts';
import { createDetector } from './detector.ts';
import { listFlags } from './flag.repo.ts';
import { createSupervisionRepository } from './supervision.repo.ts';
import { supervisionCases } from '../../test/supervision-cases.ts';
import { actor } from '../../test/app-fixture.ts';
import { createTransitionAnomaly } from '../../app/supervision/transition-anomaly.ts';

const catalog = indexCatalog(ZHUHAI_CATALOG);
const calendars = createCalendars([]);
const t0 = new Date('2026-11-02T01:00:00Z'); // Monday 09:00 Shanghai
const min = (n: number) => new Date(t0.getTime() + n * 60_000);

describeEachDatabase('electronic supervision', (get) => {
  const clock = new ManualClock(min(0));
  beforeAll(async () => {
    await loadCatalog(get().db, ZHUHAI_CATALOG);
  });

  const { seed, append } = supervisionCases(get, t0);
  const handle = async (id: string, decideAfterMin: number) => {
    await seed(id);
    await append(id, 'ACCEPTED', min(0), { caseNumber: `ZH2026110200${id.padStart(3, '0')}` });
    await append(id, 'REVIEW_STARTED', min(1), { department: 'ZH_ZJJ' });
    await append(id, 'OPINION_RECORDED', min(decideAfterMin - 1), { opinion: '经审查,材料齐全,符合法定条件,同意' });
    await append(id, 'DECIDED', min(decideAfterMin), { decision: 'APPROVED' });
    await append(id, 'RESULT_ISSUED', min(decideAfterMin + 1), {
      title: '施工许可证',
      docNumber: `珠建〔2026〕${id}号`,
      certificateId: `EC-${id}`,
    });
  };
  const detector = () =>
    createDetector({ database: get(), catalog, calendars, clock, logger: pino({ level: 'silent' }) });

  it('flags a case decided 5 minutes after acceptance, once, with evidence and parameters; a 3-hour case raises nothing', async () => {
    // given a case decided after 5 minutes and one after 3 hours
    await handle('1', 5);
    await handle('2', 180);
    clock.set(min(240));
    // when the detector runs twice
    const first = await detector().runOnce();
    const second = await detector().runOnce();
    // then one A1 flag on C-1 only, and the second run saw nothing new
    const flags = await listFlags(get().db, {});
    expect(flags.map((f) => [f.rule, f.caseId, f.key, f.status])).toEqual([['A1', 'C-1', 'case', 'OPEN']]);
    expect(flags[0]).toMatchObject({
      ruleVersion: 1,
      evidenceSeqs: [1, 4],
      params: { min_case_dwell_s: 600 },
      regionCode: '440402',
      department: 'ZH_ZJJ',
      source: 'detector',
    });
    expect(first).toMatchObject({ cases: 2, newFlags: 1 });
    expect(second).toMatchObject({ cases: 0, newFlags: 0 });
    // and the nightly batch over everything records nothing twice
    expect(await detector().runNightly()).toMatchObject({ cases: 2, newFlags: 0 });
  });

  it('moves a flag OPEN → EXPLAINED → CONFIRMED with history; a bare status update and a delete are refused', async () => {
    // given the A1 flag of C-1
    const [flag] = await listFlags(get().db, { caseId: 'C-1' });
    const transition = createTransitionAnomaly({ supervision: createSupervisionRepository(get().db), clock });
    const department = actor(['REVIEWER'], { userId: 'rev1', departmentCode: 'ZH_ZJJ' });
    const supervisor = actor(['SUPERVISOR'], { userId: 'sup1', departmentCode: 'ZH_GGB' });
    // when the department explains and a supervisor confirms
    clock.set(min(300));
    await transition(department, flag!.id, { to: 'EXPLAINED', note: '现场已完成审查,系统补录' });
    clock.set(min(301));
    const confirmed = await transition(supervisor, flag!.id, { to: 'CONFIRMED', note: '确认为秒办件' });
    // then the status and two history rows
    expect(confirmed.status).toBe('CONFIRMED');
    const history = await get().db.select().from(flagTransition).where(eq(flagTransition.flagId, flag!.id));
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actorUserId, h.at])).toEqual([
      ['OPEN', 'EXPLAINED', 'rev1', min(300)],
      ['EXPLAINED', 'CONFIRMED', 'sup1', min(301)],
    ]);
    // and a final flag cannot move, a status without history, a delete or a history edit are refused
    await expect(transition(supervisor, flag!.id, { to: 'DISMISSED', note: '撤回' })).rejects.toMatchObject({
      code: 'FLAG_ILLEGAL_TRANSITION',
    });
    await expect(
      get().db.update(anomalyFlag).set({ status: 'DISMISSED' }).where(eq(anomalyFlag.id, flag!.id)),
    ).rejects.toThrow();
    await expect(
      get().db.update(anomalyFlag).set({ message: 'x' }).where(eq(anomalyFlag.id, flag!.id)),
    ).rejects.toThrow();
    await expect(get().db.delete(anomalyFlag).where(eq(anomalyFlag.id, flag!.id))).rejects.toThrow();
    await expect(get().db.execute(sql`delete from flag_transition`)).rejects.toThrow();
  });

  it("judges a case against the catalogue version it was filed under, not today's", async () => {
    // given an earlier catalogue in which ZH-S3-03 belonged to 自然资源局, and one case filed under each version
    const earlier = structuredClone(ZHUHAI_CATALOG);
    earlier.version = '2025.9';
    const moved = earlier.stages.flatMap((s) => s.items).find((i) => i.code === 'ZH-S3-03')!;
    moved.department = 'ZH_ZRZYJ';
    await loadCatalog(get().db, earlier);
    await seed('old', '440402', '2025.9');
    await seed('new');
    // when 自然资源局 reviews both
    const zrzyj = { userId: 'rev9', role: 'REVIEWER', departmentCode: 'ZH_ZRZYJ' };
    for (const id of ['old', 'new']) {
      await append(id, 'ACCEPTED', min(0), { caseNumber: id === 'old' ? 'ZH2026110200901' : 'ZH2026110200902' });
      await appendCaseEvent(
        get().db,
        {
          aggregateId: `C-${id}`,
          aggregate: 'CASE',
          type: 'REVIEW_STARTED',
          actor: zrzyj,
          businessTime: min(30),
          payload: { department: 'ZH_ZRZYJ' },
        },
        min(30),
      );
    }
    clock.set(min(600));
    await detector().runOnce();
    // then only the case filed under today's catalogue (where 住建局 implements the item) deviates (P1)
    expect((await listFlags(get().db, { caseId: 'C-old' })).map((f) => f.rule)).not.toContain('P1');
    expect((await listFlags(get().db, { caseId: 'C-new' })).map((f) => f.rule)).toContain('P1');
  });
});
