/**
 * Who receives time warnings (办法 §20: 办理人员 and 有关负责人; further rungs the lead department and
 * 市工改办). Contacts are kept per department and audience; the embedded default seeds demo numbers.
 */
import type { Audience } from '../../domain/clock/escalation-ladder.ts';

export interface ContactDirectory {
  recipients(audience: Audience, department: string): string[];
}

/** Deterministic demo numbers (138 + department/audience digits) so the fake SMS gateway shows who got what. */
export function createDemoDirectory(supervisorPhones: string[] = ['13800000001']): ContactDirectory {
  const digits = (s: string) => [...s].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 100_000_000, 7);
  return {
    recipients(audience, department) {
      if (audience === 'SUPERVISOR') return supervisorPhones;
      const suffix = String(digits(`${department}:${audience}`)).padStart(8, '0');
      return [`139${suffix}`];
    },
  };
}
