/**
 * 珠海市审批事项目录 (sample) — BRIEF §1.2 transcribed. Every day limit and stage limit here is a SAMPLE
 * value ([Proposed; Typical—verify]) to be confirmed with the city (珠海市工改办) before go-live; the
 * item codes are ours, not the province's (province_item_code comes from the 省事项管理系统, 办法 §19).
 *
 * Additions beyond the brief: the utility items ZH-U-01..04 carry one application-form material each
 * (the brief lists none), and ZH-U-03/04 a completion confirmation as result. Statutory limits are
 * recorded only where the brief names them.
 */
import type { AllowedSpecialProcedure, Catalog, DayLimit, Item, ItemKind, Material } from './catalog.types.ts';

/** 特别程序类型 (BRIEF §2.4). `tbcx` is our numbering; the national code list was not found. */
const SPECIAL_PROCEDURE_TYPES = [
  { code: 'EXPERT_REVIEW', nameZh: '专家评审', tbcx: 1 },
  { code: 'HEARING', nameZh: '听证', tbcx: 2 },
  { code: 'PUBLICITY_PRE', nameZh: '批前公示', tbcx: 3 },
  { code: 'PUBLICITY_POST', nameZh: '批后公示', tbcx: 4 },
  { code: 'SITE_INSPECTION', nameZh: '现场勘验/踏勘', tbcx: 5 },
  { code: 'INSPECTION', nameZh: '检验', tbcx: 6 },
  { code: 'TESTING', nameZh: '检测', tbcx: 7 },
  { code: 'QUARANTINE', nameZh: '检疫', tbcx: 8 },
  { code: 'APPRAISAL', nameZh: '鉴定', tbcx: 9 },
  { code: 'TECH_ASSESSMENT', nameZh: '技术评估', tbcx: 10 },
  { code: 'TENDERING', nameZh: '招标', tbcx: 11 },
  { code: 'AUCTION', nameZh: '拍卖', tbcx: 12 },
  { code: 'EXTENSION', nameZh: '延期(延长审批)', tbcx: 13 },
  { code: 'OTHER', nameZh: '其他', tbcx: 99 },
];

const own = (id: string, nameZh: string): Material => ({ id, nameZh, shareable: false, shareFrom: [], eCert: false });
const shared = (id: string, nameZh: string, shareFrom: string[], eCert = false): Material => ({
  id,
  nameZh,
  shareable: true,
  shareFrom,
  eCert,
});
const sp = (type: string, limit: number, unit: 'WD' | 'ND' = 'WD'): AllowedSpecialProcedure => ({ type, limit, unit });

interface ItemSpec {
  code: string;
  nameZh: string;
  nameEn: string;
  department: string;
  kind: ItemKind;
  promisedWd: number;
  statutory?: DayLimit;
  parallelTrack?: boolean;
  specialProcedures?: AllowedSpecialProcedure[];
  materials: Material[];
  result: { nameZh: string; eCert: boolean };
}

const item = ({ promisedWd, parallelTrack = false, specialProcedures = [], statutory, ...rest }: ItemSpec): Item => ({
  ...rest,
  promised: { days: promisedWd, unit: 'WD' },
  ...(statutory ? { statutory } : {}),
  immediate: promisedWd === 0,
  parallelTrack,
  specialProcedures,
});

