import { describe, expect, it } from 'vitest';
import { directoryOf } from './contact-directory.ts';
import { loadConfig, ConfigError } from '../config.ts';

const people = [
  { roles: ['REVIEWER'] as const, departmentCode: 'ZH_ZJJ', regionCode: '440400', phone: '13900000001' },
  { roles: ['REVIEWER'] as const, departmentCode: 'ZH_ZJJ', regionCode: '440400', phone: '13900000002' },
  { roles: ['DEPT_HEAD'] as const, departmentCode: 'ZH_ZJJ', regionCode: '440400', phone: '13900000003' },
  { roles: ['REVIEWER'] as const, departmentCode: 'XZ_ZJJ', regionCode: '440402', phone: '13900000004' },
  { roles: ['SUPERVISOR'] as const, departmentCode: 'ZH_GGB', regionCode: '440400', phone: '13900000005' },
  { roles: ['SUPERVISOR'] as const, departmentCode: 'DM_GGB', regionCode: '440403', phone: '13900000006' },
  { roles: ['SUPERVISOR'] as const, departmentCode: 'XZ_GGB', regionCode: '440402', phone: '13900000007' },
];

describe('who gets the time warnings', () => {
  it("reaches the people on file: the department's reviewers and heads, the supervisors of the city and the district", () => {
    // given the accounts above
    const directory = directoryOf(people);
    // then each audience is the people of its role, in its department or region
    expect(directory.recipients('HANDLER', 'ZH_ZJJ')).toEqual(['13900000001', '13900000002']);
    expect(directory.recipients('DEPT_HEAD', 'ZH_ZJJ')).toEqual(['13900000003']);
    expect(directory.recipients('LEAD_DEPT', 'ZH_ZJJ')).toEqual(['13900000003']);
    expect(directory.recipients('SUPERVISOR', 'XZ_ZJJ', '440403')).toEqual(['13900000005', '13900000006']);
    expect(directory.recipients('SUPERVISOR', 'ZH_ZJJ')).toEqual(['13900000005']);
    // and a department without people on file gets nobody, not an invented number
    expect(directory.recipients('HANDLER', 'ZH_CGJ')).toEqual([]);
  });

  it('prefers the contacts configured for a department and audience', () => {
    const directory = directoryOf(people, { ZH_ZJJ: { DEPT_HEAD: ['13700000001'] } });
    expect(directory.recipients('DEPT_HEAD', 'ZH_ZJJ')).toEqual(['13700000001']);
    expect(directory.recipients('HANDLER', 'ZH_ZJJ')).toEqual(['13900000001', '13900000002']);
  });

  it('reads WARNING_CONTACTS from the environment and refuses a malformed one, naming what is wrong', () => {
    expect(loadConfig({ WARNING_CONTACTS: '{"ZH_ZJJ":{"DEPT_HEAD":["13700000001"]}}' }).warnings.contacts).toEqual({
      ZH_ZJJ: { DEPT_HEAD: ['13700000001'] },
    });
    expect(() => loadConfig({ WARNING_CONTACTS: '{"ZH_ZJJ":{"BOSS":["13700000001"]}}' })).toThrow(ConfigError);
    expect(() => loadConfig({ WARNING_CONTACTS: '{"ZH_ZJJ":{"HANDLER":["110"]}}' })).toThrow(/11-digit/);
    expect(() => loadConfig({ WARNING_CONTACTS: 'not json' })).toThrow(/expected JSON/);
  });
});
