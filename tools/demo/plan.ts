/** The demo's sample project, stage by stage: the items, who reviews and decides them, and what goes wrong. */
export interface StagePlan {
  stage: number;
  items: { code: string; reviewer: string; head: string }[];
  lead: string;
  omit?: string[];
  special?: { item: string; type: string };
  slow?: string;
}

export const PLAN: StagePlan[] = [
  {
    stage: 1,
    lead: 'reviewer.zrzyj',
    items: [{ code: 'ZH-S1-03', reviewer: 'reviewer.zrzyj', head: 'head.zrzyj' }],
    omit: ['__LAST__'],
  },
  { stage: 2, lead: 'reviewer.zrzyj', items: [{ code: 'ZH-S2-01', reviewer: 'reviewer.zrzyj', head: 'head.zrzyj' }] },
  {
    stage: 3,
    lead: 'reviewer.zjj',
    items: [
      { code: 'ZH-S3-03', reviewer: 'reviewer.zjj', head: 'head.zjj' },
      { code: 'ZH-S3-02', reviewer: 'reviewer.zjj', head: 'head.zjj' },
    ],
    slow: 'ZH-S3-03',
  },
  {
    stage: 4,
    lead: 'reviewer.zjj',
    items: [
      { code: 'ZH-S4-01', reviewer: 'reviewer.zrzyj', head: 'head.zrzyj' },
      { code: 'ZH-S4-02', reviewer: 'reviewer.zjj', head: 'head.zjj' },
    ],
    special: { item: 'ZH-S4-01', type: 'SITE_INSPECTION' },
  },
];
