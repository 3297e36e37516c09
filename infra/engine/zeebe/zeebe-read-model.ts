/**
 * Reads through the Camunda 8.8 Orchestration Cluster REST API (search endpoints, fed by the
 * cluster's secondary storage — eventually consistent, usually within a second) and maps its DTOs
 * onto the port's types. Keys stay strings end to end.
 */
import type { CamundaRestApiTypes, CamundaRestClient } from '@camunda8/sdk';
import type {
  ElementEvent,
  ElementHistoryEntry,
  Incident,
  Key,
  ProcessInstanceInfo,
  ProcessInstanceState,
  UserTask,
  UserTaskQuery,
  Variables,
} from '../port.ts';

/** The REST calls the adapter makes; tests pass a fake that records them. */
export type ZeebeRestClient = Pick<
  CamundaRestClient,
  | 'searchUserTasks'
  | 'getUserTask'
  | 'assignUserTask'
  | 'unassignUserTask'
  | 'completeUserTask'
  | 'searchUserTaskVariables'
  | 'searchIncidents'
  | 'searchProcessInstances'
  | 'searchElementInstances'
  | 'searchVariables'
  | 'getVariable'
  | 'searchProcessDefinitions'
  | 'getTopology'
>;

type RestUserTask = CamundaRestApiTypes.UserTask;
type RestIncident = CamundaRestApiTypes.IncidentDetails;
type RestElement = CamundaRestApiTypes.ElementInstanceDetails;

const PAGE = 100;
/** A guard against paging forever through a result that keeps growing. */
const MAX_ITEMS = 10_000;

/** Pages through a search until a short page. */
export async function searchAll<T>(
  search: (page: { from: number; limit: number }) => Promise<{ items: T[] }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let from = 0; from < MAX_ITEMS; from += PAGE) {
    const { items } = await search({ from, limit: PAGE });
    all.push(...items);
    if (items.length < PAGE) break;
  }
  return all;
}

