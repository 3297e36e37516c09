/** 事项目录 — the stages with their lead departments, limits and items (public: the 办事指南 is published). */
import type { CatalogIndex } from '../../domain/catalog/catalog-index.ts';

export function createListStages(deps: { catalog: CatalogIndex }) {
  return function listStages() {
    const { catalog } = deps.catalog;
    return {
      version: catalog.version,
      stages: catalog.stages.map((s) => ({
        no: s.no,
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        leadDepartment: s.leadDepartment,
        stageLimits: s.stageLimits,
        items: s.items.map((i) => ({
          code: i.code,
          nameZh: i.nameZh,
          department: i.department,
          promised: i.promised,
          immediate: i.immediate,
          parallelTrack: i.parallelTrack,
        })),
      })),
    };
  };
}
