/**
 * 目录索引 — constant-time lookups over one catalogue version. Lookups of codes that are not in the
 * catalogue throw DomainError (CATALOG_*_NOT_FOUND); a special procedure the item does not allow
 * throws SPECIAL_PROCEDURE_NOT_ALLOWED (办法 §21, A9: a pause must be of a type the item allows).
 */
import { DomainError } from '../errors.ts';
import type {
  AllowedSpecialProcedure,
  Catalog,
  Department,
  Item,
  SpecialProcedureType,
  Stage,
} from './catalog.types.ts';

export interface CatalogIndex {
  readonly catalog: Catalog;
  item(code: string): Item;
  hasItem(code: string): boolean;
  /** The stage an item belongs to. */
  stageOf(itemCode: string): Stage;
  stage(no: number): Stage;
  department(code: string): Department;
  leadDepartmentOf(stageNo: number): Department;
  itemsOfStage(no: number): Item[];
  specialProcedureType(code: string): SpecialProcedureType;
  /** The item's allowance for a special procedure of `type` (a SpecialProcedureType code). */
  specialProcedureOf(itemCode: string, type: string): AllowedSpecialProcedure;
  /** 对应标准审批阶段序号 (DYBZSPJDXH) of an item: see nationalStageNo. */
  nationalStageOf(itemCode: string): NationalStageNo;
}

/** DYBZSPJDXH: 1 立项用地规划许可 · 2 工程建设许可 · 3 施工许可 · 4 竣工验收 · 5 并行推进. */
export type NationalStageNo = 1 | 2 | 3 | 4 | 5;

/**
 * The national stage of an item: its stage number for stages 1..4, and 5 (并行推进) for a parallel-track
 * item (环评 beside stage 1) and for the utility-connection track (our stage 9, which has no national
 * stage of its own and runs beside the others).
 */
export function nationalStageNo(stage: Pick<Stage, 'no'>, item: Pick<Item, 'parallelTrack'>): NationalStageNo {
  if (item.parallelTrack) return 5;
  return stage.no >= 1 && stage.no <= 4 ? (stage.no as NationalStageNo) : 5;
}

export function indexCatalog(c: Catalog): CatalogIndex {
  const items = new Map<string, { item: Item; stage: Stage }>();
  for (const stage of c.stages) for (const item of stage.items) items.set(item.code, { item, stage });
  const stages = new Map(c.stages.map((s) => [s.no, s]));
  const departments = new Map(c.departments.map((d) => [d.code, d]));
  const procedureTypes = new Map(c.specialProcedureTypes.map((t) => [t.code, t]));

  const entry = (code: string) => {
    const found = items.get(code);
    if (!found)
      throw new DomainError('CATALOG_ITEM_NOT_FOUND', `审批事项 ${code} 不在目录 ${c.version} 中`, {
        field: 'itemCode',
        itemCode: code,
        version: c.version,
      });
    return found;
  };
  const stage = (no: number) => {
    const found = stages.get(no);
    if (!found)
      throw new DomainError('CATALOG_STAGE_NOT_FOUND', `审批阶段 ${no} 不在目录 ${c.version} 中`, {
        field: 'stageNo',
        stageNo: no,
        version: c.version,
      });
    return found;
  };
  const department = (code: string) => {
    const found = departments.get(code);
    if (!found)
      throw new DomainError('CATALOG_DEPARTMENT_NOT_FOUND', `部门 ${code} 不在目录 ${c.version} 中`, {
        field: 'department',
        department: code,
        version: c.version,
      });
    return found;
  };

  return {
    catalog: c,
    item: (code) => entry(code).item,
    hasItem: (code) => items.has(code),
    stageOf: (itemCode) => entry(itemCode).stage,
    stage,
    department,
    leadDepartmentOf: (stageNo) => department(stage(stageNo).leadDepartment),
    itemsOfStage: (no) => stage(no).items,
    nationalStageOf: (itemCode) => {
      const { stage: s, item } = entry(itemCode);
      return nationalStageNo(s, item);
    },
    specialProcedureType(code) {
      const found = procedureTypes.get(code);
      if (!found)
        throw new DomainError('SPECIAL_PROCEDURE_TYPE_UNKNOWN', `特别程序类型 ${code} 未定义`, {
          field: 'type',
          type: code,
        });
      return found;
    },
    specialProcedureOf(itemCode, type) {
      const item = entry(itemCode).item;
      const allowed = item.specialProcedures.find((p) => p.type === type);
      if (!allowed) {
        throw new DomainError('SPECIAL_PROCEDURE_NOT_ALLOWED', `事项 ${itemCode} 不允许特别程序 ${type}`, {
          field: 'type',
          itemCode,
          type,
          allowed: item.specialProcedures.map((p) => p.type),
        });
      }
      return allowed;
    },
  };
}
