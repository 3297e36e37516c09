/** Raw bpmn-engine (in memory, no persistence) running the reference diagram: the engine benchmark's baseline. */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { Engine } from 'bpmn-engine';
import { BpmnModdle } from 'bpmn-moddle';
import { collect, inFlight, summarise, type RunResult } from './run-stats.ts';

const require = createRequire(import.meta.url);
const zeebeModdle = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

/** A service task that waits and completes on the next turn of the event loop, like a job completed by a worker. */
function AsyncService() {
  /* stateless */
}
AsyncService.prototype.execute = function execute(
  _message: unknown,
  callback: (err: Error | null, output?: unknown) => void,
) {
  setImmediate(callback, null, { done: true });
};
const rawExtensions = {
  bench(activity: { type: string; behaviour: Record<string, unknown> }) {
    if (activity.type === 'bpmn:ServiceTask') activity.behaviour.Service = AsyncService;
  },
};

/** The XML is parsed once (as a tuned user of raw bpmn-engine would); each instance is its own Engine. */
async function rawContext(xml: string) {
  return new BpmnModdle({ zeebe: zeebeModdle }).fromXML(xml);
}

function rawInstance(
  moddleContext: Awaited<ReturnType<typeof rawContext>>,
  i: number,
  completeUserTask: boolean,
): { done: Promise<number>; waiting: Promise<void>; engine: InstanceType<typeof Engine> } {
  const started = performance.now();
  const engine = new Engine({ name: `raw-${i}`, moddleContext, extensions: rawExtensions as never });
  const listener = new EventEmitter();
  let waited!: () => void;
  const waiting = new Promise<void>((r) => {
    waited = r;
  });
  listener.on('wait', (api: { type: string; signal(output?: unknown): void }) => {
    if (api.type !== 'bpmn:UserTask') return;
    waited();
    if (completeUserTask) setImmediate(() => api.signal({ approved: true }));
  });
  const done = new Promise<number>((resolve, reject) => {
    engine.once('end', () => resolve(performance.now() - started));
    engine.once('error', reject);
  });
  engine.execute({ listener, variables: { n: i } }).catch(() => {
    /* reported through 'error' */
  });
  return { done, waiting, engine };
}

/** The same reference diagram on raw bpmn-engine, in memory: the baseline the embedded engine is compared with. */
export async function benchRaw(options: {
  xml: string;
  instances: number;
  concurrency: number;
  warmup: number;
  waiting: number;
}): Promise<{ run: RunResult; waitingHeapPerInstanceKb?: number }> {
  const { instances: INSTANCES, concurrency: CONCURRENCY, warmup: WARMUP, waiting: RAW_WAITING } = options;
  const context = await rawContext(options.xml);
  await inFlight(WARMUP, CONCURRENCY, (i) => rawInstance(context, i, true).done);
  const { latencies, seconds } = await inFlight(INSTANCES, CONCURRENCY, (i) => rawInstance(context, i, true).done);
  const run = summarise(latencies, seconds);
  if (!RAW_WAITING) return { run };
  const before = collect();
  const held = [];
  for (let i = 0; i < RAW_WAITING; i++) {
    const instance = rawInstance(context, i, false);
    await instance.waiting;
    held.push(instance.engine);
  }
  const after = collect();
  const waitingHeapPerInstanceKb = (after.heapUsed - before.heapUsed) / 1024 / RAW_WAITING;
  for (const engine of held) await engine.stop();
  return { run, waitingHeapPerInstanceKb };
}
