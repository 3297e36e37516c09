/**
 * The case view's read model (domain/ports/case-view.port.ts) in one statement.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from './client.ts';
import type { caseEvent, resultDocument, specialProcedure } from './schema.ts';
import type { ItemCaseRow } from './case-rows.repo.ts';
import { reviveClockEvents } from './legal-clock.repo.ts';
import type { CaseViewRows } from '../../domain/ports/case-view.port.ts';
import type { ClockKind } from '../../domain/clock/clock-event.ts';
import type { CaseEventType } from '../../domain/case/case-event.ts';

/**
 * Everything the case view reads, in one statement keyed by the case id alone: the case's stage
 * siblings (ordered by id, the case among them) with the application's lead department and the
 * project's owner and its events (by seq); the case's clocks, special procedures (by start) and results. One round trip and one statement instead of eight: at 500 req/s
 * the per-statement cost (driver, query building, backend) is what the case view spends its time on.
 * The JSON keys are the drizzle field names; timestamps come back as ISO strings and become Dates.
 */
export async function readCaseView(db: DbOrTx, caseId: string): Promise<CaseViewRows> {
  const result = await queryRows<Record<string, unknown>>(
    db,
    sql`
    with app as (select application_id from item_case where id = ${caseId})
    select
      (select coalesce(json_agg(json_build_object(
          'id', s.id, 'applicationId', s.application_id, 'projectCode', s.project_code, 'caseNumber', s.case_number, 'itemCode', s.item_code,
          'department', s.department, 'regionCode', s.region_code, 'stageNo', s.stage_no, 'catalogVersion', s.catalog_version, 'state', s.state,
          'decision', s.decision, 'acceptedAt', s.accepted_at, 'decidedAt', s.decided_at, 'lastSeq', s.last_seq, 'lastHash', s.last_hash,
          'lead', a.lead_department, 'owner', p.owner_uscc,
          -- a correlated subquery per sibling: an index scan on (aggregate_id, seq) whatever the statistics
          -- (PGlite never analyzes; an IN (…) over the stage planned a sequential scan of case_event there)
          'events', (select coalesce(json_agg(json_build_object(
            'aggregateId', e.aggregate_id, 'aggregate', e.aggregate, 'hash', e.hash, 'clientIp', e.client_ip, 'seq', e.seq, 'type', e.type, 'blzt', e.blzt, 'businessTime', e.business_time, 'recordedAt', e.recorded_at,
            'actorUserId', e.actor_user_id, 'actorRole', e.actor_role, 'actorDept', e.actor_dept, 'payload', e.payload) order by e.seq), '[]'::json)
            from case_event e where e.aggregate_id = s.id)) order by s.id), '[]'::json)
        from item_case s left join stage_application a on a.id = s.application_id left join project p on p.code = s.project_code
        where s.application_id = (select application_id from app)) as siblings,
      (select coalesce(json_agg(json_build_object('id', k.id, 'caseId', k.case_id, 'kind', k.kind, 'regionCode', k.region_code, 'department', k.department, 'events', k.events)), '[]'::json)
        from legal_clock k where k.case_id = ${caseId}) as clocks,
      (select coalesce(json_agg(json_build_object(
          'id', x.id, 'type', x.type, 'limit', x.limit_days, 'unit', x.unit, 'startedAt', x.started_at, 'deadline', x.deadline,
          'finishedAt', x.finished_at, 'result', x.result, 'note', x.note, 'processInstanceKey', x.process_instance_key) order by x.started_at), '[]'::json)
        from special_procedure x where x.case_id = ${caseId}) as procedures,
      (select coalesce(json_agg(json_build_object(
          'id', r.id, 'kind', r.kind, 'title', r.title, 'docNumber', r.doc_number, 'certificateId', r.certificate_id, 'fileHash', r.file_hash,
          'status', r.status, 'issuedAt', r.issued_at)), '[]'::json)
        from result_document r where r.case_id = ${caseId}) as results`,
  );
  const [raw] = result;
  const json = <T>(v: unknown): T[] => (typeof v === 'string' ? JSON.parse(v) : (v ?? [])) as T[];
  const date = (v: string | null): Date | null => (v === null ? null : new Date(v));
  type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null };
  type EventJson = Dated<typeof caseEvent.$inferSelect, 'businessTime' | 'recordedAt'>;
  const siblings = json<
    Dated<ItemCaseRow, 'acceptedAt' | 'decidedAt'> & { lead: string | null; owner: string | null; events: EventJson[] }
  >(raw?.siblings).map(({ lead, owner, events, ...c }) => ({
    row: { ...c, acceptedAt: date(c.acceptedAt), decidedAt: date(c.decidedAt) } as ItemCaseRow,
    lead,
    owner,
    events,
  }));
  const self = siblings.find((s) => s.row.id === caseId);
  return {
    found: self
      ? {
          row: self.row,
          siblings: siblings.map((s) => s.row),
          leadDepartmentCode: self.lead ?? '',
          ownerUscc: self.owner ?? '',
        }
      : null,
    clocks: json<{
      id: string;
      caseId: string;
      kind: ClockKind;
      regionCode: string;
      department: string;
      events: unknown[];
    }>(raw?.clocks).map((k) => ({
      id: k.id,
      caseId: k.caseId,
      kind: k.kind,
      regionCode: k.regionCode,
      department: k.department,
      events: reviveClockEvents(k.events),
    })),
    procedures: json<Dated<typeof specialProcedure.$inferSelect, 'startedAt' | 'deadline' | 'finishedAt'>>(
      raw?.procedures,
    ).map((x) => ({ ...x, startedAt: date(x.startedAt)!, deadline: date(x.deadline), finishedAt: date(x.finishedAt) })),
    results: json<Dated<typeof resultDocument.$inferSelect, 'issuedAt'>>(raw?.results).map((r) => ({
      ...r,
      issuedAt: date(r.issuedAt)!,
    })),
    stageEvents: siblings
      .flatMap((s) => json<EventJson>(s.events))
      .map((e) => ({
        aggregateId: e.aggregateId,
        aggregate: e.aggregate,
        type: e.type as CaseEventType,
        seq: e.seq,
        blzt: e.blzt,
        hash: e.hash,
        clientIp: e.clientIp,
        businessTime: date(e.businessTime)!,
        recordedAt: date(e.recordedAt)!,
        payload: e.payload,
        actor: { userId: e.actorUserId, role: e.actorRole, departmentCode: e.actorDept },
      })),
  };
}
