import { describe, expect, it } from 'vitest';
import { indexCatalog } from './catalog-index.ts';
import { missingMaterials, resolveMaterials } from './material-reuse.ts';
import { ZHUHAI_CATALOG } from './zhuhai-catalog.data.ts';

const { item } = indexCatalog(ZHUHAI_CATALOG);
/** 施工许可: M100 own, M101 ← ZH-S2-01 (e-cert), M102 ← 公共资源交易平台, M103 ← ZH-S3-01, M104 own. */
const permit = item('ZH-S3-03');

describe('resolveMaterials', () => {
  it('marks everything missing when nothing is provided or held', () => {
    // given / when
    const missing = missingMaterials(permit, [], []);
    // then the complete list, in catalogue order
    expect(missing.map((m) => m.id)).toEqual(['M100', 'M101', 'M102', 'M103', 'M104']);
  });

  it('reuses a shareable material the project holds and never lists it missing', () => {
    // given the project holds M101 from an earlier case and the result of ZH-S3-01
    const held = [{ materialId: 'M101', ref: 'doc-17' }, { fromItemCode: 'ZH-S3-01' }];
    // when the applicant uploads only the two own materials
    const resolved = resolveMaterials(permit, ['M100', 'M104'], held);
    // then the held ones are reused by reference, and only M102 is missing
    expect(resolved).toEqual([
      { materialId: 'M100', status: 'PROVIDED' },
      {
        materialId: 'M101',
        status: 'REUSED',
        reuseRef: 'MATERIAL:M101',
        reuse: { via: 'MATERIAL', source: 'M101', ref: 'doc-17' },
      },
      { materialId: 'M102', status: 'MISSING' },
      {
        materialId: 'M103',
        status: 'REUSED',
        reuseRef: 'RESULT:ZH-S3-01',
        reuse: { via: 'RESULT', source: 'ZH-S3-01' },
      },
      { materialId: 'M104', status: 'PROVIDED' },
    ]);
    expect(missingMaterials(permit, ['M100', 'M104'], held).map((m) => m.id)).toEqual(['M102']);
  });

  it('reuses the e-certificate of the share_from item, preferring it', () => {
    // given the project holds the e-certificate of ZH-S2-01 and the result of the same item
    const held = [{ fromItemCode: 'ZH-S2-01' }, { certificateOf: 'ZH-S2-01', ref: '440400-GHXK-2026-0001' }];
    // when resolved
    const [, m101] = resolveMaterials(permit, [], held);
    // then M101 is reused from the certificate
    expect(m101).toEqual({
      materialId: 'M101',
      status: 'REUSED',
      reuseRef: 'E_CERT:ZH-S2-01',
      reuse: { via: 'E_CERT', source: 'ZH-S2-01', ref: '440400-GHXK-2026-0001' },
    });
  });

  it('reuses from a declared external source named in share_from', () => {
    // given the tender result is held from 公共资源交易平台
    // when resolved
    const [, , m102] = resolveMaterials(permit, [], [{ fromItemCode: '公共资源交易平台' }]);
    // then reused
    expect(m102?.status).toBe('REUSED');
  });

  it('keeps a non-shareable material missing even when held, unless provided', () => {
    // given the project holds M100 and M104 from an earlier case (not shareable)
    const held = [{ materialId: 'M100' }, { materialId: 'M104' }, { certificateOf: 'ZH-S3-03' }];
    // when resolved without uploads, then with M104 uploaded
    const before = missingMaterials(permit, [], held).map((m) => m.id);
    const after = missingMaterials(permit, ['M104'], held).map((m) => m.id);
    // then they stay missing until uploaded
    expect(before).toEqual(expect.arrayContaining(['M100', 'M104']));
    expect(after).toContain('M100');
    expect(after).not.toContain('M104');
  });

  it('does not reuse a certificate of an item not in share_from', () => {
    // given the certificate of ZH-S1-04 (M101 shares from ZH-S2-01 only)
    // when resolved
    const [, m101] = resolveMaterials(permit, [], [{ certificateOf: 'ZH-S1-04' }]);
    // then M101 is missing
    expect(m101?.status).toBe('MISSING');
  });
});
