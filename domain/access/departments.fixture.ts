/** A few Zhuhai departments for tests (the real list comes from the catalogue). */
export const ZHUHAI_DEPARTMENTS_FIXTURE = [
  { code: 'ZH_ZJJ', regionCode: '440400' },
  { code: 'ZH_ZRZYJ', regionCode: '440400' },
  { code: 'XZ_ZJJ', regionCode: '440402' },
  { code: 'DM_ZJJ', regionCode: '440403' },
  { code: 'XZ_ZRZY', regionCode: '440402' },
] as const;
