import { describe, expect, it } from 'vitest';
import { indexCatalog } from '../catalog/catalog-index.ts';
import { ZHUHAI_CATALOG } from '../catalog/zhuhai-catalog.data.ts';
import { initialCheck } from './initial-check.ts';

const { item } = indexCatalog(ZHUHAI_CATALOG);

describe('initialCheck', () => {
  it('checks every material of every item once and lists the complete missing list', () => {
    // given stage 3 with 施工许可 and 消防设计审查: M100, M090 uploaded, M090 defective; drawings reviewed earlier
    const held = [{ fromItemCode: 'ZH-S3-01', ref: 'doc-1' }];
    // when checked
    const check = initialCheck([item('ZH-S3-03'), item('ZH-S3-02')], ['M100', 'M090'], held, [
      { materialId: 'M090', ok: false, note: '缺签章' },
    ]);
    // then each material has one verdict; M103 (施工图审查合格书) and M091 (消防设计文件) are reused from ZH-S3-01
    expect(check.results.map((r) => [r.materialId, r.status])).toEqual([
      ['M100', 'OK'],
      ['M101', 'MISSING'],
      ['M102', 'MISSING'],
      ['M103', 'REUSED'],
      ['M104', 'MISSING'],
      ['M090', 'DEFECTIVE'],
      ['M091', 'REUSED'],
    ]);
    expect(check.missing.map((m) => m.materialId)).toEqual(['M101', 'M102', 'M104', 'M090']);
    expect(check.missing.find((m) => m.materialId === 'M090')).toEqual({
      materialId: 'M090',
      nameZh: '消防设计审查申请表',
      itemCode: 'ZH-S3-02',
      status: 'DEFECTIVE',
      note: '缺签章',
    });
    expect(check.results.find((m) => m.materialId === 'M103')?.reuseRef).toBe('RESULT:ZH-S3-01');
  });

  it('never lists a shareable material the project holds, even when the upload of it is defective', () => {
    // given the 规划许可 e-certificate held and a defective upload of the same material
    // when checked
    const check = initialCheck(
      [item('ZH-S3-03')],
      ['M101'],
      [{ certificateOf: 'ZH-S2-01' }],
      [{ materialId: 'M101', ok: false }],
    );
    // then it is reused by reference, not missing
    expect(check.results[1]).toMatchObject({ materialId: 'M101', status: 'REUSED', reuseRef: 'E_CERT:ZH-S2-01' });
    expect(check.missing.map((m) => m.materialId)).not.toContain('M101');
  });
});
