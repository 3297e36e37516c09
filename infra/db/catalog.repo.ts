/**
 * 审批事项目录 — loading catalogue versions into the database and reading them back. A version is
 * immutable: loading it again with the same content is a no-op, with other content a
 * CATALOG_VERSION_CONFLICT (publish a new version instead). Departments are upserted on load.
 */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { DomainError } from '../../domain/errors.ts';
import type { Catalog } from '../../domain/catalog/catalog.types.ts';
import { assertValidCatalog } from '../../domain/catalog/validate-catalog.ts';
import type { DbOrTx } from './client.ts';
import { catalogVersion, department } from './tables/catalog.table.ts';

export interface LoadCatalogResult {
  version: string;
  checksum: string;
  /** `LOADED` the first time, `UNCHANGED` when the same version and content were already there. */
  status: 'LOADED' | 'UNCHANGED';
}

/** JSON with object keys sorted, so the checksum does not depend on key order (jsonb reorders keys). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function catalogChecksum(catalog: Catalog): string {
  return createHash('sha256').update(canonicalJson(catalog)).digest('hex');
}

/** Validates `catalog`, stores its version once and upserts its departments. */
export async function loadCatalog(db: DbOrTx, catalog: Catalog): Promise<LoadCatalogResult> {
  assertValidCatalog(catalog);
  const checksum = catalogChecksum(catalog);
  const document = JSON.parse(canonicalJson(catalog)) as Catalog;
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(catalogVersion)
      .values({ version: catalog.version, document, checksum })
      .onConflictDoNothing({ target: catalogVersion.version })
      .returning({ version: catalogVersion.version });
    if (inserted.length === 0) {
      const [existing] = await tx
        .select({ checksum: catalogVersion.checksum })
        .from(catalogVersion)
        .where(eq(catalogVersion.version, catalog.version));
      if (existing?.checksum === checksum) return { version: catalog.version, checksum, status: 'UNCHANGED' as const };
      throw new DomainError(
        'CATALOG_VERSION_CONFLICT',
        `审批事项目录版本 ${catalog.version} 已以不同内容加载,请发布新版本`,
        {
          version: catalog.version,
          checksum,
          existingChecksum: existing?.checksum,
        },
      );
    }
    await tx
      .insert(department)
      .values(
        catalog.departments.map((d) => ({
          code: d.code,
          nameZh: d.nameZh,
          regionCode: d.regionCode,
          catalogVersion: catalog.version,
        })),
      )
      .onConflictDoUpdate({
        target: department.code,
        set: {
          nameZh: sql`excluded.name_zh`,
          regionCode: sql`excluded.region_code`,
          catalogVersion: sql`excluded.catalog_version`,
        },
      });
    return { version: catalog.version, checksum, status: 'LOADED' as const };
  });
}

/** The stored document of `version`, or undefined. */
export async function findCatalog(db: DbOrTx, version: string): Promise<Catalog | undefined> {
  const [row] = await db
    .select({ document: catalogVersion.document })
    .from(catalogVersion)
    .where(eq(catalogVersion.version, version));
  return row?.document;
}

/** The stored document of `version`; CATALOG_VERSION_NOT_FOUND when it was never loaded. */
export async function getCatalog(db: DbOrTx, version: string): Promise<Catalog> {
  const found = await findCatalog(db, version);
  if (!found)
    throw new DomainError('CATALOG_VERSION_NOT_FOUND', `审批事项目录版本 ${version} 未加载`, {
      field: 'catalogVersion',
      version,
    });
  return found;
}
