/** 办事指南 — one item of the catalogue: department, limits, allowed special procedures, materials, result, stage (public). */
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';
import { DomainError } from '../../domain/errors.ts';

export function createGetCatalogItem(deps: { catalog: CatalogIndex }) {
  return function getCatalogItem(code: string) {
    if (!deps.catalog.hasItem(code))
      throw new DomainError('CATALOG_ITEM_NOT_FOUND', `事项 ${code} 不在目录中`, { field: 'params.code' });
    const i = deps.catalog.item(code);
    return {
      code: i.code,
      nameZh: i.nameZh,
      nameEn: i.nameEn,
      department: i.department,
      kind: i.kind,
      promised: i.promised,
      statutory: i.statutory ?? null,
      immediate: i.immediate,
      parallelTrack: i.parallelTrack,
      specialProcedures: i.specialProcedures,
      materials: i.materials,
      result: i.result,
      stage: deps.catalog.stageOf(code).no,
    };
  };
}
