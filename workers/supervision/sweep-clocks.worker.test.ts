import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import { CONTACTS, workerFixture } from '../../test/worker-fixture.ts';
import { JOB_TYPES } from '../../domain/process-contract.ts';
import { createSweepClocksWorker } from './sweep-clocks.worker.ts';

const TYPE = JOB_TYPES.sweepClocks;
const DAY = 86_400_000;

// one database for the whole file: the sweep reads every running clock, so the tests build on each other
describeEachDatabase('approval.sweep-clocks worker', (get) => {
  const f = workerFixture(get);
  const worker = () => createSweepClocksWorker(f.steps);
  const warnings = () =>
    f.sms.filter(
      (m) => m.templateId === 'YELLOW_WARNING' || m.templateId === 'RED_WARNING' || m.templateId === 'ESCALATION',
    );

  it('sends nothing while every clock is green', async () => {
    // given a 3-working-day case received on Monday 2026-06-01 09:00
    await f.received({ items: ['ZH-S3-04'] });
    // when the sweep runs the same day
    const outcome = await worker().handler(f.job(TYPE, {}));
    // then nothing fired, and no clock waits on a missing calendar year
    expect(outcome).toEqual({ outcome: 'complete', variables: { fired: 0 } });
    expect(f.pendingClocks.at(-1)).toEqual({ count: 0, at: f.clock.now() });
  });

  it('warns the handler and the head of an overdue case once per rung, and reads no variable', async () => {
    // given the case past its deadline (Thursday 2026-06-04)
    f.clock.advance(4 * DAY);
    // when the sweep runs (its job carries whatever the diagram has; the worker reads none of it)
    const outcome = await worker().handler(f.job(TYPE, { anything: 'ignored' }));
    // then the yellow and red rungs fired to the handler and head
    expect(outcome).toEqual({ outcome: 'complete', variables: { fired: 2 } });
    expect(warnings().map((m) => [m.templateId, m.phones])).toEqual([
      ['YELLOW_WARNING', [CONTACTS.HANDLER, CONTACTS.DEPT_HEAD]],
      ['RED_WARNING', [CONTACTS.HANDLER, CONTACTS.DEPT_HEAD]],
    ]);
  });

  it('fires nothing twice when the sweep runs again', async () => {
    // given the rungs fired
    const before = warnings().length;
    // when the sweep job is delivered again
    const outcome = await worker().handler(f.job(TYPE, {}));
    // then nothing more fired
    expect(outcome).toEqual({ outcome: 'complete', variables: { fired: 0 } });
    expect(warnings()).toHaveLength(before);
  });

  it('rolls a claim back when its text cannot go out, and sends it on the next sweep', async () => {
    // given the escalation rung due three working days after red, and the gateway down
    f.clock.advance(5 * DAY);
    f.smsGateway.failing = true;
    // when the sweep runs, then again once the gateway is back
    await expect(worker().handler(f.job(TYPE, {}))).rejects.toThrow('sms gateway down');
    f.smsGateway.failing = false;
    const outcome = await worker().handler(f.job(TYPE, {}));
    // then the escalation went out once, to the lead department and the supervisors
    expect(outcome).toEqual({ outcome: 'complete', variables: { fired: 1 } });
    expect(
      warnings()
        .filter((m) => m.templateId === 'ESCALATION')
        .map((m) => m.phones),
    ).toEqual([[CONTACTS.LEAD_DEPT, CONTACTS.SUPERVISOR]]);
    // asked of the stage's lead department (stage 3: 市住建局) and of the supervisors of the city and the case's district
    const asked = f.contactsAsked.filter((a) => a.audience === 'LEAD_DEPT' || a.audience === 'SUPERVISOR').at(-1)!;
    expect(f.contactsAsked.filter((a) => a.audience === 'LEAD_DEPT').at(-1)).toMatchObject({
      department: f.catalog.stage(3).leadDepartment,
      regionCode: '440402',
    });
    expect(asked).toMatchObject({ audience: 'SUPERVISOR', regionCode: '440402' });
  });

  it('claims a warning that finds nobody on file and says so in the log, not silently', async () => {
    // given a department with nobody on file, and one of its cases past its deadline
    f.nobodyOnFile.add(f.catalog.item('ZH-S3-04').department);
    await f.received({ items: ['ZH-S3-04'] });
    f.clock.advance(4 * 86_400_000);
    const before = warnings().length;
    // when the sweep runs
    await worker().handler(f.job(TYPE, {}));
    // then no text went out for it, and the log names the clock, the rung and the department
    expect(warnings()).toHaveLength(before);
    expect(f.warnings.map((w) => w.message)).toContain(
      'time warning found nobody on file to send to (add accounts with phones, or WARNING_CONTACTS)',
    );
    f.nobodyOnFile.clear();
  });
});
