/** Every table of the system, re-exported for drizzle (queries, relations) and drizzle-kit. */
export * from './tables/engine.table.ts';
