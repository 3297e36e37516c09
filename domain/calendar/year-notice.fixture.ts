/**
 * Test fixture: a 2027 national notice and a regional closure — test data shaped like the State
 * Council's notice, not the real one (chinese-days 1.5.7 ends with 2026).
 */
import type { YearNotice, YearNoticeInput } from './year-notice.ts';

export const NOTICE_2027_INPUT: YearNoticeInput = {
  source: '测试用 2027 年节假日安排',
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-05', to: '2027-02-13' },
    { name: '清明节', from: '2027-04-03', to: '2027-04-05' },
    { name: '劳动节', from: '2027-05-01', to: '2027-05-05' },
    { name: '端午节', from: '2027-06-09', to: '2027-06-11' },
    { name: '中秋节', from: '2027-09-15', to: '2027-09-15' },
    { name: '国庆节', from: '2027-10-01', to: '2027-10-07' },
  ],
  workingDays: ['2027-01-31', '2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09'],
};

export const NOTICE_2027: YearNotice = {
  regionCode: '000000',
  year: 2027,
  ...NOTICE_2027_INPUT,
  holidays: [...NOTICE_2027_INPUT.holidays],
  workingDays: [...NOTICE_2027_INPUT.workingDays],
};

/** 台风停工 — the city closes for a typhoon on Wednesday 2027-07-14. */
export const TYPHOON_2027: YearNotice = {
  regionCode: '440400',
  year: 2027,
  source: '珠海市防汛防旱防风总指挥部 停工停课通告',
  holidays: [{ name: '台风停工', from: '2027-07-14', to: '2027-07-14' }],
  workingDays: [],
};
