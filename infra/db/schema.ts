/**
 * Every table of the system, re-exported for drizzle (queries, relations). The embedded engine keeps
 * its own tables (engine/store/tables.ts); they live in this database and its migrations.
 */
export * from '../../engine/store/tables.ts';
export * from './tables/engine-command-outbox.table.ts';
export * from './tables/calendar.table.ts';
export * from './tables/clock.table.ts';
export * from './tables/demo-clock.table.ts';
export * from './tables/case.table.ts';
export * from './tables/outbox.table.ts';
export * from './tables/catalog.table.ts';
export * from './tables/account.table.ts';
export * from './tables/audit.table.ts';
export * from './tables/supervision.table.ts';
export * from './tables/idempotency.table.ts';
