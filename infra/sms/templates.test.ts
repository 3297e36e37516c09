import { describe, expect, it } from 'vitest';
import {
  SMS_TEMPLATE_IDS,
  SMS_TEMPLATES,
  SmsTemplateError,
  checkSmsParams,
  renderSms,
  templateParams,
} from './templates.ts';

describe('SMS templates', () => {
  it('renders the special-procedure notice with its type and limit (办法 §12)', () => {
    // given the parameters of a special procedure
    const params = {
      itemName: '建设工程规划许可证核发',
      caseNo: 'ZH2025060300123',
      startedAt: '2025-06-04',
      procedureType: '专家评审',
      limit: '20',
      limitUnit: '个工作日',
    };
    // when rendered
    const text = renderSms('SPECIAL_PROCEDURE_STARTED', params);
    // then every placeholder is filled
    expect(text).toBe(
      '【珠海工程建设项目审批】您申报的“建设工程规划许可证核发”（申报编号ZH2025060300123）于2025-06-04进入特别程序：专家评审，时限20个工作日。特别程序所需时间不计入审批时限。',
    );
  });

  it('names the missing parameters', () => {
    expect(() => renderSms('RED_WARNING', { deptName: '市住建局' })).toThrow(SmsTemplateError);
    expect(() => renderSms('RED_WARNING', { deptName: '市住建局' })).toThrow(/itemName, caseNo, stepName, deadline/);
  });

  it('every template is signed, named, and renders when all its parameters are given', () => {
    for (const id of SMS_TEMPLATE_IDS) {
      // given a value for each parameter the text declares
      const params = Object.fromEntries(templateParams(id).map((name) => [name, `<${name}>`]));
      // when rendered / then no placeholder remains
      const text = renderSms(id, params);
      expect(text.startsWith('【珠海工程建设项目审批】'), id).toBe(true);
      expect(text, id).not.toMatch(/\{\w+\}/);
      expect(SMS_TEMPLATES[id].name, id).not.toBe('');
    }
  });

  it('covers the notices the 办法 requires', () => {
    expect(SMS_TEMPLATE_IDS).toEqual(
      expect.arrayContaining([
        'SUPPLEMENT_NOTICE',
        'FORMAL_RECEIPT',
        'SPECIAL_PROCEDURE_STARTED',
        'SPECIAL_PROCEDURE_PASSED',
        'SPECIAL_PROCEDURE_FAILED',
        'RESULT_READY',
        'YELLOW_WARNING',
        'RED_WARNING',
        'ESCALATION',
        'SYNC_LAG_ALERT',
      ]),
    );
  });

  it.each([
    ['an ISO instant', { receivedAt: '2026-09-22T02:00:00.000Z' }, true],
    ['a machine date and time', { receivedAt: '2026-09-22 10:00' }, true],
    ['a bare machine date', { deadline: '2026-09-22' }, true],
    ['Beijing time in Chinese', { receivedAt: '2026年9月22日 10:00' }, false],
    ['a project code with dashes', { caseNo: '2604-440402-04-01-700001' }, false],
  ])('refuses a time a person should not read: %s', (_name, params, refused) => {
    // given the parameters of a receipt
    // when they are checked before sending
    const check = () => checkSmsParams('FORMAL_RECEIPT', params);
    // then a machine-format time is refused, naming the parameter; Chinese and codes pass
    if (refused) expect(check).toThrow(new RegExp(Object.keys(params)[0]!));
    else expect(check).not.toThrow();
  });
});
