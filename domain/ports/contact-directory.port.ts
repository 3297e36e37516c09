/**
 * Who receives time warnings (办法 §20: 办理人员 and 有关负责人; further rungs the lead department and
 * 市工改办): the mobile numbers of a department's people of one audience.
 */
import type { Audience } from '../clock/escalation-ladder.ts';

export interface ContactDirectory {
  /** Phone numbers for an audience of a department (SUPERVISOR: of the city and `regionCode`). */
  recipients(audience: Audience, department: string, regionCode?: string): string[];
}
