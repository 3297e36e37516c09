/**
 * 目录校验 — the rules a catalogue must pass before it is loaded. Each problem names its entry by a path
 * such as `stages[1].items[ZH-S1-03].materials[M021].shareFrom` (stages by number, items by code,
 * materials by id, special procedures by type, stage limits by flow type).
 */
import { DomainError } from '../errors.ts';
import { DAY_UNITS, FLOW_TYPES, type Catalog, type DayLimit } from './catalog.types.ts';

/** 珠海市 and its districts — the only regions a department of this catalogue may belong to. */
const ZHUHAI_REGIONS = new Set(['440400', '440402', '440403', '440404']);

export interface CatalogProblem {
  path: string;
  message: string;
}

const isDayCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;

export function validateCatalog(c: Catalog): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  const departments = new Set<string>();
  c.departments.forEach((d) => {
    if (departments.has(d.code)) add(`departments[${d.code}]`, `部门代码 ${d.code} 重复`);
    departments.add(d.code);
    if (!ZHUHAI_REGIONS.has(d.regionCode))
      add(
        `departments[${d.code}].regionCode`,
        `区划代码 ${d.regionCode} 不是珠海市或其辖区(440400/440402/440403/440404)`,
      );
  });
  const procedureTypes = new Set<string>();
  const tbcxCodes = new Set<number>();
  for (const t of c.specialProcedureTypes) {
    const tPath = `specialProcedureTypes[${t.code}]`;
    if (procedureTypes.has(t.code)) add(tPath, `特别程序类型 ${t.code} 重复`);
    procedureTypes.add(t.code);
    if (!Number.isInteger(t.tbcx) || t.tbcx < 1) add(`${tPath}.tbcx`, `特别程序代码 ${t.tbcx} 不是正整数`);
    else if (tbcxCodes.has(t.tbcx)) add(`${tPath}.tbcx`, `特别程序代码 ${t.tbcx} 重复`);
    tbcxCodes.add(t.tbcx);
  }
  const itemCodes = new Set(c.stages.flatMap((s) => s.items.map((i) => i.code)));
  const externalSources = new Set(c.externalSources);
  for (const source of c.externalSources) {
    if (itemCodes.has(source)) add(`externalSources[${source}]`, `外部来源 ${source} 与事项编码相同`);
  }
  /** A material id names one material across the catalogue (reuse matches by id, 办法 §14). */
  const materialNames = new Map<string, { name: string; itemCode: string }>();

  const checkLimit = (path: string, limit: DayLimit) => {
    if (!isDayCount(limit.days)) add(`${path}.days`, `时限 ${limit.days} 不是非负整数`);
    if (!DAY_UNITS.includes(limit.unit)) add(`${path}.unit`, `时限单位 ${limit.unit} 不是 WD/ND`);
  };

  const stageNos = new Set<number>();
  const seenItems = new Set<string>();
  for (const stage of c.stages) {
    const sPath = `stages[${stage.no}]`;
    if (stageNos.has(stage.no)) add(sPath, `阶段序号 ${stage.no} 重复`);
    stageNos.add(stage.no);
    if (!stage.leadDepartment) add(`${sPath}.leadDepartment`, `阶段 ${stage.no} 没有牵头部门`);
    else if (!departments.has(stage.leadDepartment))
      add(`${sPath}.leadDepartment`, `牵头部门 ${stage.leadDepartment} 未登记`);
    for (const flow of FLOW_TYPES) {
      if (!(flow in stage.stageLimits))
        add(`${sPath}.stageLimits[${flow}]`, `阶段 ${stage.no} 缺少审批流程类型 ${flow} 的阶段时限`);
    }
    for (const [flow, days] of Object.entries(stage.stageLimits)) {
      if (!(FLOW_TYPES as readonly string[]).includes(flow))
        add(`${sPath}.stageLimits[${flow}]`, `审批流程类型 ${flow} 未定义`);
      else if (!isDayCount(days)) add(`${sPath}.stageLimits[${flow}]`, `阶段时限 ${days} 不是非负整数`);
    }

    for (const item of stage.items) {
      const iPath = `${sPath}.items[${item.code}]`;
      if (seenItems.has(item.code)) add(iPath, `事项编码 ${item.code} 重复`);
      seenItems.add(item.code);
      if (!departments.has(item.department)) add(`${iPath}.department`, `部门 ${item.department} 未登记`);
      checkLimit(`${iPath}.promised`, item.promised);
      if (item.statutory) checkLimit(`${iPath}.statutory`, item.statutory);
      if (item.immediate !== (item.promised.days === 0)) {
        add(`${iPath}.immediate`, `即办标志 ${item.immediate} 与承诺时限 ${item.promised.days} 天不一致`);
      }

      const allowedTypes = new Set<string>();
      for (const p of item.specialProcedures) {
        const pPath = `${iPath}.specialProcedures[${p.type}]`;
        if (allowedTypes.has(p.type)) add(pPath, `特别程序类型 ${p.type} 在事项 ${item.code} 内重复`);
        allowedTypes.add(p.type);
        if (!procedureTypes.has(p.type)) add(`${pPath}.type`, `特别程序类型 ${p.type} 未定义`);
        checkLimit(pPath, { days: p.limit, unit: p.unit });
      }

      const materialIds = new Set<string>();
      for (const m of item.materials) {
        const mPath = `${iPath}.materials[${m.id}]`;
        if (materialIds.has(m.id)) add(mPath, `材料编号 ${m.id} 在事项 ${item.code} 内重复`);
        materialIds.add(m.id);
        const named = materialNames.get(m.id);
        if (named && named.itemCode !== item.code && named.name !== m.nameZh) {
          add(
            `${mPath}.nameZh`,
            `材料编号 ${m.id} 在事项 ${named.itemCode} 中名为「${named.name}」,此处为「${m.nameZh}」`,
          );
        }
        if (!named) materialNames.set(m.id, { name: m.nameZh, itemCode: item.code });
        if (m.shareFrom.includes(item.code)) add(`${mPath}.shareFrom`, `材料 ${m.id} 不能从本事项 ${item.code} 共享`);
        for (const source of m.shareFrom) {
          if (!itemCodes.has(source) && !externalSources.has(source)) {
            add(`${mPath}.shareFrom`, `共享来源 ${source} 既不是事项编码也不是已声明的外部来源`);
          }
        }
        if (!m.shareable && m.shareFrom.length > 0) add(`${mPath}.shareFrom`, `材料 ${m.id} 不可共享却列出了共享来源`);
      }
    }
  }
  return problems;
}

/** Throws CATALOG_INVALID naming the first problems; details carry all of them. */
export function assertValidCatalog(c: Catalog): void {
  const problems = validateCatalog(c);
  if (problems.length === 0) return;
  const shown = problems
    .slice(0, 3)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  const more = problems.length > 3 ? ` (另有 ${problems.length - 3} 处)` : '';
  throw new DomainError('CATALOG_INVALID', `审批事项目录 ${c.version} 校验不通过: ${shown}${more}`, { problems });
}
