/**
 * Use cases under test without HTTP and without an engine: the real store over the test database, and
 * a fake engine that records the commands a unit of work gives and answers user-task reads from a list
 * the test controls.
 */
import type { Database, Tx } from '../infra/db/client.ts';
import type { EnginePort, TxEngineCommands, UserTask, UserTaskQuery } from '../infra/engine/port.ts';
import { createStore } from '../infra/db/store.ts';
import { loadCatalog } from '../infra/db/catalog.repo.ts';
import { ManualClock } from '../infra/clock.ts';
import { ZHUHAI_CATALOG } from '../domain/catalog/zhuhai-catalog.data.ts';
import { indexCatalog } from '../domain/catalog/catalog-index.ts';
import { createCalendars } from '../domain/calendar/calendars.ts';
import type { Actor } from '../domain/access/roles.ts';

export type EngineCommand = { kind: 'createInstance' | 'publishMessage' | 'completeUserTask'; request: object };

/** A fake engine: commands recorded (and kept only when their transaction commits), user tasks from `tasks`. */
export function fakeEngine(database: Database) {
  const committed: EngineCommand[] = [];
  const tasks: UserTask[] = [];
  let instances = 0;
  const claims: { key: string; assignee: string | null }[] = [];
  const engine = {
    kind: 'embedded',
    async inTransaction<T>(fn: (tx: Tx, commands: TxEngineCommands) => Promise<T>): Promise<T> {
      const pending: EngineCommand[] = [];
      const commands: TxEngineCommands = {
        async createInstance(request) {
          pending.push({ kind: 'createInstance', request });
          instances += 1;
          return { processInstanceKey: String(2251799813685000 + instances) };
        },
        async publishMessage(request) {
          pending.push({ kind: 'publishMessage', request });
        },
        async completeUserTask(request) {
          pending.push({ kind: 'completeUserTask', request });
        },
      };
      const result = await database.db.transaction((tx) => fn(tx as Tx, commands));
      committed.push(...pending);
      return result;
    },
    async listUserTasks(query: UserTaskQuery) {
      return tasks
        .filter(
          (t) =>
            (!query.elementId || t.elementId === query.elementId) &&
            (!query.state || t.state === query.state) &&
            (!query.assignee || t.assignee === query.assignee) &&
            (!query.candidateGroups || t.candidateGroups.some((g) => query.candidateGroups!.includes(g))) &&
            (!query.processInstanceKey || t.processInstanceKey === query.processInstanceKey),
        )
        .slice(0, query.limit ?? 1000);
    },
    async getUserTask(key: string) {
      return tasks.find((t) => t.key === key) ?? null;
    },
    async claimUserTask(key: string, assignee: string) {
      claims.push({ key, assignee });
    },
    async unclaimUserTask(key: string) {
      claims.push({ key, assignee: null });
    },
  };
  return { engine: engine as unknown as EnginePort, committed, tasks, claims };
}

/** A user task as the engine lists it. */
export function userTask(
  key: string,
  elementId: string,
  variables: Record<string, unknown>,
  extra: Partial<UserTask> = {},
): UserTask {
  return {
    key,
    processInstanceKey: '1',
    bpmnProcessId: 'stage-application',
    elementId,
    elementInstanceKey: key,
    name: elementId,
    assignee: null,
    candidateGroups: ['ZH_ZJJ'],
    candidateUsers: [],
    dueDate: null,
    followUpDate: null,
    formKey: null,
    customHeaders: {},
    state: 'CREATED',
    variables,
    createdAt: new Date('2026-06-01T02:00:00Z'),
    ...extra,
  };
}

export async function appFixture(database: Database) {
  await loadCatalog(database.db, ZHUHAI_CATALOG);
  const fake = fakeEngine(database);
  const clock = new ManualClock(new Date('2026-06-01T01:00:00Z'));
  const calendars = createCalendars([]);
  const store = createStore({ database, calendars, engine: fake.engine });
  return {
    ...fake,
    clock,
    calendars,
    store,
    catalog: indexCatalog(ZHUHAI_CATALOG),
    catalogVersion: ZHUHAI_CATALOG.version,
  };
}

export function actor(roles: Actor['roles'], extra: Partial<Actor> = {}): Actor {
  return {
    userId: `u-${roles.join('-').toLowerCase()}`,
    username: `u-${roles.join('-').toLowerCase()}`,
    roles,
    permissions: [],
    departmentCode: 'ZH_ZJJ',
    regionCode: '440400',
    orgUscc: null,
    ...extra,
  };
}