/** Variable values arrive as JSON text, truncated when long: fetch the full value then. */
async function readVariables(
  rest: ZeebeRestClient,
  list: { variableKey: string; name: string; value: string; isTruncated: boolean }[],
): Promise<Variables> {
  const entries = await Promise.all(
    list.map(async (v) => {
      const text = v.isTruncated ? (await rest.getVariable({ variableKey: v.variableKey })).value : v.value;
      return [v.name, JSON.parse(text) as unknown] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export function userTaskFilter(query: UserTaskQuery): CamundaRestApiTypes.SearchTasksRequest {
  return {
    filter: {
      ...(query.assignee !== undefined ? { assignee: query.assignee } : {}),
      ...(query.candidateGroups?.length ? { candidateGroup: { $in: query.candidateGroups } } : {}),
      ...(query.candidateUser !== undefined ? { candidateUser: query.candidateUser } : {}),
      ...(query.processInstanceKey !== undefined ? { processInstanceKey: query.processInstanceKey } : {}),
      ...(query.state !== undefined ? { state: query.state } : {}),
      ...(query.elementId !== undefined ? { elementId: query.elementId } : {}),
    },
    sort: [{ field: 'creationDate', order: 'ASC' }],
    page: { from: 0, limit: query.limit ?? PAGE },
  };
}

export async function toUserTask(rest: ZeebeRestClient, task: RestUserTask): Promise<UserTask> {
  const variables = await readVariables(
    rest,
    await searchAll(async (page) => rest.searchUserTaskVariables({ userTaskKey: task.userTaskKey, page })),
  );
  return {
    key: task.userTaskKey,
    processInstanceKey: task.processInstanceKey,
    bpmnProcessId: task.processDefinitionId,
    elementId: task.elementId,
    elementInstanceKey: task.elementInstanceKey,
    name: task.name ?? null,
    assignee: task.assignee ?? null,
    candidateGroups: task.candidateGroups ?? [],
    candidateUsers: task.candidateUsers ?? [],
    dueDate: task.dueDate ?? null,
    followUpDate: task.followUpDate ?? null,
    // A linked Camunda form has a formKey; our diagrams name their form with an external reference.
    formKey: task.formKey ?? task.externalFormReference ?? null,
    customHeaders: task.customHeaders ?? {},
    // FAILED (a task listener failed) leaves the task open with an incident.
    state: task.state === 'FAILED' ? 'CREATED' : task.state,
    variables,
    createdAt: new Date(task.creationDate),
  };
}

export function toIncident(incident: RestIncident): Incident {
  return {
    key: incident.incidentKey,
    processInstanceKey: incident.processInstanceKey,
    elementInstanceKey: incident.elementInstanceKey,
    elementId: incident.elementId,
    jobKey: incident.jobKey || null,
    errorType: incident.errorType,
    errorMessage: incident.errorMessage,
    state: incident.state === 'RESOLVED' ? 'RESOLVED' : 'ACTIVE',
    createdAt: new Date(incident.creationTime),
  };
}

export async function readProcessInstance(
  rest: ZeebeRestClient,
  processInstanceKey: Key,
): Promise<ProcessInstanceInfo | null> {
  const { items } = await rest.searchProcessInstances({ filter: { processInstanceKey }, page: { from: 0, limit: 1 } });
  const instance = items[0];
  if (!instance) return null;
  const [variables, active] = await Promise.all([
    searchAll(async (page) =>
      rest.searchVariables({ filter: { processInstanceKey, scopeKey: processInstanceKey }, page }),
    ).then((list) => readVariables(rest, list)),
    searchAll(async (page) => rest.searchElementInstances({ filter: { processInstanceKey, state: 'ACTIVE' }, page })),
  ]);
  const state: ProcessInstanceState =
    instance.state === 'ACTIVE' || instance.state === 'COMPLETED' ? instance.state : 'TERMINATED';
  return {
    processInstanceKey: instance.processInstanceKey,
    processDefinitionKey: instance.processDefinitionKey,
    bpmnProcessId: instance.processDefinitionId,
    version: Number(instance.processDefinitionVersion),
    state,
    parentProcessInstanceKey: instance.parentProcessInstanceKey ?? null,
    variables,
    activeElementIds: active.filter((e) => e.type !== 'PROCESS').map((e) => e.elementId),
    createdAt: new Date(instance.startDate),
    endedAt: instance.endDate ? new Date(instance.endDate) : null,
  };
}

/**
 * Zeebe keeps element instances, not an event log: each yields ACTIVATED at its start and
 * COMPLETED/TERMINATED at its end; incidents add INCIDENT at their creation.
 */
export async function readElementHistory(
  rest: ZeebeRestClient,
  processInstanceKey: Key,
): Promise<ElementHistoryEntry[]> {
  const [elements, incidents] = await Promise.all([
    searchAll<RestElement>(async (page) =>
      rest.searchElementInstances({
        filter: { processInstanceKey },
        sort: [{ field: 'startDate', order: 'ASC' }],
        page,
      }),
    ),
    searchAll<RestIncident>(async (page) => rest.searchIncidents({ filter: { processInstanceKey }, page })),
  ]);
  const entries: ElementHistoryEntry[] = [];
  const entry = (e: RestElement, event: ElementEvent, at: string) =>
    entries.push({
      processInstanceKey,
      elementInstanceKey: e.elementInstanceKey,
      elementId: e.elementId,
      elementType: e.type,
      event,
      at: new Date(at),
    });
  const byKey = new Map(elements.map((e) => [e.elementInstanceKey, e]));
  for (const e of elements.filter((el) => el.type !== 'PROCESS')) {
    entry(e, 'ACTIVATED', e.startDate);
    if (e.state !== 'ACTIVE' && e.endDate) entry(e, e.state, e.endDate);
  }
  for (const incident of incidents) {
    entries.push({
      processInstanceKey,
      elementInstanceKey: incident.elementInstanceKey,
      elementId: incident.elementId,
      elementType: byKey.get(incident.elementInstanceKey)?.type ?? 'UNKNOWN',
      event: 'INCIDENT',
      at: new Date(incident.creationTime),
    });
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
