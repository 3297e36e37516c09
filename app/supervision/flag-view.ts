/** An anomaly flag (异常) as supervisors and departments read it: the rule's finding, its status and its whole history. */
import type { Resource } from '../../domain/access/policy.ts';
import type { FlagRecord, SupervisionRepository } from '../../domain/ports/supervision-repository.port.ts';

export interface FlagView {
  id: number;
  rule: string;
  ruleVersion: number;
  caseId: string;
  itemCode: string;
  department: string;
  regionCode: string;
  severity: string;
  message: string;
  params: unknown;
  evidenceSeqs: number[];
  source: string;
  detectedAt: string;
  status: string;
  statusAt: string;
  history: { from: string; to: string; by: string; role: string; note: string; at: string }[];
}

/** A flag is read and answered as the case it is about: its department and region. */
export const flagResource = (flag: Pick<FlagRecord, 'department' | 'regionCode'>): Resource => ({
  kind: 'case',
  departmentCode: flag.department,
  regionCode: flag.regionCode,
  ownerUscc: '',
});

export async function flagViews(supervision: SupervisionRepository, flags: readonly FlagRecord[]): Promise<FlagView[]> {
  const history = flags.length ? await supervision.transitionsOf(flags.map((f) => f.id)) : [];
  return flags.map((f) => ({
    id: f.id,
    rule: f.rule,
    ruleVersion: f.ruleVersion,
    caseId: f.caseId,
    itemCode: f.itemCode,
    department: f.department,
    regionCode: f.regionCode,
    severity: f.severity,
    message: f.message,
    params: f.params,
    evidenceSeqs: f.evidenceSeqs,
    source: f.source,
    detectedAt: f.detectedAt.toISOString(),
    status: f.status,
    statusAt: f.statusAt.toISOString(),
    history: history
      .filter((h) => h.flagId === f.id)
      .map((h) => ({
        from: h.fromStatus,
        to: h.toStatus,
        by: h.actorUserId,
        role: h.actorRole,
        note: h.note,
        at: h.at.toISOString(),
      })),
  }));
}
