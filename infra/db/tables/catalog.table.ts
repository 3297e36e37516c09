/**
 * 审批事项目录 — loaded catalogue versions and the departments they declare. A case pins the version it
 * was accepted under, so a version's document never changes once loaded (see catalog.repo.ts).
 */
import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Catalog } from '../../../domain/catalog/catalog.types.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One catalogue version: the whole document and the sha256 of its canonical JSON. */
export const catalogVersion = pgTable('catalog_version', {
  version: text('version').primaryKey(),
  document: jsonb('document').$type<Catalog>().notNull(),
  checksum: text('checksum').notNull(),
  loadedAt: ts('loaded_at').notNull().defaultNow(),
});

/** 审批部门, as declared by the catalogue version loaded last that names it. */
export const department = pgTable(
  'department',
  {
    code: text('code').primaryKey(),
    nameZh: text('name_zh').notNull(),
    regionCode: text('region_code').notNull(),
    catalogVersion: text('catalog_version')
      .notNull()
      .references(() => catalogVersion.version),
  },
  (t) => [check('department_region_code', sql`${t.regionCode} ~ '^[0-9]{6}$'`)],
);
