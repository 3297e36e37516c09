/** The department an account is created in (the catalogue's list), or DEPARTMENT_UNKNOWN naming the field. */
import type { DepartmentRef } from '../../domain/access/lead-department.ts';
import type { Role } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';

export function departmentOf(departments: readonly DepartmentRef[], code: string): DepartmentRef {
  const found = departments.find((d) => d.code === code);
  if (!found) throw new DomainError('DEPARTMENT_UNKNOWN', `未知部门: ${code}`, { field: 'departmentCode' });
  return found;
}

/** 办法 §23: a department admin is set up only on 市工改办's written request, named by `requestRef`. */
export function requireRequestRef(
  roles: readonly Role[],
  before: readonly Role[],
  requestRef: string | undefined,
): void {
  if (roles.includes('DEPT_ADMIN') && !before.includes('DEPT_ADMIN') && !requestRef) {
    throw new DomainError('REQUEST_REF_REQUIRED', '设置部门管理员须注明市工改办的设置申请 (办法第二十三条)', {
      field: 'requestRef',
    });
  }
}

export const accountNotFound = (id: string) => new DomainError('USER_NOT_FOUND', `用户不存在: ${id}`, { field: 'id' });
