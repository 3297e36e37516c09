import { describe, expect, it } from 'vitest';
import { validationErrors } from './validation-messages.ts';

describe('schema failures in Chinese, each with its field', () => {
  it.each([
    [
      'a wrong type',
      { keyword: 'type', instancePath: '/limit', params: { type: 'integer' } },
      'querystring',
      'querystring.limit',
      '必须是整数',
    ],
    [
      'a bad format',
      { keyword: 'format', instancePath: '/start', params: { format: 'date-time' } },
      'querystring',
      'querystring.start',
      expect.stringContaining('日期时间'),
    ],
    [
      'a pattern',
      { keyword: 'pattern', instancePath: '/code', params: { pattern: '^[A-Z]+$' } },
      'body',
      'body.code',
      '格式不符 (须匹配 ^[A-Z]+$)',
    ],
    [
      'an unknown field',
      { keyword: 'additionalProperties', instancePath: '', params: { additionalProperties: ['bogus'] } },
      'body',
      'body.bogus',
      '不接受此字段',
    ],
    [
      'a bound',
      { keyword: 'minimum', instancePath: '/items/0/n', params: { comparison: '>=', limit: 1 } },
      'body',
      'body.items.0.n',
      '必须 >= 1',
    ],
    [
      'a length',
      { keyword: 'maxLength', instancePath: '/note', params: { limit: 10 } },
      'body',
      'body.note',
      '不得多于 10 个字符',
    ],
  ])('%s', (_name, failure, part, field, message) => {
    expect(validationErrors([failure], part)).toEqual([{ field, message }]);
  });

  it('names every missing field, and each failure once', () => {
    const failures = [
      { keyword: 'required', instancePath: '', params: { requiredProperties: ['username', 'roles'] } },
      { keyword: 'boolean', instancePath: '/x', params: {} },
      { keyword: 'additionalProperties', instancePath: '', params: { additionalProperties: ['x'] } },
    ];
    expect(validationErrors(failures, 'body')).toEqual([
      { field: 'body.username', message: '必填' },
      { field: 'body.roles', message: '必填' },
      { field: 'body.x', message: '不接受此字段' },
    ]);
  });
});
