import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { Catalog, Item, Stage } from './catalog.types.ts';
import { assertValidCatalog, validateCatalog } from './validate-catalog.ts';
import { ZHUHAI_CATALOG } from './zhuhai-catalog.data.ts';

const broken = (edit: (c: Catalog) => void): Catalog => {
  const c = structuredClone(ZHUHAI_CATALOG);
  edit(c);
  return c;
};
const stage = (c: Catalog, no: number): Stage => c.stages.find((s) => s.no === no)!;
const item = (c: Catalog, code: string): Item => c.stages.flatMap((s) => s.items).find((i) => i.code === code)!;
const paths = (c: Catalog) => validateCatalog(c).map((p) => p.path);

describe('validateCatalog', () => {
  it('finds nothing wrong with the Zhuhai catalogue', () => {
    // given the sample catalogue
    // when validated
    const problems = validateCatalog(ZHUHAI_CATALOG);
    // then it is clean and complete
    expect(problems).toEqual([]);
    expect(ZHUHAI_CATALOG.stages.map((s) => s.no)).toEqual([1, 2, 3, 4, 9]);
    expect(ZHUHAI_CATALOG.stages.flatMap((s) => s.items).length).toBe(20);
  });

  it.each<[string, (c: Catalog) => void, string]>([
    [
      'an unknown item department',
      (c) => {
        item(c, 'ZH-S2-03').department = 'ZH_NOPE';
      },
      'stages[2].items[ZH-S2-03].department',
    ],
    [
      'an unknown lead department',
      (c) => {
        stage(c, 3).leadDepartment = 'ZH_NOPE';
      },
      'stages[3].leadDepartment',
    ],
    [
      'a stage without lead',
      (c) => {
        stage(c, 4).leadDepartment = '';
      },
      'stages[4].leadDepartment',
    ],
    [
      'a duplicate item code',
      (c) => {
        item(c, 'ZH-S3-04').code = 'ZH-S3-01';
      },
      'stages[3].items[ZH-S3-01]',
    ],
    [
      'a duplicate material id',
      (c) => {
        item(c, 'ZH-S1-03').materials[1]!.id = 'M020';
      },
      'stages[1].items[ZH-S1-03].materials[M020]',
    ],
    [
      'a negative promised limit',
      (c) => {
        item(c, 'ZH-S1-04').promised.days = -1;
      },
      'stages[1].items[ZH-S1-04].promised.days',
    ],
    [
      'a negative special-procedure limit',
      (c) => {
        item(c, 'ZH-S2-01').specialProcedures[0]!.limit = -3;
      },
      'stages[2].items[ZH-S2-01].specialProcedures[PUBLICITY_PRE].days',
    ],
    [
      'a negative stage limit',
      (c) => {
        stage(c, 1).stageLimits.SOCIAL_INVEST = -5;
      },
      'stages[1].stageLimits[SOCIAL_INVEST]',
    ],
    [
      'a unit that is not WD/ND',
      (c) => {
        (item(c, 'ZH-S1-03').specialProcedures[0] as { unit: string }).unit = 'MONTH';
      },
      'stages[1].items[ZH-S1-03].specialProcedures[PUBLICITY_PRE].unit',
    ],
    [
      'a statutory unit that is not WD/ND',
      (c) => {
        (item(c, 'ZH-S3-02').statutory as { unit: string }).unit = 'D';
      },
      'stages[3].items[ZH-S3-02].statutory.unit',
    ],
    [
      'an inconsistent immediate flag',
      (c) => {
        item(c, 'ZH-S1-01').immediate = false;
      },
      'stages[1].items[ZH-S1-01].immediate',
    ],
    [
      'an immediate flag on a timed item',
      (c) => {
        item(c, 'ZH-S4-04').immediate = true;
      },
      'stages[4].items[ZH-S4-04].immediate',
    ],
    [
      'an unknown special-procedure type',
      (c) => {
        item(c, 'ZH-S2-03').specialProcedures[0]!.type = 'DIVINATION';
      },
      'stages[2].items[ZH-S2-03].specialProcedures[DIVINATION].type',
    ],
    [
      'a shareFrom naming nothing known',
      (c) => {
        item(c, 'ZH-S1-03').materials[1]!.shareFrom = ['ZH-S1-01', 'ZH-S9-99'];
      },
      'stages[1].items[ZH-S1-03].materials[M021].shareFrom',
    ],
    [
      'a shareFrom on a material that is not shareable',
      (c) => {
        item(c, 'ZH-S3-01').materials[0]!.shareFrom = ['ZH-S2-01'];
      },
      'stages[3].items[ZH-S3-01].materials[M080].shareFrom',
    ],
    [
      'a duplicated stage number',
      (c) => {
        stage(c, 9).no = 4;
      },
      'stages[4]',
    ],
    [
      'a duplicate department code',
      (c) => {
        c.departments.push({ ...c.departments[0]! });
      },
      'departments[ZH_FGJ]',
    ],
    [
      'a department outside Zhuhai',
      (c) => {
        c.departments.find((d) => d.code === 'XZ_ZJJ')!.regionCode = '440305' as '440402';
      },
      'departments[XZ_ZJJ].regionCode',
    ],
    [
      'a stage missing the limit of a flow type',
      (c) => {
        delete stage(c, 2).stageLimits.LAND_WITH_SCHEME;
      },
      'stages[2].stageLimits[LAND_WITH_SCHEME]',
    ],
    [
      'a stage limit for an unknown flow type',
      (c) => {
        (stage(c, 2).stageLimits as Record<string, number>).MYSTERY = 3;
      },
      'stages[2].stageLimits[MYSTERY]',
    ],
    [
      'a duplicate special-procedure type',
      (c) => {
        c.specialProcedureTypes.push({ code: 'HEARING', nameZh: '听证', tbcx: 98 });
      },
      'specialProcedureTypes[HEARING]',
    ],
    [
      'a duplicate TBCX code',
      (c) => {
        c.specialProcedureTypes.find((t) => t.code === 'AUCTION')!.tbcx = 1;
      },
      'specialProcedureTypes[AUCTION].tbcx',
    ],
    [
      'a special procedure allowed twice on one item',
      (c) => {
        item(c, 'ZH-S2-03').specialProcedures.push({ type: 'SITE_INSPECTION', limit: 5, unit: 'WD' });
      },
      'stages[2].items[ZH-S2-03].specialProcedures[SITE_INSPECTION]',
    ],
    [
      'an external source named like an item',
      (c) => {
        c.externalSources.push('ZH-S3-01');
      },
      'externalSources[ZH-S3-01]',
    ],
    [
      'a material id naming two materials',
      (c) => {
        item(c, 'ZH-S2-03').materials[0]!.id = 'M010';
      },
      'stages[2].items[ZH-S2-03].materials[M010].nameZh',
    ],
    [
      'a material shared from its own item',
      (c) => {
        item(c, 'ZH-S3-02').materials[1]!.shareFrom = ['ZH-S3-02'];
      },
      'stages[3].items[ZH-S3-02].materials[M091].shareFrom',
    ],
  ])('names the entry with %s', (_name, edit, path) => {
    // given a copy of the catalogue broken in one place
    const c = broken(edit);
    // when validated
    // then exactly that entry is named
    expect(paths(c)).toEqual([path]);
  });

  it('throws CATALOG_INVALID naming the first entries, with every problem in details', () => {
    // given a catalogue with two problems
    const c = broken((x) => {
      item(x, 'ZH-S1-02').department = 'X';
      item(x, 'ZH-U-04').promised.unit = 'Y' as 'WD';
    });
    // when asserted
    const thrown = (() => {
      try {
        assertValidCatalog(c);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    // then the error names both entries
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as DomainError;
    expect(error.code).toBe('CATALOG_INVALID');
    expect(error.message).toContain('stages[1].items[ZH-S1-02].department');
    expect(error.message).toContain('stages[9].items[ZH-U-04].promised.unit');
    expect((error.details?.problems as unknown[]).length).toBe(2);
  });

  it('accepts the valid catalogue without throwing', () => {
    // given / when / then
    expect(() => assertValidCatalog(ZHUHAI_CATALOG)).not.toThrow();
  });
});