export const ZHUHAI_CATALOG: Catalog = {
  version: '2026.1',
  departments: [
    { code: 'ZH_FGJ', nameZh: '珠海市发展和改革局', regionCode: '440400' },
    { code: 'ZH_ZRZYJ', nameZh: '珠海市自然资源局', regionCode: '440400' },
    { code: 'ZH_SSTHJJ', nameZh: '珠海市生态环境局', regionCode: '440400' },
    { code: 'ZH_ZJJ', nameZh: '珠海市住房和城乡建设局', regionCode: '440400' },
    { code: 'ZH_RF', nameZh: '珠海市人防主管部门(名称待核实)', regionCode: '440400' },
    { code: 'ZH_CGJ', nameZh: '珠海市城市管理和综合执法局', regionCode: '440400' },
    { code: 'ZH_SWJ', nameZh: '珠海市水务局', regionCode: '440400' },
    { code: 'UTIL_WATER', nameZh: '供水企业', regionCode: '440400' },
    { code: 'UTIL_POWER', nameZh: '供电局', regionCode: '440400' },
    { code: 'UTIL_GAS', nameZh: '燃气企业', regionCode: '440400' },
    /** 市工改办 — the supervising office, seated in 市住建局 (BRIEF §1.1, inference). */
    { code: 'ZH_GGB', nameZh: '珠海市工程建设项目审批制度改革领导小组办公室(市工改办)', regionCode: '440400' },
    { code: 'XZ_ZJJ', nameZh: '珠海市香洲区住房和城乡建设局', regionCode: '440402' },
    { code: 'DM_ZJJ', nameZh: '珠海市斗门区住房和城乡建设局', regionCode: '440403' },
    { code: 'JW_ZJJ', nameZh: '珠海市金湾区住房和城乡建设局', regionCode: '440404' },
    { code: 'XZ_ZRZY', nameZh: '珠海市自然资源局香洲分局', regionCode: '440402' },
    { code: 'DM_ZRZY', nameZh: '珠海市自然资源局斗门分局', regionCode: '440403' },
    { code: 'JW_ZRZY', nameZh: '珠海市自然资源局金湾分局', regionCode: '440404' },
  ],
  specialProcedureTypes: SPECIAL_PROCEDURE_TYPES,
  externalSources: [
    '省电子证照库',
    '不动产登记',
    '公共资源交易平台',
    '测绘成果库',
    '不动产/土地系统',
    'ZH-S1-02-prior',
  ],
  stages: [
    {
      no: 1,
      nameZh: '立项用地规划许可',
      nameEn: 'Project approval & land-use planning permit',
      leadDepartment: 'ZH_ZRZYJ',
      stageLimits: {
        GOV_HOUSING: 15,
        GOV_MUNICIPAL: 15,
        SOCIAL_INVEST: 5,
        SOCIAL_SMALL_LOWRISK: 3,
        LAND_WITH_SCHEME: 3,
      },
      items: [
        item({
          code: 'ZH-S1-01',
          nameZh: '企业投资项目备案',
          nameEn: 'Enterprise investment project filing',
          department: 'ZH_FGJ',
          kind: '备案',
          promisedWd: 0,
          materials: [own('M001', '项目备案信息表(在线填报)')],
          result: { nameZh: '广东省企业投资项目备案证', eCert: true },
        }),
        item({
          code: 'ZH-S1-02',
          nameZh: '政府投资项目可行性研究报告审批',
          nameEn: 'Gov-investment feasibility study approval',
          department: 'ZH_FGJ',
          kind: '行政许可',
          promisedWd: 10,
          specialProcedures: [sp('EXPERT_REVIEW', 20)],
          materials: [
            own('M010', '可行性研究报告'),
            shared('M011', '项目建议书批复(如有)', ['ZH-S1-02-prior']),
            shared('M012', '用地预审与选址意见书', ['ZH-S1-03'], true),
          ],
          result: { nameZh: '可研批复文件', eCert: false },
        }),
        item({
          code: 'ZH-S1-03',
          nameZh: '建设项目用地预审与选址意见书核发',
          nameEn: 'Land pre-review & site-selection opinion',
          department: 'ZH_ZRZYJ',
          kind: '行政许可',
          promisedWd: 7,
          specialProcedures: [sp('PUBLICITY_PRE', 10, 'ND'), sp('HEARING', 20), sp('EXPERT_REVIEW', 20)],
          materials: [
            own('M020', '申请表'),
            shared('M021', '项目建设依据(立项/备案文件)', ['ZH-S1-01', 'ZH-S1-02']),
            own('M022', '用地坐标(CGCS2000, TXT)'),
            shared('M023', '营业执照/统一社会信用代码证明', ['省电子证照库']),
          ],
          result: { nameZh: '建设项目用地预审与选址意见书', eCert: true },
        }),
        item({
          code: 'ZH-S1-04',
          nameZh: '建设用地规划许可证核发',
          nameEn: 'Construction land-use planning permit',
          department: 'ZH_ZRZYJ',
          kind: '行政许可',
          promisedWd: 5,
          materials: [
            own('M030', '申请表'),
            shared('M031', '国有建设用地使用权出让合同或划拨决定书', ['不动产/土地系统']),
            shared('M032', '用地预审与选址意见书', ['ZH-S1-03'], true),
          ],
          result: { nameZh: '建设用地规划许可证', eCert: true },
        }),
        item({
          code: 'ZH-S1-P1',
          nameZh: '建设项目环境影响报告表审批(并行推进)',
          nameEn: 'EIA report-form approval (parallel track)',
          department: 'ZH_SSTHJJ',
          kind: '行政许可',
          promisedWd: 10,
          parallelTrack: true,
          // the brief's "公示" for an EIA is the pre-approval publicity (拟审批公示)
          specialProcedures: [sp('EXPERT_REVIEW', 15), sp('PUBLICITY_PRE', 10, 'ND')],
          materials: [own('M040', '环境影响报告表')],
          result: { nameZh: '环评批复', eCert: false },
        }),
      ],
    },
    {
      no: 2,
      nameZh: '工程建设许可',
      nameEn: 'Engineering construction permit',
      leadDepartment: 'ZH_ZRZYJ',
      stageLimits: {
        GOV_HOUSING: 20,
        GOV_MUNICIPAL: 20,
        SOCIAL_INVEST: 15,
        SOCIAL_SMALL_LOWRISK: 5,
        LAND_WITH_SCHEME: 10,
      },
      items: [
        item({
          code: 'ZH-S2-01',
          nameZh: '建设工程规划许可证核发(含设计方案审查)',
          nameEn: 'Construction works planning permit',
          department: 'ZH_ZRZYJ',
          kind: '行政许可',
          promisedWd: 10,
          specialProcedures: [sp('PUBLICITY_PRE', 10, 'ND'), sp('EXPERT_REVIEW', 15)],
          materials: [
            own('M050', '申请表'),
            own('M051', '建设工程设计方案(总平面图等)'),
            shared('M052', '建设用地规划许可证', ['ZH-S1-04'], true),
            shared('M053', '土地权属证明', ['不动产登记']),
          ],
          result: { nameZh: '建设工程规划许可证', eCert: true },
        }),
        item({
          code: 'ZH-S2-02',
          nameZh: '城市建设类人防工程易地建设审批',
          nameEn: 'Civil-air-defence off-site construction approval',
          department: 'ZH_RF',
          kind: '行政许可',
          promisedWd: 5,
          materials: [own('M060', '申请表及易地建设理由'), shared('M061', '建设工程规划许可证/方案', ['ZH-S2-01'])],
          result: { nameZh: '易地建设批复', eCert: false },
        }),
        item({
          code: 'ZH-S2-03',
          nameZh: '占用挖掘城市道路审批',
          nameEn: 'Permit to occupy/excavate urban roads',
          department: 'ZH_CGJ',
          kind: '行政许可',
          promisedWd: 5,
          specialProcedures: [sp('SITE_INSPECTION', 3)],
          materials: [own('M070', '申请表及施工方案')],
          result: { nameZh: '许可决定书', eCert: false },
        }),
      ],
    },
    {
      no: 3,
      nameZh: '施工许可',
      nameEn: 'Construction permit',
      leadDepartment: 'ZH_ZJJ',
      stageLimits: {
        GOV_HOUSING: 25,
        GOV_MUNICIPAL: 25,
        SOCIAL_INVEST: 20,
        SOCIAL_SMALL_LOWRISK: 7,
        LAND_WITH_SCHEME: 10,
      },
      items: [
        item({
          code: 'ZH-S3-01',
          nameZh: '施工图设计文件审查(联合审图)',
          nameEn: 'Construction-drawing review (joint)',
          department: 'ZH_ZJJ',
          kind: '技术审查',
          promisedWd: 10,
          materials: [own('M080', '施工图设计文件(电子图)'), own('M081', '勘察文件')],
          result: { nameZh: '施工图审查合格书', eCert: false },
        }),
        item({
          code: 'ZH-S3-02',
          nameZh: '特殊建设工程消防设计审查',
          nameEn: 'Fire-protection design review (special works)',
          department: 'ZH_ZJJ',
          kind: '行政许可',
          promisedWd: 10,
          statutory: { days: 15, unit: 'WD' }, // 51号令
          specialProcedures: [sp('EXPERT_REVIEW', 20)], // statutory cap (51号令)
          materials: [own('M090', '消防设计审查申请表'), shared('M091', '消防设计文件', ['ZH-S3-01'])],
          result: { nameZh: '特殊建设工程消防设计审查意见书', eCert: true },
        }),
        item({
          code: 'ZH-S3-03',
          nameZh: '建筑工程施工许可证核发(含质量安全监督)',
          nameEn: 'Building construction permit',
          department: 'ZH_ZJJ',
          kind: '行政许可',
          promisedWd: 2,
          statutory: { days: 7, unit: 'WD' }, // 住建部令 "七日内" — verify
          materials: [
            own('M100', '施工许可申请表'),
            shared('M101', '建设工程规划许可证', ['ZH-S2-01'], true),
            shared('M102', '中标通知书/施工合同', ['公共资源交易平台']),
            shared('M103', '施工图审查合格书', ['ZH-S3-01']),
            own('M104', '建设资金落实承诺书(告知承诺)'),
          ],
          result: { nameZh: '建筑工程施工许可证', eCert: true },
        }),
        item({
          code: 'ZH-S3-04',
          nameZh: '城市建筑垃圾处置核准',
          nameEn: 'Construction-waste disposal approval',
          department: 'ZH_CGJ',
          kind: '行政许可',
          promisedWd: 3,
          materials: [own('M110', '处置方案及运输合同')],
          result: { nameZh: '核准文件', eCert: true },
        }),
      ],
    },
    {
      no: 4,
      nameZh: '竣工验收',
      nameEn: 'Completion acceptance',
      leadDepartment: 'ZH_ZJJ',
      stageLimits: {
        GOV_HOUSING: 12,
        GOV_MUNICIPAL: 12,
        SOCIAL_INVEST: 10,
        SOCIAL_SMALL_LOWRISK: 5,
        LAND_WITH_SCHEME: 7,
      },
      items: [
        item({
          code: 'ZH-S4-01',
          nameZh: '建设工程规划条件核实(联合验收)',
          nameEn: 'Planning-conditions verification',
          department: 'ZH_ZRZYJ',
          kind: '行政确认',
          promisedWd: 5,
          // 检验检测(竣工测量) is filed as 检测
          specialProcedures: [sp('SITE_INSPECTION', 3), sp('TESTING', 5)],
          materials: [
            shared('M120', '竣工测量成果("多测合一")', ['测绘成果库']),
            shared('M121', '建设工程规划许可证', ['ZH-S2-01'], true),
          ],
          result: { nameZh: '规划核实意见书', eCert: true },
        }),
        item({
          code: 'ZH-S4-02',
          nameZh: '特殊建设工程消防验收',
          nameEn: 'Fire-protection acceptance (special works)',
          department: 'ZH_ZJJ',
          kind: '行政许可',
          promisedWd: 10,
          statutory: { days: 15, unit: 'WD' }, // 51号令 — verify article
          // 现场评定 is an on-site assessment, filed as 现场勘验
          specialProcedures: [sp('SITE_INSPECTION', 5)],
          materials: [
            own('M130', '消防验收申请表'),
            own('M131', '消防检测报告'),
            shared('M132', '消防设计审查意见书', ['ZH-S3-02'], true),
          ],
          result: { nameZh: '特殊建设工程消防验收意见书', eCert: true },
        }),
        item({
          code: 'ZH-S4-03',
          nameZh: '其他建设工程消防验收备案(含抽查)',
          nameEn: 'Fire acceptance filing + random inspection',
          department: 'ZH_ZJJ',
          kind: '备案',
          promisedWd: 0, // 备案即办; if drawn for inspection: 9 WD (Shenzhen example)
          materials: [own('M140', '消防验收备案表')],
          result: { nameZh: '备案凭证/抽查结果通知书', eCert: false },
        }),
        item({
          code: 'ZH-S4-04',
          nameZh: '房屋建筑和市政基础设施工程竣工验收备案',
          nameEn: 'Completion acceptance filing',
          department: 'ZH_ZJJ',
          kind: '备案',
          promisedWd: 1,
          materials: [
            own('M150', '竣工验收报告'),
            shared('M151', '规划核实意见书', ['ZH-S4-01'], true),
            shared('M152', '消防验收意见书/备案凭证', ['ZH-S4-02', 'ZH-S4-03']),
            shared('M153', '施工许可证', ['ZH-S3-03'], true),
          ],
          result: { nameZh: '竣工验收备案证明', eCert: true },
        }),
      ],
    },
    {
      // 公共设施接入服务 — not a national stage number; a service track. The 住建/水务 desk coordinates
      // it, so the lead is 市住建局 [Typical—verify].
      no: 9,
      nameZh: '公共设施接入服务',
      nameEn: 'Utility connection services',
      leadDepartment: 'ZH_ZJJ',
      stageLimits: {
        GOV_HOUSING: 10,
        GOV_MUNICIPAL: 10,
        SOCIAL_INVEST: 10,
        SOCIAL_SMALL_LOWRISK: 5,
        LAND_WITH_SCHEME: 10,
      },
      items: [
        item({
          code: 'ZH-U-01',
          nameZh: '供水接入',
          nameEn: 'Water connection',
          department: 'UTIL_WATER',
          kind: '市政公用服务',
          promisedWd: 5,
          materials: [own('M160', '供水接入申请表')],
          result: { nameZh: '接水完成确认', eCert: false },
        }),
        item({
          code: 'ZH-U-02',
          nameZh: '城镇污水排入排水管网许可',
          nameEn: 'Sewer discharge permit',
          department: 'ZH_SWJ',
          kind: '行政许可',
          promisedWd: 5,
          specialProcedures: [sp('SITE_INSPECTION', 3)],
          materials: [own('M170', '排水许可申请表')],
          result: { nameZh: '排水许可证', eCert: true },
        }),
        item({
          code: 'ZH-U-03',
          nameZh: '供电接入(低压/高压)',
          nameEn: 'Power connection',
          department: 'UTIL_POWER',
          kind: '市政公用服务',
          promisedWd: 5,
          materials: [own('M180', '用电报装申请表')],
          result: { nameZh: '接电完成确认', eCert: false },
        }),
        item({
          code: 'ZH-U-04',
          nameZh: '燃气接入',
          nameEn: 'Gas connection',
          department: 'UTIL_GAS',
          kind: '市政公用服务',
          promisedWd: 5,
          materials: [own('M190', '用气报装申请表')],
          result: { nameZh: '通气完成确认', eCert: false },
        }),
      ],
    },
  ],
};
