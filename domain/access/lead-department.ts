/**
 * 牵头单位 — which department leads a stage application. The catalogue names the city department
 * that leads a stage; an application in a district is led by that department's district branch when
 * one exists (XZ_ZJJ for ZH_ZJJ in 香洲), else by the city department. Branch codes are the district
 * prefix plus the city code's suffix (ZH_ZJJ → XZ_ZJJ), or a prefix of it (ZH_ZRZYJ → XZ_ZRZY).
 */
import { CITY_REGION, type Actor } from './roles.ts';

export interface DepartmentRef {
  code: string;
  regionCode: string;
}

export function leadDepartmentFor(
  stageLeadDepartmentCode: string,
  regionCode: string,
  departments: readonly DepartmentRef[],
): string {
  if (regionCode === CITY_REGION) return stageLeadDepartmentCode;
  const suffix = stageLeadDepartmentCode.split('_').slice(1).join('_');
  const branches = departments.filter((d) => d.regionCode === regionCode);
  const exact = branches.find((d) => d.code.split('_').slice(1).join('_') === suffix);
  const prefix = branches.find((d) => {
    const s = d.code.split('_').slice(1).join('_');
    return s.length >= 3 && suffix.startsWith(s);
  });
  return (exact ?? prefix)?.code ?? stageLeadDepartmentCode;
}

export function isLeadDepartment(
  actor: Actor,
  stageLeadDepartmentCode: string,
  regionCode: string,
  departments: readonly DepartmentRef[],
): boolean {
  return actor.departmentCode === leadDepartmentFor(stageLeadDepartmentCode, regionCode, departments);
}
