/**
 * 审批事项目录 — the shape of the item catalogue (BRIEF §1.2): stages (审批阶段), items (审批事项) with
 * their departments, limits (承诺时限 / 法定时限), special procedures (特别程序), materials (申请材料) and
 * results (审批结果). A catalogue is versioned; a case pins the version it was accepted under.
 * Data only — the Zhuhai sample is zhuhai-catalog.data.ts, the rules validate-catalog.ts.
 */

/** 审批流程类型 — stage limits differ per flow type (BRIEF §1.1 "SPJDSX"). */
export type FlowType = 'GOV_HOUSING' | 'GOV_MUNICIPAL' | 'SOCIAL_INVEST' | 'SOCIAL_SMALL_LOWRISK' | 'LAND_WITH_SCHEME';

export const FLOW_TYPES: readonly FlowType[] = [
  'GOV_HOUSING',
  'GOV_MUNICIPAL',
  'SOCIAL_INVEST',
  'SOCIAL_SMALL_LOWRISK',
  'LAND_WITH_SCHEME',
];

/** `WD` working days (工作日), `ND` natural days (自然日) — the national "W / N" convention. */
export type DayUnit = 'WD' | 'ND';

export const DAY_UNITS: readonly DayUnit[] = ['WD', 'ND'];

/** Six-digit 行政区划代码 of Zhuhai and its districts. */
export type ZhuhaiRegionCode = '440400' | '440402' | '440403' | '440404';

/** 审批部门 — an approving department, utility or office. */
export interface Department {
  code: string;
  nameZh: string;
  /** `440400` city, `440402` 香洲, `440403` 斗门, `440404` 金湾. */
  regionCode: ZhuhaiRegionCode;
  /** 统一社会信用代码, when known. */
  uscc?: string;
}

/** 特别程序类型 (BRIEF §2.4) — `tbcx` is our numeric code for the national TBCX field. */
export interface SpecialProcedureType {
  code: string;
  nameZh: string;
  tbcx: number;
}

/** 申请材料. `shareFrom` names items (whose results can be reused) or external sources (办法 §14). */
export interface Material {
  id: string;
  nameZh: string;
  shareable: boolean;
  shareFrom: string[];
  /** The material exists as an electronic certificate (电子证照). */
  eCert: boolean;
}

/** 事项类型. */
export type ItemKind = '行政许可' | '技术审查' | '备案' | '行政确认' | '市政公用服务' | '中介服务' | '其他';

export interface DayLimit {
  days: number;
  unit: DayUnit;
}

/** An allowed special procedure of an item with its cap. `type` is a SpecialProcedureType code. */
export interface AllowedSpecialProcedure {
  type: string;
  limit: number;
  unit: DayUnit;
}

/** 审批事项. */
export interface Item {
  code: string;
  nameZh: string;
  nameEn: string;
  /** Department code. */
  department: string;
  kind: ItemKind;
  /** 承诺时限. */
  promised: DayLimit;
  /** 法定时限, when recorded. */
  statutory?: DayLimit;
  /** 即办 — true exactly when `promised.days === 0`. */
  immediate: boolean;
  /** 并行推进 (DYBZSPJDXH = 5): runs beside the stage without gating it. */
  parallelTrack: boolean;
  specialProcedures: AllowedSpecialProcedure[];
  materials: Material[];
  result: { nameZh: string; eCert: boolean };
}

/** 审批阶段. `no` 1..4 national stages, 9 the utility-connection track (公共设施接入服务). */
export interface Stage {
  no: number;
  nameZh: string;
  nameEn: string;
  /** 牵头单位 — department code. */
  leadDepartment: string;
  /** 阶段时限 in working days per flow type. */
  stageLimits: Partial<Record<FlowType, number>>;
  items: Item[];
}

export interface Catalog {
  version: string;
  departments: Department[];
  specialProcedureTypes: SpecialProcedureType[];
  /** `shareFrom` values that are not item codes (省电子证照库, 不动产登记, …). */
  externalSources: string[];
  stages: Stage[];
}
