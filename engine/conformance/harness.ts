/**
 * The conformance harness: every scenario is written against the engine's API (the shapes of Camunda
 * 8's own), plus two test-only levers (move time, fire due timers) that a Camunda 8 cluster offers through its clock API.
 * Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterAll, beforeAll } from 'vitest';
import type { ActivatedJob, EngineApi, ProcessInstanceInfo, Variables } from '../api.ts';
import type { TimerScheduler } from '../runtime/scheduler.ts';
import { describeEachDatabase } from '../../test/db.ts';
import { buildEngine, ManualClock } from '../../test/engine-driver.ts';
import { diagram } from '../../test/bpmn-diagram.ts';

export interface EngineContext {
  engine: EngineApi;
  clock: ManualClock;
  /** Deploys a process body (wrapped by test/bpmn-diagram.ts) and returns the XML deployed. */
  deploy(body: string): Promise<string>;
  start(bpmnProcessId: string, variables?: Variables): Promise<string>;
  /** Activates the jobs of a type and completes each with the handler's variables. */
  work(type: string, handler?: (job: ActivatedJob) => Variables, max?: number): Promise<ActivatedJob[]>;
  activate(type: string, max?: number): Promise<ActivatedJob[]>;
  /** Moves time forward and fires every timer due by then. */
  advance(ms: number): Promise<void>;
  instance(key: string): Promise<ProcessInstanceInfo>;
  active(key: string): Promise<string[]>;
}

export function describeEngine(name: string, body: (ctx: () => EngineContext) => void): void {
  describeEachDatabase(name, (getDb) => {
    let ctx: EngineContext | undefined;
    let scheduler: TimerScheduler;
    beforeAll(() => {
      const clock = new ManualClock(new Date('2026-06-01T01:00:00Z'));
      const built = buildEngine(getDb(), clock);
      scheduler = built.scheduler;
      const engine = built.engine;
      const activate = (type: string, max = 100) =>
        engine.activateJobs({ type, worker: 'conformance', maxJobsToActivate: max, timeout: 60_000 });
      ctx = {
        engine,
        clock,
        async deploy(bodyXml) {
          const xml = await diagram(bodyXml);
          await engine.deploy([{ name: 'test.bpmn', xml }]);
          return xml;
        },
        async start(bpmnProcessId, variables = {}) {
          return (await engine.createInstance({ bpmnProcessId, variables })).processInstanceKey;
        },
        activate,
        async work(type, handler = () => ({}), max = 100) {
          const jobs = await activate(type, max);
          for (const job of jobs) await engine.completeJob(job.key, handler(job));
          return jobs;
        },
        async advance(ms) {
          clock.advance(ms);
          await scheduler.tick();
        },
        async instance(key) {
          const info = await engine.getProcessInstance(key);
          if (!info) throw new Error(`no instance ${key}`);
          return info;
        },
        async active(key) {
          return (await engine.getProcessInstance(key))!.activeElementIds.sort();
        },
      };
    });
    afterAll(async () => {
      await ctx?.engine.close();
    });
    body(() => ctx!);
  });
}
