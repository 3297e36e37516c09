/**
 * The user-task side of the Zeebe adapter, over the Orchestration Cluster REST API: search, get,
 * claim (assign), unclaim and complete.
 */
import type { EnginePort, Key, UserTask, UserTaskQuery, Variables } from '../port.ts';
import { EngineError } from '../port.ts';
import { call } from './zeebe-errors.ts';
import { toUserTask, userTaskFilter, type ZeebeRestClient } from './zeebe-read-model.ts';

export type ZeebeUserTasks = Pick<
  EnginePort,
  'listUserTasks' | 'getUserTask' | 'claimUserTask' | 'unclaimUserTask' | 'completeUserTask'
>;

export function createZeebeUserTasks(rest: ZeebeRestClient): ZeebeUserTasks {
  async function getUserTaskOrNull(userTaskKey: Key): Promise<UserTask | null> {
    try {
      return await toUserTask(rest, await call(`user task ${userTaskKey}`, () => rest.getUserTask(userTaskKey)));
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  return {
    async listUserTasks(query: UserTaskQuery): Promise<UserTask[]> {
      const { items } = await call('search user tasks', () => rest.searchUserTasks(userTaskFilter(query)));
      return Promise.all(items.map((task) => toUserTask(rest, task)));
    },

    getUserTask: getUserTaskOrNull,

    async claimUserTask(
      userTaskKey: Key,
      assignee: string,
      claimOptions: { allowOverride?: boolean } = {},
    ): Promise<void> {
      // Claiming again for the same assignee is a no-op (as on the embedded engine), not a conflict.
      const task = await call(`user task ${userTaskKey}`, () => rest.getUserTask(userTaskKey));
      if (task.state !== 'CREATED') throw new EngineError('INVALID_STATE', `user task ${userTaskKey} is ${task.state}`);
      if (task.assignee === assignee) return;
      await call(`claim user task ${userTaskKey}`, () =>
        rest.assignUserTask({
          userTaskKey,
          assignee,
          allowOverride: claimOptions.allowOverride ?? false,
          action: 'claim',
        }),
      );
    },

    async unclaimUserTask(userTaskKey: Key): Promise<void> {
      await call(`unclaim user task ${userTaskKey}`, () => rest.unassignUserTask({ userTaskKey }));
    },

    async completeUserTask(userTaskKey: Key, variables?: Variables): Promise<void> {
      await call(`complete user task ${userTaskKey}`, () =>
        rest.completeUserTask({ userTaskKey, variables: variables ?? {} }),
      );
    },
  };
}
