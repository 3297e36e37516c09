/**
 * What workers need: the use cases they call, one per job type, built once by the composition root
 * (system.ts, app/process-steps.ts). Workers never touch the engine: they return an outcome that
 * infra/engine maps.
 */
import type { ProcessSteps } from '../app/process-steps.ts';

export type WorkerDeps = ProcessSteps;

export type { JobWorkerDefinition } from './define-worker.ts';
