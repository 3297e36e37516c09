import { afterEach, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { engineJob, engineOwner } from '../store/tables.ts';
import type { EmbeddedEngine } from '../embedded-engine.ts';
import { describeEachDatabase } from '../../test/db.ts';
import { buildEngine, ManualClock, waitFor } from '../../test/engine-driver.ts';
import { chain, diagram, process, serviceTask } from '../../test/bpmn-diagram.ts';

const LEASE = 300_000;
const oneJob = (id: string, type: string) =>
  process(
    id,
    `<bpmn:startEvent id="Start" />${serviceTask('Task_Work', type).replace('<zeebe:taskDefinition type', '<zeebe:taskDefinition retries="4" type')}<bpmn:endEvent id="End" />${chain('Start', 'Task_Work', 'End')}`,
  );

describeEachDatabase('lease owners', (getDb, target) => {
  const engines: EmbeddedEngine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
  });
  const engine = (options: { ownerHeartbeatMs?: number; ownerTimeoutMs?: number } = {}) => {
    const built = buildEngine(getDb(), new ManualClock(), options);
    engines.push(built.engine);
    return built.engine;
  };
  const activate = (e: EmbeddedEngine, type: string) =>
    e.activateJobs({ type, worker: 'w', maxJobsToActivate: 10, timeout: LEASE });
  const jobRow = async (key: string) => (await getDb().db.select().from(engineJob).where(eq(engineJob.key, key)))[0];

  /** A job leased by an owner of another process: `beatAgoMs` since its last heartbeat. */
  async function jobOfAnotherProcess(type: string, owner: string, beatAgoMs: number) {
    const first = engine();
    await first.deploy([{ name: `${type}.bpmn`, xml: await diagram(oneJob(type.replace('.', '-'), type)) }]);
    const { processInstanceKey } = await first.createInstance({ bpmnProcessId: type.replace('.', '-') });
    const [job] = await activate(first, type);
    await getDb()
      .db.insert(engineOwner)
      .values({
        id: owner,
        host: 'other-host',
        pid: 4242,
        startedAt: sql`now() - interval '1 hour'`,
        heartbeatAt: sql`now() - (${beatAgoMs}::int * interval '1 millisecond')`,
      });
    await getDb().db.update(engineJob).set({ leaseOwner: owner }).where(eq(engineJob.key, job!.key));
    return { job: job!, processInstanceKey };
  }

  it('gives a job whose owner is gone to the next activation at once: the same job, its retries unchanged', async () => {
    // given a job leased for 5 minutes by an owner that stopped beating a minute ago
    const { job } = await jobOfAnotherProcess('lease.gone', 'owner-gone', 60_000);
    // when an engine starts
    const restarted = engine();
    const again = await activate(restarted, 'lease.gone');
    // then the job is delivered again at once, and the dead owner is forgotten
    expect(again.map((j) => ({ key: j.key, retries: j.retries }))).toEqual([{ key: job.key, retries: 4 }]);
    expect((await jobRow(job.key))!.leaseOwner).toBe(restarted.owner.id);
    expect(await getDb().db.select().from(engineOwner).where(eq(engineOwner.id, 'owner-gone'))).toEqual([]);
  });

  it('accepts a late completion from the dead owner while the job is not completed, as Zeebe does', async () => {
    // given a released job of a dead owner
    const { job, processInstanceKey } = await jobOfAnotherProcess('lease.late', 'owner-late', 60_000);
    const restarted = engine();
    await restarted.owner.ensure();
    expect((await jobRow(job.key))!.state).toBe('ACTIVATABLE');
    // when the dead owner's completion arrives late
    await restarted.completeJob(job.key, { late: true });
    // then it completes the job, and a second completion of the same key is refused
    expect((await restarted.getProcessInstance(processInstanceKey))!.state).toBe('COMPLETED');
    await expect(restarted.completeJob(job.key, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await activate(restarted, 'lease.late')).toEqual([]);
  });

  it('leaves the jobs of another engine of this process alone', async () => {
    // given an engine of this process holding a job
    const first = engine();
    await first.deploy([{ name: 'lease-local.bpmn', xml: await diagram(oneJob('lease-local', 'lease.local')) }]);
    await first.createInstance({ bpmnProcessId: 'lease-local' });
    const [job] = await activate(first, 'lease.local');
    // when a second engine starts on the same database
    const second = engine();
    // then the job stays leased to the first
    expect(await activate(second, 'lease.local')).toEqual([]);
    expect((await jobRow(job!.key))!).toMatchObject({ state: 'ACTIVATED', leaseOwner: first.owner.id });
  });

  it('on close, releases what it still holds and forgets its owner', async () => {
    // given an engine holding a job activated through the API
    const first = engine();
    await first.deploy([{ name: 'lease-close.bpmn', xml: await diagram(oneJob('lease-close', 'lease.close')) }]);
    await first.createInstance({ bpmnProcessId: 'lease-close' });
    const [job] = await activate(first, 'lease.close');
    // when it closes
    await first.close();
    // then the job is activatable and the owner is gone
    expect((await jobRow(job!.key))!).toMatchObject({
      state: 'ACTIVATABLE',
      leaseOwner: null,
      deadline: null,
      retries: 4,
    });
    expect(await getDb().db.select().from(engineOwner).where(eq(engineOwner.id, first.owner.id))).toEqual([]);
  });

  if (target === 'pglite') {
    it('on PGlite, every owner of another process is dead at start, even one that beat a moment ago', async () => {
      // given a job of an owner that beat just now (PGlite: only one process can own the database)
      const { job } = await jobOfAnotherProcess('lease.single', 'owner-fresh', 0);
      // when an engine starts
      const again = await activate(engine(), 'lease.single');
      // then the job is delivered again at once
      expect(again.map((j) => j.key)).toEqual([job.key]);
    });
  } else {
    it('on PostgreSQL, keeps the jobs of a process that beats, and releases them from a live process once its beat is older than the timeout', async () => {
      // given a job of another server process that beat just now, and a running engine beating every 100 ms
      const { job } = await jobOfAnotherProcess('lease.shared', 'owner-beating', 0);
      const live = engine({ ownerHeartbeatMs: 100, ownerTimeoutMs: 1000 });
      // then the running engine does not take the other process's job
      expect(await activate(live, 'lease.shared')).toEqual([]);
      expect((await jobRow(job.key))!.state).toBe('ACTIVATED');
      // when the other process stops beating (killed) past the timeout
      await getDb()
        .db.update(engineOwner)
        .set({ heartbeatAt: sql`now() - interval '1 minute'` })
        .where(eq(engineOwner.id, 'owner-beating'));
      // then the running engine releases its job on a heartbeat, without a restart
      await waitFor(async () => (await jobRow(job.key))!.state === 'ACTIVATABLE', { what: 'the job to be released' });
      expect((await activate(live, 'lease.shared')).map((j) => ({ key: j.key, retries: j.retries }))).toEqual([
        { key: job.key, retries: 4 },
      ]);
    });
  }
});
