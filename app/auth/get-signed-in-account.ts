/** 当前账号 — the signed-in account (personal data masked). */
import type { Actor } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccountStore } from '../../domain/ports/account-store.port.ts';
import type { Clock } from '../../domain/ports/clock.port.ts';
import type { PiiCipher } from '../../domain/ports/pii-cipher.port.ts';
import { accountView, type AccountView } from '../accounts/account-view.ts';

export function createGetSignedInAccount(deps: { accounts: AccountStore; pii: PiiCipher; clock: Clock }) {
  return async function getSignedInAccount(actor: Actor): Promise<AccountView> {
    const user = await deps.accounts.read.byId(actor.userId);
    if (!user) throw new DomainError('USER_NOT_FOUND', '用户不存在', { field: 'authorization' });
    return accountView(user, deps.pii, deps.clock.now());
  };
}
