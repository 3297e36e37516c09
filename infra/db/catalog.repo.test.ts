import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/db.ts';
import type { Catalog } from '../../domain/catalog/catalog.types.ts';
import { ZHUHAI_CATALOG } from '../../domain/catalog/zhuhai-catalog.data.ts';
import { getCatalog, loadCatalog } from './catalog.repo.ts';
import { department } from './tables/catalog.table.ts';

const version = (v: string, edit: (c: Catalog) => void = () => {}): Catalog => {
  const c = structuredClone(ZHUHAI_CATALOG);
  c.version = v;
  edit(c);
  return c;
};

describeEachDatabase('catalog repo', (get) => {
  it('loads a version once and reads back the same document', async () => {
    // given the Zhuhai catalogue
    const { db } = get();
    // when loaded twice
    const first = await loadCatalog(db, ZHUHAI_CATALOG);
    const second = await loadCatalog(db, structuredClone(ZHUHAI_CATALOG));
    // then the second load is a no-op and the stored document equals the catalogue
    expect(first.status).toBe('LOADED');
    expect(second).toEqual({ ...first, status: 'UNCHANGED' });
    expect(await getCatalog(db, '2026.1')).toEqual(ZHUHAI_CATALOG);
  });

  it('refuses the same version with other content', async () => {
    // given a version loaded
    const { db } = get();
    await loadCatalog(db, version('2026.conflict'));
    // when the same version is loaded with another limit
    const changed = version('2026.conflict', (c) => {
      c.stages[0]!.items[1]!.promised.days = 9;
    });
    // then CATALOG_VERSION_CONFLICT naming the version
    await expect(loadCatalog(db, changed)).rejects.toMatchObject({
      code: 'CATALOG_VERSION_CONFLICT',
      message: expect.stringContaining('2026.conflict'),
    });
  });

  it('upserts departments with the version that declared them last', async () => {
    // given a version loaded, then a later one renaming the civil-air-defence office
    const { db } = get();
    await loadCatalog(db, version('2026.a'));
    await loadCatalog(
      db,
      version('2026.b', (c) => {
        c.departments.find((d) => d.code === 'ZH_RF')!.nameZh = '珠海市人民防空办公室';
      }),
    );
    // when the departments are read
    const rows = await db.select().from(department);
    // then every department is there once, the renamed one from 2026.b
    expect(rows.length).toBe(ZHUHAI_CATALOG.departments.length);
    expect(rows.find((r) => r.code === 'ZH_RF')).toEqual({
      code: 'ZH_RF',
      nameZh: '珠海市人民防空办公室',
      regionCode: '440400',
      catalogVersion: '2026.b',
    });
    expect(rows.find((r) => r.code === 'JW_ZJJ')?.regionCode).toBe('440404');
  });

  it('refuses an invalid catalogue before writing anything', async () => {
    // given a catalogue with an unknown department
    const { db } = get();
    const invalid = version('2026.invalid', (c) => {
      c.stages[1]!.items[0]!.department = 'ZH_NOPE';
    });
    // when loaded
    // then CATALOG_INVALID and the version is not stored
    await expect(loadCatalog(db, invalid)).rejects.toMatchObject({
      code: 'CATALOG_INVALID',
      message: expect.stringContaining('stages[2].items[ZH-S2-01].department'),
    });
    await expect(getCatalog(db, '2026.invalid')).rejects.toMatchObject({ code: 'CATALOG_VERSION_NOT_FOUND' });
  });
});
