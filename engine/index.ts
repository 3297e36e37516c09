/**
 * The embedded engine's public surface: a Node engine that runs Camunda 8 (Zeebe) diagrams over rows
 * in PostgreSQL or PGlite. Hosts import from here; the tables (store/tables.ts) also go into the host's
 * drizzle schema and migrations. See README.md.
 */
export { EmbeddedEngine, type EmbeddedEngineOptions } from './embedded-engine.ts';
export { TimerScheduler, type SchedulerState, type TimerSource } from './runtime/scheduler.ts';
export type { JobLogBindings } from './runtime/job-worker.ts';
export type * from './api.ts';
export { EngineError, NonRetryableError, type EngineErrorCode, type EngineErrorDetails } from './errors.ts';
export { systemClock, type EngineClock } from './clock.ts';
export { silentLogger, type EngineLogger, type LogFn } from './logger.ts';
export type { EngineDatabase, EngineDb, EngineSchema, EngineTx } from './store/database.ts';
export * from './store/tables.ts';
