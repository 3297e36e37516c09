/**
 * The execution document of one process instance, stored as jsonb: element instances, variable
 * scopes, join tokens and the triggers (timers, message subscriptions) it owns. Plus the commands
 * that change it and the effects a change implies for the rows around it.
 */
import type { Variables } from '../api.ts';

export interface ElementInstance {
  key: string;
  /** BPMN element id (the process id for the root). */
  id: string;
  /** Flow scope: the element instance that contains this one; null for the process instance. */
  scope: string | null;
  /** Multi-instance body bookkeeping. */
  body?: { count: number; next: number; active: number; completed: number; items: unknown[] };
  /** Inner instance of a multi-instance body: its 0-based index. */
  inner?: number;
  job?: string;
  task?: string;
  child?: string;
  /** An operation that raised an incident and is retried when the incident is resolved. */
  pending?: { op: 'activate' | 'complete' | 'condition'; variables?: Variables; incident: string };
}

export type TriggerPurpose = 'catch' | 'boundary' | 'eventSub' | 'gateway';

export interface Trigger {
  kind: 'timer' | 'message';
  purpose: TriggerPurpose;
  /** The element instance whose end closes this trigger. */
  owner: string;
  /** The catching element: boundary event, event sub-process, catch event, receive task. */
  elementId: string;
  interrupting: boolean;
}

export interface InstanceDocument {
  processInstanceKey: string;
  bpmnProcessId: string;
  parent: { processInstanceKey: string; elementInstanceKey: string } | null;
  ended: 'COMPLETED' | 'TERMINATED' | null;
  vars: Record<string, Variables>;
  elems: Record<string, ElementInstance>;
  /** Join tokens: `${scopeKey}|${gatewayId}` → flow id → count. */
  joins: Record<string, Record<string, number>>;
  triggers: Record<string, Trigger>;
}

export type Command =
  | { c: 'start'; startElementId?: string; variables: Variables }
  | { c: 'job.complete'; elementInstanceKey: string; variables: Variables }
  | { c: 'job.error'; elementInstanceKey: string; errorCode: string; errorMessage: string; variables: Variables }
  | { c: 'task.complete'; elementInstanceKey: string; variables: Variables }
  | {
      c: 'trigger';
      triggerKey: string;
      variables: Variables;
      timer?: { repetitions: number; interval: string | null; dueAt: Date };
    }
  | { c: 'child.completed'; elementInstanceKey: string; variables: Variables }
  | {
      c: 'child.error';
      elementInstanceKey: string;
      errorCode: string;
      errorMessage: string;
      variables: Variables;
      origin: ErrorOrigin;
    }
  | { c: 'error.unhandled'; elementInstanceKey: string; errorCode: string; errorMessage: string }
  | { c: 'incident.resolve'; elementInstanceKey: string }
  | { c: 'cancel' };

export interface ErrorOrigin {
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
}

export type Effect =
  | {
      t: 'job.create';
      key: string;
      type: string;
      retries: number;
      headers: Record<string, string>;
      elementInstanceKey: string;
      elementId: string;
    }
  | { t: 'job.cancel'; key: string }
  | {
      t: 'task.create';
      key: string;
      elementInstanceKey: string;
      elementId: string;
      name: string | null;
      assignee: string | null;
      candidateGroups: string[];
      candidateUsers: string[];
      dueDate: string | null;
      followUpDate: string | null;
      formKey: string | null;
      headers: Record<string, string>;
    }
  | { t: 'task.cancel'; key: string }
  | {
      t: 'timer.create';
      key: string;
      elementInstanceKey: string;
      elementId: string;
      dueAt: Date;
      repetitions: number;
      interval: string | null;
    }
  | { t: 'timer.cancel'; key: string }
  | {
      t: 'sub.open';
      key: string;
      elementInstanceKey: string;
      elementId: string;
      messageName: string;
      correlationKey: string;
      interrupting: boolean;
    }
  | { t: 'sub.close'; key: string }
  | {
      t: 'incident.create';
      key: string;
      elementInstanceKey: string;
      elementId: string;
      errorType: string;
      errorMessage: string;
      jobKey: string | null;
    }
  | { t: 'incident.resolve'; key: string }
  | { t: 'child.create'; key: string; parentElementInstanceKey: string; bpmnProcessId: string; variables: Variables }
  | { t: 'child.cancel'; processInstanceKey: string }
  | { t: 'parent.completed'; processInstanceKey: string; elementInstanceKey: string; variables: Variables }
  | {
      t: 'parent.error';
      processInstanceKey: string;
      elementInstanceKey: string;
      errorCode: string;
      errorMessage: string;
      variables: Variables;
      origin: ErrorOrigin;
    }
  | { t: 'origin.unhandled'; origin: ErrorOrigin; errorCode: string; errorMessage: string };

export interface HistoryEntry {
  elementInstanceKey: string;
  elementId: string;
  elementType: string;
  event: 'ACTIVATED' | 'COMPLETED' | 'TERMINATED' | 'INCIDENT';
}

export function newDocument(
  processInstanceKey: string,
  bpmnProcessId: string,
  parent: InstanceDocument['parent'],
): InstanceDocument {
  return { processInstanceKey, bpmnProcessId, parent, ended: null, vars: {}, elems: {}, joins: {}, triggers: {} };
}
