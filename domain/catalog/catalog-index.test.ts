import { describe, expect, it } from 'vitest';
import { indexCatalog } from './catalog-index.ts';
import { ZHUHAI_CATALOG } from './zhuhai-catalog.data.ts';

const index = indexCatalog(ZHUHAI_CATALOG);

describe('indexCatalog', () => {
  it('finds an item, its stage and its department', () => {
    // given the indexed catalogue
    // when an item is looked up
    const item = index.item('ZH-S3-02');
    // then it comes with its stage and department
    expect(item.nameZh).toBe('特殊建设工程消防设计审查');
    expect(index.stageOf('ZH-S3-02').no).toBe(3);
    expect(index.department(item.department).nameZh).toBe('珠海市住房和城乡建设局');
    expect(index.hasItem('ZH-S3-02')).toBe(true);
  });

  it('refuses an unknown item with CATALOG_ITEM_NOT_FOUND', () => {
    // given / when / then
    expect(() => index.item('ZH-S7-01')).toThrow(expect.objectContaining({ code: 'CATALOG_ITEM_NOT_FOUND' }));
    expect(index.hasItem('ZH-S7-01')).toBe(false);
  });

  it('gives stages, their items and lead departments', () => {
    // given / when / then
    expect(index.stage(1).nameZh).toBe('立项用地规划许可');
    expect(index.itemsOfStage(2).map((i) => i.code)).toEqual(['ZH-S2-01', 'ZH-S2-02', 'ZH-S2-03']);
    expect(index.leadDepartmentOf(1).code).toBe('ZH_ZRZYJ');
    expect(index.leadDepartmentOf(9).code).toBe('ZH_ZJJ');
    expect(() => index.stage(5)).toThrow(expect.objectContaining({ code: 'CATALOG_STAGE_NOT_FOUND' }));
    expect(() => index.department('ZH_NOPE')).toThrow(
      expect.objectContaining({ code: 'CATALOG_DEPARTMENT_NOT_FOUND' }),
    );
  });

  it('gives the allowance of a special procedure the item allows', () => {
    // given / when
    const allowed = index.specialProcedureOf('ZH-S1-03', 'PUBLICITY_PRE');
    // then its cap and unit come back, and its type's national number
    expect(allowed).toEqual({ type: 'PUBLICITY_PRE', limit: 10, unit: 'ND' });
    expect(index.specialProcedureType('EXPERT_REVIEW')).toEqual({ code: 'EXPERT_REVIEW', nameZh: '专家评审', tbcx: 1 });
  });

  it('refuses a special procedure the item does not allow', () => {
    // given an item without hearings
    // when a hearing is asked for
    // then SPECIAL_PROCEDURE_NOT_ALLOWED on the field `type`
    expect(() => index.specialProcedureOf('ZH-S1-04', 'HEARING')).toThrow(
      expect.objectContaining({
        code: 'SPECIAL_PROCEDURE_NOT_ALLOWED',
        details: expect.objectContaining({ field: 'type', itemCode: 'ZH-S1-04' }),
      }),
    );
  });

  it('maps items to the national stage numbers (DYBZSPJDXH), parallel and utility tracks to 5', () => {
    // given / when / then
    expect(index.nationalStageOf('ZH-S1-03')).toBe(1);
    expect(index.nationalStageOf('ZH-S1-P1')).toBe(5);
    expect(index.nationalStageOf('ZH-S4-04')).toBe(4);
    expect(index.nationalStageOf('ZH-U-02')).toBe(5);
  });
});
