/** 注销 — ends the current session. */
import type { AccountStore } from '../../domain/ports/account-store.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';

export function createLogOut(deps: { accounts: AccountStore; clock: Clock }) {
  return async function logOut(sessionId: string): Promise<void> {
    await deps.accounts.read.revokeSession(sessionId, deps.clock.now(), 'logout');
  };
}
